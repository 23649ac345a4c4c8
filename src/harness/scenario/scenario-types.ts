// The shape of a validated scenario (scenarios/<name>.toml after defaults and size parsing).

import type { DISK_BUSES } from '../qemu/disk-buses.ts';

/**
 * `sata`: an AHCI controller with `ide-hd` disks (the guest sees /dev/sdX with transport sata); the controller buses
 * (megasas, pvscsi, piix3-ide, usb-uas, sdhci…) are in qemu/disk-buses.ts.
 */
export type DiskBus = (typeof DISK_BUSES)[number];

export type PreseedStep =
  | { kind: 'gpt' }
  | { kind: 'mbr' }
  | { kind: 'ext4' }
  | { kind: 'btrfs-superblock-only' }
  | { kind: 'backup-gpt-only' }
  | { kind: 'random'; offsetBytes: number; bytes: number; seed: number }
  /** Zeros over a range: a quick wipe (`dd bs=1M count=1`) or a zeroed primary superblock. */
  | { kind: 'zero'; offsetBytes: number; bytes: number }
  | { kind: 'zos-partial' }
  /** Made by the host's own tools on the raw file (bcachefs by the guest root's, through its loader). */
  | { kind: 'swap' | 'xfs' | 'ntfs' | 'luks2' | 'bcachefs' | 'ext4-first-mib-zeroed' }
  /** Written byte for byte (the host has no md driver; LVM wants a block device): foreign-structures.ts. */
  | { kind: 'lvm2-pv' | 'md-1.2' | 'md-1.0' }
  /** An image file copied over the start of the disk: raw or qcow2, optionally compressed (.gz, .xz, .zst). */
  | { kind: 'image'; path: string; format: 'raw' | 'qcow2'; compression: 'gz' | 'xz' | 'zst' | null }
  /** A host command run against the scratch raw file; `{path}` in argv is replaced by the file's path. */
  | { kind: 'command'; argv: string[] };

export interface BlkdebugRule {
  /** blkdebug event name (`write_aio`, `pwritev`, `read_aio`…). */
  event: string;
  errno: number;
  /** Only requests touching this sector fail (all when null). */
  sector: number | null;
  once: boolean;
}

export interface ScenarioDisk {
  id: string;
  bus: DiskBus;
  /** Which instance of a controller bus the disk sits on (disks naming the same one share it); null: the bus's one. */
  controller: string | null;
  sizeBytes: number;
  serial: string;
  /**
   * NVMe only: disks naming the same controller are its namespaces (nsid 1, 2, … in scenario order) and
   * share its serial, the first namespace's; null gives the disk a controller of its own.
   */
  nvmeController: string | null;
  /** The namespace id on `nvmeController`; null without one. */
  nvmeNamespaceId: number | null;
  /**
   * The world-wide id the guest's sysfs shows (`uuid.<uuid>` of a namespace on a named controller), which
   * tells apart namespaces that share a serial; null when the disk is known by its serial alone.
   */
  wwid: string | null;
  /** SCSI only: 1 = non-rotational, 7200 = rotational. */
  rotationRate: number | null;
  /** USB only (usb-storage removable=on). */
  removable: boolean;
  /** Bytes per logical block the guest sees (4096: a 4Kn disk); null keeps QEMU's 512. */
  logicalBlockSize: number | null;
  /** Bytes per physical block (4096 with a 512 logical block: 512e); null keeps QEMU's default. */
  physicalBlockSize: number | null;
  preseed: PreseedStep[];
  blkdebug: BlkdebugRule[] | null;
}

export type ScenarioConfig =
  { kind: 'none' } | { kind: 'file'; path: string } | { kind: 'inline'; value: Record<string, unknown> };

/** A console pattern: a plain substring, or a regular expression written `/…/`. */
export interface ConsolePattern {
  source: string;
  test(line: string): boolean;
}

/** `powered_off`: the runner cut the power when the boot's `power_off_at` pattern appeared (SIGKILL to QEMU). */
export type ExpectedVerdict = 'provisioned' | 'already_provisioned' | 'refused' | 'powered_off';

export interface ExpectedPartition {
  name: string | null;
  /** Type GUID, lower case (type codes like EF00 are resolved when loading). */
  typeGuid: string | null;
  sizeMiB: number | null;
  /** `none` means blkid must find nothing. */
  fs: 'vfat' | 'btrfs' | 'bcachefs' | 'none' | null;
  fsVersion: string | null;
  label: string | null;
}

export interface DiskExpectation {
  /** Byte-for-byte identical guest-visible content to before this boot. */
  unchanged: boolean;
  /** When set: exactly these partitions, in this order. */
  partitions: ExpectedPartition[] | null;
  /** Every partition starts and ends on a 1 MiB boundary. */
  alignedMiB: boolean;
  /** GPT healthy (primary and backup, CRCs valid). Defaults to true when partitions are expected. */
  gptValid: boolean;
  /** The guest report's path, transport and rotational flag of this disk (found by its serial or wwid), when set. */
  device: string | null;
  transport: string | null;
  rotational: boolean | null;
}

export interface FilesystemExpectation {
  type: 'btrfs' | 'bcachefs';
  label: string;
  /** Number of member devices. */
  devices: number | null;
  /** Disk ids whose partitions are the members. */
  disks: string[] | null;
  dataProfile: string | null;
  metadataProfile: string | null;
  replicas: number | null;
  foregroundTarget: string | null;
  backgroundTarget: string | null;
  promoteTarget: string | null;
}

export interface BootExpectation {
  verdict: ExpectedVerdict;
  /** Cut the power (SIGKILL to QEMU) when a console line matches; set exactly for verdict `powered_off`. */
  powerOffAt: ConsolePattern | null;
  exitCode: number;
  /** Report `error.code` for refusals, when given. */
  errorCode: string | null;
  topology: string | null;
  kernelArgs: string[];
  markers: ConsolePattern[];
  forbidden: ConsolePattern[];
  /** Console dumps (zostest.dump) and patterns each must contain, by guest path. */
  dumps: Record<string, ConsolePattern[]>;
  disks: Record<string, DiskExpectation>;
  /** When set, the data filesystems found (btrfs, bcachefs) must be exactly these. */
  filesystems: FilesystemExpectation[] | null;
  /** GPTs (disk and partition GUIDs, extents) and filesystem UUIDs identical to the previous boot's. */
  sameLayoutAsPreviousBoot: boolean;
  /** Compare the guest report with the host inspection (UUIDs, labels, members, partition GUIDs). */
  crossCheckReport: boolean;
  /** Pre-seed steps applied to these disks' images (by id) before the boot, after the previous one. */
  before: Record<string, PreseedStep[]>;
  /**
   * Every cluster the boot wrote (qemu-img map, before and after) lies inside the ranges the guest's report says it
   * read before writing (`checked_before_write`): the provisioner's write-set rules against the real tools and kernel.
   */
  writesChecked: boolean;
  /** The disk ids this boot attaches, in order; null: every disk in scenario order. */
  attach: string[] | null;
}

export interface Scenario {
  name: string;
  /** Absolute path of the TOML file. */
  file: string;
  description: string;
  disks: ScenarioDisk[];
  config: ScenarioConfig;
  /** Where the guest finds the config (`config_path`; default /etc/zosstorage/scenario.yaml), passed quoted. */
  configPath: string;
  kernelArgs: string[];
  dump: string[];
  timeoutSeconds: number;
  /** Seconds after QEMU starts within which `ZOSTEST:INIT` must appear (TCG-scaled by the runner). */
  initTimeoutSeconds: number;
  memoryMiB: number;
  boots: BootExpectation[];
}
