// What a zos data filesystem says about its own members, read from the member's superblock: how many devices the
// filesystem has, which one this is, which others it knows of, and how many it can lose. The filesystems define
// the layout, not the disks present (docs/provisioner.md "A node's disks change").
import type { ByteReader } from './open-device-reader.ts';

/** One member as the filesystem's metadata names it. */
export interface KnownMember {
  /** btrfs devid, or bcachefs member index. */
  id: number;
  /** btrfs dev_item UUID (UUID_SUB), or bcachefs member UUID. */
  uuid: string | null;
}

export interface FilesystemMembership {
  type: 'btrfs' | 'bcachefs';
  /** The devices the filesystem has (btrfs num_devices, bcachefs nr_devices). */
  devices: number;
  /** This member's id (btrfs devid, bcachefs dev_idx). */
  self: number;
  /**
   * Members the metadata names (btrfs: those of the system chunk's stripes; bcachefs: every member), so a missing
   * one can be named.
   */
  known: KnownMember[];
  /** How many members it can lose and still have every block (btrfs: the system chunk's profile; bcachefs: replicas − 1). */
  tolerance: number;
  /** bcachefs: its members carry disk labels (a disk_groups field); the planner labels only cached layouts. */
  labelled: boolean;
}

const u8 = (bytes: Buffer, at: number): number => bytes[at] ?? 0;
const u16 = (bytes: Buffer, at: number): number => (bytes.length >= at + 2 ? bytes.readUInt16LE(at) : 0);
const u32 = (bytes: Buffer, at: number): number => (bytes.length >= at + 4 ? bytes.readUInt32LE(at) : 0);
const u64 = (bytes: Buffer, at: number): number => {
  if (bytes.length < at + 8) return 0;
  const value = bytes.readBigUInt64LE(at);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
};
const guid = (bytes: Buffer, at: number): string | null =>
  bytes.length >= at + 16 && bytes.subarray(at, at + 16).some((b) => b !== 0)
    ? rfcUuid(bytes.subarray(at, at + 16))
    : null;

/** A UUID stored in byte order (btrfs, bcachefs), as text. */
function rfcUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** btrfs block group profile bits → members it can lose. */
const BTRFS_TOLERANCE: { bit: number; lose: number }[] = [
  { bit: 1 << 4, lose: 1 }, // RAID1
  { bit: 1 << 6, lose: 1 }, // RAID10
  { bit: 1 << 7, lose: 1 }, // RAID5
  { bit: 1 << 8, lose: 2 }, // RAID6
  { bit: 1 << 9, lose: 2 }, // RAID1C3
  { bit: 1 << 10, lose: 3 }, // RAID1C4
];

/** A btrfs member's superblock (at 64 KiB of the partition). */
export function parseBtrfsMembership(sb: Buffer): FilesystemMembership | null {
  if (sb.toString('latin1', 0x40, 0x48) !== '_BHRfS_M') return null;
  const devices = u64(sb, 0x88);
  const self = u64(sb, 0xc9);
  const known = new Map<number, KnownMember>([[self, { id: self, uuid: guid(sb, 0xc9 + 66) }]]);
  // sys_chunk_array: (disk key, chunk) pairs; each chunk's stripes name a devid and its device UUID.
  const arraySize = Math.min(u32(sb, 0xa0), 2048);
  let tolerance = 0;
  let at = 0x32b;
  const end = at + arraySize;
  while (at + 17 + 48 <= end && at + 17 + 48 <= sb.length) {
    const chunk = at + 17;
    const type = u64(sb, chunk + 24);
    const stripes = u16(sb, chunk + 44);
    tolerance = Math.max(
      tolerance,
      ...BTRFS_TOLERANCE.filter(({ bit }) => type & bit).map(({ lose }) => lose),
      0,
    );
    for (let stripe = 0; stripe < stripes; stripe += 1) {
      const base = chunk + 48 + stripe * 32;
      const devid = u64(sb, base);
      if (devid > 0 && !known.has(devid)) known.set(devid, { id: devid, uuid: guid(sb, base + 16) });
    }
    at = chunk + 48 + stripes * 32;
  }
  if (devices < 1 || self < 1) return null;
  return {
    type: 'btrfs',
    devices,
    self,
    known: [...known.values()].sort((a, b) => a.id - b.id),
    tolerance,
    labelled: false,
  };
}

/** bcachefs superblock field types (bcachefs_format.h): disk groups (labels), the v2 member list. */
const BCH_SB_FIELD_DISK_GROUPS = 5;
const BCH_SB_FIELD_MEMBERS_V2 = 11;
/** Where the fields start: after the fixed superblock (flags, features, compat) and its 512-byte layout. */
const BCH_SB_FIELDS_OFFSET = 752;

/** A bcachefs member's superblock (at 4 KiB of the partition; up to its u64s). */
export function parseBcachefsMembership(sb: Buffer): FilesystemMembership | null {
  const magic = Buffer.from('c68573f666ce90a9d96a60cf803df7ef', 'hex');
  if (!sb.subarray(24, 40).equals(magic)) return null;
  const devices = u8(sb, 123);
  const self = u8(sb, 122);
  // flags[0] (at 144): metadata replicas wanted in bits 48–51, data replicas in 52–55.
  const flags = sb.length >= 152 ? sb.readBigUInt64LE(144) : 0n;
  const metadataReplicas = Number((flags >> 48n) & 0xfn) || 1;
  const dataReplicas = Number((flags >> 52n) & 0xfn) || 1;
  const known: KnownMember[] = [];
  let labelled = false;
  const fieldsEnd = Math.min(sb.length, BCH_SB_FIELDS_OFFSET + u32(sb, 124) * 8);
  for (let at = BCH_SB_FIELDS_OFFSET; at + 8 <= fieldsEnd;) {
    const size = u32(sb, at) * 8;
    if (size < 8) break;
    if (u32(sb, at + 4) === BCH_SB_FIELD_DISK_GROUPS && size > 8) labelled = true;
    if (u32(sb, at + 4) === BCH_SB_FIELD_MEMBERS_V2) {
      // members_v2: u16 member_bytes, pad, then one member_bytes-long entry per member, each starting with its UUID.
      const memberBytes = u16(sb, at + 8);
      for (let index = 0; memberBytes >= 16 && at + 16 + (index + 1) * memberBytes <= at + size; index += 1) {
        const uuid = guid(sb, at + 16 + index * memberBytes);
        if (uuid !== null) known.push({ id: index, uuid });
      }
    }
    at += size;
  }
  if (devices < 1) return null;
  return {
    type: 'bcachefs',
    devices,
    self,
    known,
    tolerance: Math.min(metadataReplicas, dataReplicas) - 1,
    labelled,
  };
}

/** Reads the membership of the filesystem at a partition (`startBytes`), by its blkid type; null for any other. */
export async function readFilesystemMembership(
  read: ByteReader,
  startBytes: number,
  fsType: string | null,
): Promise<FilesystemMembership | null> {
  if (fsType === 'btrfs') return parseBtrfsMembership(await read(startBytes + 64 * 1024, 4096));
  if (fsType === 'bcachefs') return parseBcachefsMembership(await read(startBytes + 4096, 64 * 1024));
  return null;
}
