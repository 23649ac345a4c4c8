// Shared data shapes of the provisioner pipeline: devices, resolved config, plan, report.
import type { ZOS_LABELS, ZOS_PARTITIONS } from './layout/zos-layout.ts';

/** `sata` is any ATA disk (AHCI, or IDE through ata_piix); `scsi` any SCSI, SAS or RAID controller's disk. */
export type Transport = 'virtio' | 'nvme' | 'scsi' | 'sata' | 'usb' | 'mmc' | 'xen' | 'unknown';

/** A block device that passed discovery rules (a candidate target). */
export interface Device {
  /** Kernel name, e.g. `vda`, `nvme0n1`. */
  name: string;
  /** Device node, e.g. `/dev/vda` (under the dev root given to discovery). */
  path: string;
  sizeBytes: number;
  logicalSectorSize: number;
  physicalSectorSize: number;
  rotational: boolean;
  removable: boolean;
  transport: Transport;
  model: string | null;
  serial: string | null;
  /** World-wide id from sysfs (one per NVMe namespace; namespaces of one controller share the serial). */
  wwid: string | null;
}

export type { TopologyMode, TopologyName } from './layout/topologies.ts';
import type { TopologyMode, TopologyName } from './layout/topologies.ts';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogFormat = 'text' | 'json';

/**
 * The fully resolved configuration (defaults < file < CLI < kernel cmdline). The option table
 * (config/options.ts) is checked against it when compiling: every leaf has a setting, every setting's path and
 * default fit a leaf (config/config-paths.ts).
 */
export interface Config {
  version: 1;
  device_selection: {
    /** Shell-style globs on the kernel name (`sd*`, `nvme*n*`, `vd*`). */
    include_patterns: string[];
    exclude_patterns: string[];
    allow_removable: boolean;
    min_size_gib: number;
  };
  safety: {
    /** Refuse unless the first and last MiB read as zeros. */
    require_zeroed_edges: boolean;
    /** Emptiness scan: 4 KiB samples spread over a disk without signatures; 0 = off. */
    scan_samples: number;
    /** On a disk without a partition table, look for the partitions of a removed one (find-former-partitions.ts). */
    former_partitions: boolean;
  };
  topology: {
    mode: TopologyMode;
    /** Explicit roles for bcachefs_cached, by device path, serial or wwid. */
    roles: { cache: string[]; backing: string[] };
  };
  boot: {
    bios_boot: { enabled: boolean; size_mib: number };
    esp: { size_mib: number };
  };
  filesystem: {
    btrfs: {
      compression: string | null;
      data_profile: 'raid1' | 'raid1c3' | 'raid10' | 'single' | 'dup';
      metadata_profile: 'raid1' | 'raid1c3' | 'raid10' | 'single' | 'dup';
      mkfs_extra_args: string[];
    };
    bcachefs: {
      compression: string | null;
      /** Replicas for bcachefs_raid1, and for bcachefs_cached with 2+ backing devices. */
      replicas: number;
      mkfs_extra_args: string[];
    };
  };
  mount: {
    enabled: boolean;
    /**
     * `per_uuid` mounts at `<base_dir>/<uuid>`; `explicit` uses `paths` in filesystem order; `zos` mounts at
     * `/var/mounts/<uuid>` with the subvolumes system, etc, modules, vm-meta at `/var/cache/<name>`.
     */
    scheme: 'per_uuid' | 'explicit' | 'zos';
    base_dir: string;
    paths: string[];
    subvolumes: string[];
    options: string[];
  };
  fstab: {
    enabled: boolean;
    path: string;
  };
  report: { path: string };
  logging: { level: LogLevel; format: LogFormat; file: string | null };
}

export type DiskRole = 'data' | 'cache' | 'backing';

export interface PlannedPartition {
  number: number;
  name: (typeof ZOS_PARTITIONS)[keyof typeof ZOS_PARTITIONS]['name'];
  /** GPT type code, sgdisk's short names (EF02, EF00, 8300); `typeGuid` is what goes on disk. */
  typeCode: 'EF02' | 'EF00' | '8300';
  typeGuid: string;
  /** Unique partition GUID, generated at plan time so commands are deterministic data. */
  guid: string;
  startMiB: number;
  /** null means "to the end of the disk, 1 MiB aligned". */
  sizeMiB: number | null;
  /** Path of the partition device node (e.g. /dev/vda3, /dev/nvme0n1p3). */
  path: string;
}

export interface PlannedDisk {
  device: Device;
  role: DiskRole;
  diskGuid: string;
  partitions: PlannedPartition[];
}

/** mkfs.vfat: the volume id derived from a GUID (`deriveVfatId`). */
export interface VfatOptions {
  volume_id: string;
}

export interface BtrfsOptions {
  /** raid1 topologies only; single-disk filesystems keep mkfs.btrfs defaults. */
  data_profile?: Config['filesystem']['btrfs']['data_profile'];
  metadata_profile?: Config['filesystem']['btrfs']['metadata_profile'];
  /** A mount option (`compress=`), not a mkfs one. */
  compression?: string;
  mkfs_extra_args: string[];
}

export interface BcachefsOptions {
  replicas?: number;
  compression?: string;
  /** One `--label=<group>.<name>` per member, in member order (cached topologies). */
  device_labels?: string[];
  foreground_target?: string;
  promote_target?: string;
  background_target?: string;
  mkfs_extra_args: string[];
}

interface PlannedFilesystemBase {
  label: (typeof ZOS_LABELS)[keyof typeof ZOS_LABELS];
  /** Filesystem UUID chosen at plan time (passed to mkfs) so mounts and fstab are known up front. */
  uuid: string;
  /** Partition device paths, in order. */
  members: string[];
  mountpoint: string | null;
}

/** A filesystem to make, its mkfs options typed by kind. */
export type PlannedFilesystem =
  | (PlannedFilesystemBase & { kind: 'vfat'; options: VfatOptions })
  | (PlannedFilesystemBase & { kind: 'btrfs'; options: BtrfsOptions })
  | (PlannedFilesystemBase & { kind: 'bcachefs'; options: BcachefsOptions });

export interface Plan {
  topology: TopologyName;
  disks: PlannedDisk[];
  filesystems: PlannedFilesystem[];
  fstab: { path: string; entries: string[] } | null;
}

/** `unprovisioned`: --report-current or --mount-existing found no zos layout on the eligible disks. */
export type ReportStatus = 'provisioned' | 'already_provisioned' | 'unprovisioned' | 'failed';

/** A partition as the state report describes it (planned or found on disk). */
export interface ReportPartition {
  number: number;
  name: string;
  /** GPT type GUID, lower case. */
  typeGuid: string;
  /** Unique partition GUID, lower case. */
  guid: string;
  startBytes: number;
  sizeBytes: number;
  path: string;
}

export interface ReportDisk {
  path: string;
  serial: string | null;
  wwid: string | null;
  sizeBytes: number;
  rotational: boolean;
  transport: Transport;
  role: DiskRole;
  diskGuid: string;
  partitions: ReportPartition[];
}

export interface ReportFilesystem {
  type: 'vfat' | 'btrfs' | 'bcachefs';
  label: string;
  uuid: string;
  /** Partition device paths. */
  members: string[];
  mountpoint: string | null;
  /** Set for a bcachefs this run formatted: the kernel initialised it on the apply step's first mount. */
  initializedBy?: 'first_mount';
  /**
   * What its own metadata says of its members (found layouts only): `complete`, or `degraded` with `missing`
   * members (mounted with `degraded`); `devices` is how many it has.
   */
  state?: 'complete' | 'degraded';
  devices?: number;
  /** The missing members, as the metadata names them (`devid 2 (UUID …)`). */
  missing?: string[];
}

/** What the disks carry (or will carry once the plan is applied), in report terms. */
export interface Layout {
  topology: TopologyName;
  disks: ReportDisk[];
  filesystems: ReportFilesystem[];
  /** Disks of a provisioned node that are not part of its layout (added since): left untouched. */
  otherDisks?: OtherDisk[];
}

/** A disk next to a provisioned layout that is none of its members: new and empty, or holding something else. */
export interface OtherDisk {
  path: string;
  serial: string | null;
  wwid: string | null;
  sizeBytes: number;
  /** `unprovisioned`: empty, never written by zosstorage; `refused`: holds data or a foreign layout. */
  state: 'unprovisioned' | 'refused';
  /** What was found on a refused one (the first piece of evidence). */
  reason: string | null;
}
