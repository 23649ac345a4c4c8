// What the host found on a scenario's disks after a boot (written to inspection.json).

export interface ProbeResult {
  /** blkid TYPE (vfat, btrfs, bcachefs, ext4…), null when blkid found nothing. */
  type: string | null;
  label: string | null;
  uuid: string | null;
  /** blkid VERSION (FAT32 for a FAT32 ESP). */
  version: string | null;
  /** Every key blkid printed. */
  raw: Record<string, string>;
}

export interface CheckResult {
  tool: string;
  ok: boolean;
  /** Why the check was skipped, when it was. */
  skipped: string | null;
  output: string;
}

export interface PartitionInspection {
  number: number;
  name: string;
  typeGuid: string;
  guid: string;
  startBytes: number;
  sizeBytes: number;
  probe: ProbeResult | null;
  check: CheckResult | null;
}

export interface DiskInspection {
  id: string;
  image: string;
  sizeBytes: number;
  /** Null when neither GPT header was found. */
  gpt: { diskGuid: string; primaryValid: boolean; backupValid: boolean; problems: string[] } | null;
  partitions: PartitionInspection[];
  /** blkid on the whole disk (a filesystem without partition table, e.g. ext4 on the whole disk). */
  wholeDiskProbe: ProbeResult | null;
}

export interface FilesystemMember {
  diskId: string;
  partition: number;
}

export interface FilesystemInspection {
  type: 'btrfs' | 'bcachefs';
  uuid: string;
  label: string | null;
  /** Partitions found carrying this filesystem. */
  members: FilesystemMember[];
  /** Devices the superblock says the filesystem has. */
  numDevices: number | null;
  dataProfile: string | null;
  metadataProfile: string | null;
  dataReplicas: number | null;
  metadataReplicas: number | null;
  targets: { foreground: string | null; background: string | null; promote: string | null };
  /** bcachefs: false when it was formatted with --no_initialize and never mounted; null when unknown or btrfs. */
  initialized: boolean | null;
  check: CheckResult | null;
}

export interface Inspection {
  boot: number;
  disks: DiskInspection[];
  filesystems: FilesystemInspection[];
  /** Per disk id: byte-for-byte comparison with the snapshot taken before this boot (only for disks expected unchanged). */
  unchanged: Record<string, { identical: boolean; difference: string | null }>;
  /** Problems that kept the inspection from seeing something (missing tool…), not expectation failures. */
  notes: string[];
  /** Per disk id, the guest-visible ranges this boot wrote (allocated clusters it added); only with writes_checked. */
  written?: Record<string, { offset: number; length: number }[]>;
}
