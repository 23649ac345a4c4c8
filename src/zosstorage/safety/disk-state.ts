// What the safety check concludes about each target disk: empty, carrying our layout, or not empty.
import type { Device, ReportPartition } from '../types.ts';
import type { FilesystemMembership } from './read-filesystem-members.ts';

/** One finding that makes a disk not empty, naming the signature and where it sits. */
export interface Evidence {
  /** Stable machine-readable kind, e.g. `gpt-primary`, `btrfs`, `holder`, `mounted`, `non-zero-head`. */
  kind: string;
  /** A sentence fragment for the error message: `btrfs superblock magic "_BHRfS_M" at offset 65600`. */
  description: string;
  /** Byte offset on the disk where the signature sits, or null for findings without one (holders, mounts). */
  offset: number | null;
  /** The recognised format (`ext4`, `XFS`, `GPT`), when a structure was recognised rather than only data. */
  format?: string;
  /** Which copy of the format's structure (`backup superblock (group 1, 4 KiB blocks)`). */
  copy?: string;
  /**
   * Where the structure's container starts when that is not the disk itself: a partition of a table, or where a
   * partition of a removed table started (63 sectors, 1 MiB, a removed entry, a likely start, a previous one's end).
   */
  containerStart?: number;
}

/** A partition of a disk that carries the zos GPT layout (report fields), with what blkid found in it. */
export interface FoundPartition extends ReportPartition {
  /** blkid TYPE (`vfat`, `btrfs`, `bcachefs`), or null when no filesystem was found. */
  fsType: string | null;
  /** blkid LABEL. */
  label: string | null;
  /** blkid UUID: the filesystem UUID, shared by every member of a multi-device filesystem. */
  uuid: string | null;
  /** blkid UUID_SUB: the member's own UUID in a multi-device btrfs or bcachefs. */
  uuidSub: string | null;
  /** Why the filesystem probe was inconclusive (several signatures), else null. */
  probeProblem: string | null;
  /** Where the partition is mounted right now (from the mounts file). */
  mountpoints: string[];
  /** A btrfs or bcachefs member's view of its filesystem's members (read-filesystem-members.ts), else null. */
  membership: FilesystemMembership | null;
}

/** A disk whose GPT is the zos layout (whether or not its filesystems exist yet). */
export interface FoundDisk {
  /** Disk GUID, lower case. */
  diskGuid: string;
  sectorSize: number;
  /** Partitions in table order. */
  partitions: FoundPartition[];
}

/** Where one disk's inspection spent its time (milliseconds; the bench and the SAFE/REFUSED markers show it). */
export interface InspectTiming {
  /** Our own reads: partition tables and every format copy. */
  probesMs: number;
  /** blkid -p and wipefs -n. */
  toolsMs: number;
  /** The zero-edges check and the emptiness scan (0 when off or not reached). */
  scanMs: number;
}

export type DiskState = (
  | { device: Device; state: 'empty' }
  | { device: Device; state: 'zos'; found: FoundDisk }
  | { device: Device; state: 'not_empty'; evidence: Evidence[] }
) & { timing?: InspectTiming };
