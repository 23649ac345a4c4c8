// Finds filesystem, RAID, LVM, swap and crypto signatures at their known offsets by reading the disk.
import type { Evidence } from './disk-state.ts';
import { formatOffset } from './format-offset.ts';
import type { ByteReader } from './open-device-reader.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

/** bcachefs superblock magic (BCHFS_MAGIC, c68573f6-66ce-90a9-d96a-60cf803df7ef) in on-disk order. */
const BCHFS_MAGIC = Buffer.from('c68573f666ce90a9d96a60cf803df7ef', 'hex');
/** bcache and early bcachefs magic (BCACHE_MAGIC, c68573f6-4e1a-45ca-8265-f57f48ba6d81). */
const BCACHE_MAGIC = Buffer.from('c68573f64e1a45ca8265f57f48ba6d81', 'hex');
/** Linux md superblock magic 0xa92b4efc, little endian (0.90 on x86 and every 1.x). */
const MD_MAGIC = Buffer.from('fc4e2ba9', 'hex');

interface SignatureProbe {
  kind: string;
  /** What the magic is, for the message: `btrfs superblock magic "_BHRfS_M"`. */
  what: string;
  magic: Buffer;
  /** Byte offsets of the magic on a disk of the given size (offsets past the end are skipped). */
  offsets(sizeBytes: number): number[];
}

const text = (value: string): Buffer => Buffer.from(value, 'latin1');

/** Every signature the safety check reads for itself; blkid and wipefs add their own probes. */
export const SIGNATURE_PROBES: readonly SignatureProbe[] = [
  {
    kind: 'btrfs',
    what: 'btrfs superblock magic "_BHRfS_M"',
    magic: text('_BHRfS_M'),
    offsets: () => [64 * KiB + 0x40],
  },
  {
    kind: 'btrfs',
    what: 'btrfs superblock mirror magic "_BHRfS_M"',
    magic: text('_BHRfS_M'),
    offsets: () => [64 * MiB + 0x40, 256 * 1024 * MiB + 0x40],
  },
  {
    kind: 'ext',
    what: 'ext2/3/4 superblock magic 0xEF53',
    magic: Buffer.from([0x53, 0xef]),
    offsets: () => [1080],
  },
  { kind: 'bcachefs', what: 'bcachefs superblock magic', magic: BCHFS_MAGIC, offsets: () => [4096 + 24] },
  { kind: 'bcachefs', what: 'bcachefs superblock layout magic', magic: BCHFS_MAGIC, offsets: () => [3584] },
  {
    kind: 'bcache',
    what: 'bcache/bcachefs superblock magic (BCACHE_MAGIC)',
    magic: BCACHE_MAGIC,
    offsets: () => [4096 + 24, 3584],
  },
  { kind: 'xfs', what: 'XFS superblock magic "XFSB"', magic: text('XFSB'), offsets: () => [0] },
  {
    kind: 'lvm2',
    what: 'LVM2 physical volume label "LABELONE"',
    magic: text('LABELONE'),
    offsets: () => [0, 512, 1024, 1536],
  },
  {
    kind: 'mdraid',
    what: 'Linux RAID (md 0.90) superblock magic 0xa92b4efc',
    magic: MD_MAGIC,
    offsets: (size) => (size >= 128 * KiB ? [Math.floor(size / (64 * KiB)) * 64 * KiB - 64 * KiB] : []),
  },
  {
    kind: 'mdraid',
    what: 'Linux RAID (md 1.x) superblock magic 0xa92b4efc',
    magic: MD_MAGIC,
    // 1.1 at the start, 1.2 at 4 KiB, 1.0 at least 8 KiB before the end on a 4 KiB boundary.
    offsets: (size) => [0, 4096, ...(size >= 16 * KiB ? [Math.floor((size / 512 - 16) / 8) * 8 * 512] : [])],
  },
  {
    kind: 'swap',
    what: 'swap signature "SWAPSPACE2"',
    magic: text('SWAPSPACE2'),
    offsets: () => [4096, 8192, 16384, 65536].map((page) => page - 10),
  },
  {
    kind: 'swap',
    what: 'old swap signature "SWAP-SPACE"',
    magic: text('SWAP-SPACE'),
    offsets: () => [4096, 8192, 16384, 65536].map((page) => page - 10),
  },
  {
    kind: 'luks',
    what: 'LUKS header magic "LUKS\\xba\\xbe"',
    magic: Buffer.from('4c554b53babe', 'hex'),
    offsets: () => [0],
  },
  { kind: 'vfat', what: 'FAT12/16 boot sector "FAT1"', magic: text('FAT1'), offsets: () => [54] },
  { kind: 'vfat', what: 'FAT32 boot sector "FAT32   "', magic: text('FAT32   '), offsets: () => [82] },
  { kind: 'ntfs', what: 'NTFS boot sector "NTFS    "', magic: text('NTFS    '), offsets: () => [3] },
  { kind: 'exfat', what: 'exFAT boot sector "EXFAT   "', magic: text('EXFAT   '), offsets: () => [3] },
  {
    kind: 'iso9660',
    what: 'ISO 9660 volume descriptor "CD001"',
    magic: text('CD001'),
    offsets: () => [32769],
  },
];

/** Reads every offset of every probe and reports each magic found, with its offset. */
export async function probeSuperblocks(read: ByteReader, sizeBytes: number): Promise<Evidence[]> {
  const evidence: Evidence[] = [];
  for (const probe of SIGNATURE_PROBES) {
    for (const offset of probe.offsets(sizeBytes)) {
      if (offset < 0 || offset + probe.magic.length > sizeBytes) continue;
      const bytes = await read(offset, probe.magic.length);
      if (bytes.equals(probe.magic)) {
        evidence.push({
          kind: probe.kind,
          description: `${probe.what} at offset ${formatOffset(offset)}`,
          offset,
        });
      }
    }
  }
  return evidence;
}
