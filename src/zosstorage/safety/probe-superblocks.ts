// Finds filesystem, RAID, volume-manager, swap and crypto structures by reading the disk: every copy a
// format keeps (primary, backups, mirrors, end labels), each with bounded reads, each named in the evidence.
import type { Evidence } from './disk-state.ts';
import { formatOffset } from './format-offset.ts';
import type { ByteReader } from './open-device-reader.ts';
import { HEAD_BYTES } from './read-structure-size.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

/** bcachefs superblock magic (BCHFS_MAGIC, c68573f6-66ce-90a9-d96a-60cf803df7ef) in on-disk order. */
const BCHFS_MAGIC = Buffer.from('c68573f666ce90a9d96a60cf803df7ef', 'hex');
/** bcache and early bcachefs magic (BCACHE_MAGIC, c68573f6-4e1a-45ca-8265-f57f48ba6d81). */
const BCACHE_MAGIC = Buffer.from('c68573f64e1a45ca8265f57f48ba6d81', 'hex');
/** Linux md superblock magic 0xa92b4efc, little endian (0.90 on x86 and every 1.x). */
const MD_MAGIC = Buffer.from('fc4e2ba9', 'hex');
const EXT_MAGIC = Buffer.from([0x53, 0xef]);
const LUKS_MAGIC = Buffer.from('4c554b53babe', 'hex');
const LUKS2_SECONDARY_MAGIC = Buffer.from('534b554cbabe', 'hex');
const F2FS_MAGIC = Buffer.from('1020f5f2', 'hex');
/** ZFS uberblock magic 0x00bab10c, little and big endian. */
const ZFS_UBERBLOCK_MAGICS = [Buffer.from('0cb1ba00', 'hex'), Buffer.from('00bab10c', 'hex')];
/** The XDR nvlist a ZFS label's vdev_phys starts with: encoding XDR, little endian; version 0, NV_UNIQUE_NAME. */
const ZFS_NVLIST_HEADER = Buffer.from('010100000000000000000001', 'hex');

const text = (value: string): Buffer => Buffer.from(value, 'latin1');
const has = (bytes: Buffer, at: number, magic: Buffer): boolean =>
  bytes.length >= at + magic.length && bytes.subarray(at, at + magic.length).equals(magic);
const u16be = (bytes: Buffer, at: number): number => (bytes.length >= at + 2 ? bytes.readUInt16BE(at) : -1);
const u32le = (bytes: Buffer, at: number): number => (bytes.length >= at + 4 ? bytes.readUInt32LE(at) : -1);
const u32be = (bytes: Buffer, at: number): number => (bytes.length >= at + 4 ? bytes.readUInt32BE(at) : -1);
const u64le = (bytes: Buffer, at: number): number =>
  bytes.length >= at + 8 ? Number(bytes.readBigUInt64LE(at)) : -1;
const u64be = (bytes: Buffer, at: number): number =>
  bytes.length >= at + 8 ? Number(bytes.readBigUInt64BE(at)) : -1;
const bootSignature = (bytes: Buffer): boolean => bytes[510] === 0x55 && bytes[511] === 0xaa;

/** One place a format keeps a copy of its identifying structure. */
export interface CopyCandidate {
  /** Which copy: `primary superblock`, `backup superblock (group 1)`, `label L2`. */
  copy: string;
  /** Byte offset of the structure on the disk (what the evidence names). */
  offset: number;
  /** How many bytes `match` needs from `offset`. */
  length: number;
  /**
   * The format's precise name when the bytes are this structure (`ext4`, `XFS`), else null; with `copy`
   * when the bytes themselves say which copy this is (an XFS allocation group number).
   */
  match(bytes: Buffer, offset: number): string | { format: string; copy: string } | null;
}

export interface FormatProbe {
  /** Stable evidence kind, one per format family: `ext`, `xfs`, `zfs`. */
  kind: string;
  /** Every candidate location on a disk (or at a partition start) of `sizeBytes`. */
  candidates(sizeBytes: number): CopyCandidate[];
  /** True when the format is also looked for where a partition would start (a partition table was wiped). */
  atPartitionStarts: boolean;
}

/**
 * Where a partition would start on a disk whose partition table was erased: 63 sectors (old DOS
 * alignment) and 1 MiB (every current tool). Start-anchored formats are probed at each.
 */
export const PARTITION_STARTS = [63 * 512, MiB];

/** `ext2`, `ext3`, `ext4` or `ext journal` from a superblock's feature flags. */
function extFlavor(sb: Buffer): string {
  const compat = u32le(sb, 0x5c);
  const incompat = u32le(sb, 0x60);
  const roCompat = u32le(sb, 0x64);
  if (incompat & 0x8) return 'ext journal device';
  // extents, 64bit, flex_bg, mmp, csum_seed, large_dir, inline_data, encrypt; huge_file, dir_nlink, extra_isize, metadata_csum
  if (incompat & 0xbe40 || roCompat & 0x468) return 'ext4';
  return compat & 0x4 ? 'ext3' : 'ext2';
}

const EXT_BLOCK_SIZES = [1024, 2048, 4096, 65536];
/** Groups that hold a backup superblock with sparse_super (1 and the powers of 3, 5 and 7), the first ten. */
const EXT_BACKUP_GROUPS = [1, 3, 5, 7, 9, 25, 27, 49, 81, 125];

function extCandidates(): CopyCandidate[] {
  const candidates: CopyCandidate[] = [
    {
      copy: 'primary superblock',
      offset: 1024,
      length: 0x68,
      // The magic alone refuses: a primary superblock is never explained away by its other fields.
      match: (sb) => (has(sb, 0x38, EXT_MAGIC) ? extFlavor(sb) : null),
    },
  ];
  for (const blockSize of EXT_BLOCK_SIZES) {
    const blocksPerGroup = 8 * blockSize;
    const firstDataBlock = blockSize === 1024 ? 1 : 0;
    for (const group of EXT_BACKUP_GROUPS) {
      candidates.push({
        copy: `backup superblock (group ${group}, ${blockSize / 1024} KiB blocks)`,
        offset: (firstDataBlock + group * blocksPerGroup) * blockSize,
        length: 0x68,
        match: (sb) =>
          has(sb, 0x38, EXT_MAGIC) && u32le(sb, 0x18) === Math.log2(blockSize) - 10 ? extFlavor(sb) : null,
      });
    }
  }
  return candidates;
}

/** AG counts mkfs.xfs picks or is commonly given (4 on one disk up to 4 TiB; more with -d agcount or RAID). */
const XFS_AG_COUNTS = [2, 3, 4, 5, 6, 7, 8, 12, 16, 32, 64];

function xfsCandidates(sizeBytes: number): CopyCandidate[] {
  // An AG superblock records the AG size: it must put this copy exactly where it was found.
  const isAgSuperblock = (sb: Buffer, offset: number) => {
    if (!has(sb, 0, text('XFSB'))) return null;
    const agBytes = u32be(sb, 0x54) * u32be(sb, 4);
    const agno = agBytes > 0 ? offset / agBytes : 0;
    if (!Number.isInteger(agno) || agno < 1 || agno >= u32be(sb, 0x58)) return null;
    return { format: 'XFS', copy: `secondary superblock (allocation group ${agno})` };
  };
  const offsets = new Set<number>();
  const dblocks = Math.floor(sizeBytes / 4096);
  for (const count of XFS_AG_COUNTS) {
    const agblocks = Math.ceil(dblocks / count);
    for (let agno = 1; agno < Math.min(count, 4); agno += 1) offsets.add(agno * agblocks * 4096);
  }
  // At 4 TiB and above an allocation group is the largest one, 1 TiB.
  for (let agno = 1; agno <= 3; agno += 1) offsets.add(agno * TiB);
  return [
    {
      copy: 'primary superblock',
      offset: 0,
      length: 4,
      match: (sb) => (has(sb, 0, text('XFSB')) ? 'XFS' : null),
    },
    ...[...offsets].map((offset) => ({
      copy: 'secondary superblock',
      offset,
      length: 0x5c,
      match: isAgSuperblock,
    })),
  ];
}

/** Sizes of the LUKS2 binary+JSON area, where the secondary header starts. */
const LUKS2_HEADER_SIZES = [16, 32, 64, 128, 256, 512, 1024, 2048, 4096].map((k) => k * KiB);

/** bcachefs superblock sizes (sb_max_size) and bucket sizes a backup superblock position depends on. */
const BCACHEFS_SB_SIZES = [256 * KiB, 512 * KiB, MiB, 2 * MiB];
const BCACHEFS_BUCKET_SIZES = [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192].map((k) => k * KiB);

function bcachefsCandidates(sizeBytes: number, anchoredAtEnd: boolean): CopyCandidate[] {
  const isSuperblock = (sb: Buffer, offset: number): string | null => {
    if (!has(sb, 24, BCHFS_MAGIC) && !has(sb, 24, BCACHE_MAGIC)) return null;
    // bch_sb.offset: the sector this copy says it sits at.
    return u64le(sb, 104) === offset / 512 ? (has(sb, 24, BCHFS_MAGIC) ? 'bcachefs' : 'bcache') : null;
  };
  if (!anchoredAtEnd) {
    return [
      {
        copy: 'superblock',
        offset: 4096,
        length: 40,
        match: (sb) => (has(sb, 24, BCHFS_MAGIC) ? 'bcachefs' : has(sb, 24, BCACHE_MAGIC) ? 'bcache' : null),
      },
      {
        copy: 'superblock layout',
        offset: 3584,
        length: 16,
        match: (sb) => (has(sb, 0, BCHFS_MAGIC) ? 'bcachefs' : has(sb, 0, BCACHE_MAGIC) ? 'bcache' : null),
      },
      ...BCACHEFS_SB_SIZES.map((sbSize) => ({
        copy: 'second superblock',
        offset: 4096 + sbSize,
        length: 112,
        match: isSuperblock,
      })),
    ];
  }
  const offsets = new Set<number>();
  for (const sbSize of BCACHEFS_SB_SIZES) {
    for (const bucket of BCACHEFS_BUCKET_SIZES) {
      const offset = Math.floor((sizeBytes - sbSize) / bucket) * bucket;
      if (offset > 4096 + sbSize) offsets.add(offset);
    }
  }
  return [...offsets].map((offset) => ({
    copy: 'backup superblock at the end',
    offset,
    length: 112,
    match: isSuperblock,
  }));
}

/**
 * ZFS keeps four 256 KiB labels: L0 and L1 at the start, L2 and L3 at the end of the (256 KiB aligned)
 * device. A label is recognised by its vdev_phys nvlist header (at 16 KiB) or an uberblock magic in the
 * first slots of its ring (at 128 KiB).
 */
function zfsLabel(name: string, labelOffset: number): CopyCandidate {
  return {
    copy: `label ${name}`,
    offset: labelOffset,
    length: 128 * KiB + 4 * KiB,
    match: (label) => {
      if (has(label, 16 * KiB, ZFS_NVLIST_HEADER)) return 'ZFS';
      for (let slot = 0; slot < 4; slot += 1) {
        const at = 128 * KiB + slot * KiB;
        if (ZFS_UBERBLOCK_MAGICS.some((magic) => has(label, at, magic))) return 'ZFS';
      }
      return null;
    },
  };
}

function zfsEndLabels(sizeBytes: number): CopyCandidate[] {
  const align = (bytes: number): number => Math.floor(bytes / (256 * KiB)) * 256 * KiB;
  // Whole device, and the data partition `zpool create` makes on a whole disk (from 1 MiB to 8 MiB
  // plus the backup GPT before the end, rounded down to 1 MiB).
  const sectors = Math.floor(sizeBytes / 512);
  const zpoolPartitionSectors = Math.floor((sectors - 33 - 16384 - 2048) / 2048) * 2048;
  const ends = [
    { start: 0, size: align(sizeBytes) },
    { start: MiB, size: align(zpoolPartitionSectors * 512) },
  ];
  return ends
    .filter((end) => end.size >= 2 * MiB)
    .flatMap((end) => [
      zfsLabel('L2', end.start + end.size - 512 * KiB),
      zfsLabel('L3', end.start + end.size - 256 * KiB),
    ]);
}

function mdEndCandidates(sizeBytes: number): CopyCandidate[] {
  const md = (copy: string, offset: number): CopyCandidate => ({
    copy,
    offset,
    length: 4,
    match: (sb) => (has(sb, 0, MD_MAGIC) ? 'Linux md' : null),
  });
  return [
    ...(sizeBytes >= 128 * KiB
      ? [md('0.90 superblock', Math.floor(sizeBytes / (64 * KiB)) * 64 * KiB - 64 * KiB)]
      : []),
    // 1.0: at least 8 KiB before the end, on a 4 KiB boundary.
    ...(sizeBytes >= 16 * KiB
      ? [md('1.0 superblock', Math.floor((sizeBytes / 512 - 16) / 8) * 8 * 512)]
      : []),
  ];
}

/** F2FS's crc32: CRC-32 (reflected) seeded with the F2FS magic, without the final inversion. */
function f2fsCrc(bytes: Buffer): number {
  const { crc32 } = process.getBuiltinModule('node:zlib');
  return ~crc32(bytes, ~0xf2f52010 >>> 0) >>> 0;
}

/** An F2FS checkpoint block: the CRC at its own checksum_offset (4092 by default) covers everything before it. */
function f2fsCheckpoint(copy: string, offset: number): CopyCandidate {
  return {
    copy,
    offset,
    length: 4096,
    match: (block) => {
      const at = u32le(block, 164);
      if (at < 192 || at > 4092 || at % 4 !== 0 || block.length < at + 4) return null;
      return u32le(block, at) === f2fsCrc(block.subarray(0, at)) ? 'F2FS' : null;
    },
  };
}

const simple = (copy: string, offset: number, at: number, magic: Buffer, name: string): CopyCandidate => ({
  copy,
  offset,
  length: at + magic.length,
  match: (bytes) => (has(bytes, at, magic) ? name : null),
});

const bootSector =
  (at: number, magic: Buffer, name: string) =>
  (copy: string, offset: number): CopyCandidate => ({
    copy,
    offset,
    length: 512,
    match: (bytes) => (has(bytes, at, magic) && bootSignature(bytes) ? name : null),
  });

const ntfsBoot = bootSector(3, text('NTFS    '), 'NTFS');
const exfatBoot = bootSector(3, text('EXFAT   '), 'exFAT');
const fat32Boot = bootSector(82, text('FAT32   '), 'FAT32');

/** Every format the safety check reads for itself; blkid and wipefs add their own probes. */
export const FORMAT_PROBES: readonly FormatProbe[] = [
  { kind: 'ext', atPartitionStarts: true, candidates: extCandidates },
  {
    kind: 'btrfs',
    atPartitionStarts: true,
    candidates: () => [
      simple('primary superblock', 64 * KiB, 0x40, text('_BHRfS_M'), 'btrfs'),
      simple('superblock mirror 1', 64 * MiB, 0x40, text('_BHRfS_M'), 'btrfs'),
      simple('superblock mirror 2', 256 * GiB, 0x40, text('_BHRfS_M'), 'btrfs'),
    ],
  },
  { kind: 'xfs', atPartitionStarts: true, candidates: xfsCandidates },
  { kind: 'bcachefs', atPartitionStarts: true, candidates: (size) => bcachefsCandidates(size, false) },
  { kind: 'bcachefs', atPartitionStarts: false, candidates: (size) => bcachefsCandidates(size, true) },
  {
    kind: 'f2fs',
    atPartitionStarts: true,
    // Both superblocks sit in the first 8 KiB; the checkpoint packs after them (at 2 and 4 MiB with mkfs.f2fs's
    // default 2 MiB segment 0) are what a zeroed first MiB leaves, told apart from data by their CRC.
    candidates: () => [
      simple('superblock 0', 1024, 0, F2FS_MAGIC, 'F2FS'),
      simple('superblock 1', 4096 + 1024, 0, F2FS_MAGIC, 'F2FS'),
      f2fsCheckpoint('checkpoint pack 1', 2 * MiB),
      f2fsCheckpoint('checkpoint pack 2', 4 * MiB),
    ],
  },
  {
    kind: 'ntfs',
    atPartitionStarts: true,
    candidates: () => [simple('boot sector', 0, 3, text('NTFS    '), 'NTFS')],
  },
  {
    kind: 'ntfs',
    atPartitionStarts: false,
    // mkntfs keeps the backup boot sector in the last sector of the device.
    candidates: (size) => [
      ntfsBoot('backup boot sector', size - 512),
      ntfsBoot('backup boot sector', size - 4096),
    ],
  },
  {
    kind: 'exfat',
    atPartitionStarts: true,
    candidates: () => [
      simple('boot sector', 0, 3, text('EXFAT   '), 'exFAT'),
      exfatBoot('backup boot sector', 12 * 512),
      exfatBoot('backup boot sector', 12 * 4096),
      // Both boot regions sit in the first 96 KiB; mkfs.exfat aligns the FAT to 1 MiB, which a zeroed first MiB
      // leaves: media entry 0xFFFFFFF8, then end-of-chain marks for the bitmap, up-case table and root directory.
      {
        copy: 'file allocation table',
        offset: MiB,
        length: 16,
        match: (bytes) =>
          u32le(bytes, 0) === 0xfffffff8 && u32le(bytes, 4) === 0xffffffff && u32le(bytes, 8) !== 0
            ? 'exFAT'
            : null,
      },
    ],
  },
  {
    kind: 'vfat',
    atPartitionStarts: true,
    candidates: () => [
      simple('boot sector', 0, 54, text('FAT1'), 'FAT12/16'),
      simple('boot sector', 0, 82, text('FAT32   '), 'FAT32'),
      fat32Boot('backup boot sector', 6 * 512),
      fat32Boot('backup boot sector', 6 * 4096),
    ],
  },
  {
    kind: 'luks',
    atPartitionStarts: true,
    candidates: () => [
      {
        copy: 'header',
        offset: 0,
        length: 8,
        match: (bytes) =>
          has(bytes, 0, LUKS_MAGIC) ? (['LUKS', 'LUKS1', 'LUKS2'][u16be(bytes, 6)] ?? 'LUKS') : null,
      },
      ...LUKS2_HEADER_SIZES.map((size) => ({
        copy: 'secondary header',
        offset: size,
        length: 0x108,
        // hdr_offset: where this header says it sits.
        match: (bytes: Buffer, offset: number) =>
          has(bytes, 0, LUKS2_SECONDARY_MAGIC) && u64be(bytes, 0x100) === offset ? 'LUKS2' : null,
      })),
    ],
  },
  {
    kind: 'zfs',
    atPartitionStarts: true,
    candidates: () => [zfsLabel('L0', 0), zfsLabel('L1', 256 * KiB)],
  },
  { kind: 'zfs', atPartitionStarts: false, candidates: zfsEndLabels },
  {
    kind: 'lvm2',
    atPartitionStarts: true,
    candidates: () => [
      ...[0, 512, 1024, 1536].map((offset) =>
        simple('physical volume label', offset, 0, text('LABELONE'), 'LVM2'),
      ),
      simple('metadata area header', 4096, 4, text(' LVM2 x[5A%r0N*>'), 'LVM2'),
    ],
  },
  {
    kind: 'mdraid',
    atPartitionStarts: true,
    candidates: () => [
      simple('1.1 superblock', 0, 0, MD_MAGIC, 'Linux md'),
      simple('1.2 superblock', 4096, 0, MD_MAGIC, 'Linux md'),
    ],
  },
  { kind: 'mdraid', atPartitionStarts: false, candidates: mdEndCandidates },
  {
    kind: 'swap',
    atPartitionStarts: true,
    candidates: () =>
      [4096, 8192, 16384, 65536].flatMap((page) => [
        simple(`signature (${page / 1024} KiB pages)`, page - 10, 0, text('SWAPSPACE2'), 'swap'),
        simple(`old signature (${page / 1024} KiB pages)`, page - 10, 0, text('SWAP-SPACE'), 'swap'),
      ]),
  },
  {
    kind: 'iso9660',
    atPartitionStarts: false,
    candidates: () => [simple('volume descriptor', 32768, 1, text('CD001'), 'ISO 9660')],
  },
];

/**
 * A place to look for structures: the whole disk (offset 0, no `why`), or where a partition is or was (a table's
 * entry, 63 sectors, 1 MiB, a likely start of a common layout, where a found filesystem ends).
 */
export interface ProbeBase {
  offset: number;
  /** The container's size when known (a table entry, a filesystem's own size), else up to the end of the disk. */
  sizeBytes: number | null;
  /** Why a partition would start here, for the evidence (`where a partition would`); null for the whole disk. */
  why: string | null;
  /** `head`: only the start-anchored structures in the first HEAD_BYTES; `full`: every copy (backups, mirrors). */
  depth: 'head' | 'full';
}

/** The whole disk, and the two places every partitioning tool starts a first partition (63 sectors, 1 MiB). */
export function listDiskBases(): ProbeBase[] {
  return [
    { offset: 0, sizeBytes: null, why: null, depth: 'full' },
    ...PARTITION_STARTS.map((offset) => ({
      offset,
      sizeBytes: null,
      why: 'where a partition would',
      depth: 'full' as const,
    })),
  ];
}

export interface PlacedCandidate {
  kind: string;
  base: ProbeBase;
  candidate: CopyCandidate;
}

/**
 * Every candidate of every probe at each base on a disk of `diskBytes`. A partition base gets the start-anchored
 * probes, and with a known size and `full` depth also the end-anchored ones (a removed table's entry says where its
 * partition ended). Probe by probe, base by base: the evidence keeps that order.
 */
export function listCopyCandidates(
  diskBytes: number,
  bases: readonly ProbeBase[] = listDiskBases(),
): PlacedCandidate[] {
  const list: PlacedCandidate[] = [];
  for (const probe of FORMAT_PROBES) {
    for (const base of bases) {
      const wholeDisk = base.why === null;
      const endAnchoredOk = base.sizeBytes !== null && base.depth === 'full';
      if (!wholeDisk && !probe.atPartitionStarts && !endAnchoredOk) continue;
      const size = Math.min(base.sizeBytes ?? diskBytes - base.offset, diskBytes - base.offset);
      for (const candidate of probe.candidates(size)) {
        const end = candidate.offset + candidate.length;
        if (candidate.offset < 0 || end > size) continue;
        if (base.depth === 'head' && end > HEAD_BYTES) continue;
        list.push({ kind: probe.kind, base, candidate });
      }
    }
  }
  return list;
}

/** Candidates closer than this share one read (most of them sit in the first MiB and a bit). */
const COALESCE_GAP = 64 * KiB;
/** No single read is larger than this. */
const MAX_READ = 2 * MiB;

/** Every structure found at the candidates: format, copy and offset, and where its container starts. */
export async function probeCandidates(
  read: ByteReader,
  candidates: readonly PlacedCandidate[],
): Promise<Evidence[]> {
  const bytesAt = await readCoalesced(
    read,
    candidates.map(({ base, candidate }) => ({
      offset: base.offset + candidate.offset,
      length: candidate.length,
    })),
  );
  const evidence: Evidence[] = [];
  for (const [index, { kind, base, candidate }] of candidates.entries()) {
    const offset = base.offset + candidate.offset;
    const found = candidate.match(bytesAt[index] ?? Buffer.alloc(0), candidate.offset);
    if (found === null) continue;
    const { format, copy } = typeof found === 'string' ? { format: found, copy: candidate.copy } : found;
    const where =
      base.why === null ? '' : ` (of a ${format} that starts at ${formatOffset(base.offset)}, ${base.why})`;
    evidence.push({
      kind,
      format,
      copy,
      description: `${format} ${copy} at offset ${formatOffset(offset)}${where}`,
      offset,
      ...(base.why === null ? {} : { containerStart: base.offset }),
    });
  }
  return evidence;
}

/**
 * Reads every candidate of every probe on the whole disk and where a first partition would start (63 sectors,
 * 1 MiB), and reports each structure found. Nearby candidates are read together (about 120 reads instead of 320 on
 * a 40 GiB disk), each read at most 2 MiB.
 */
export async function probeSuperblocks(read: ByteReader, sizeBytes: number): Promise<Evidence[]> {
  return probeCandidates(read, listCopyCandidates(sizeBytes));
}

/** Reads each range, merging ranges less than COALESCE_GAP apart into one read; results in input order. */
export async function readCoalesced(
  read: ByteReader,
  ranges: readonly { offset: number; length: number }[],
): Promise<Buffer[]> {
  const sorted = ranges.map((range, index) => ({ ...range, index })).sort((a, b) => a.offset - b.offset);
  const groups: { start: number; end: number; members: typeof sorted }[] = [];
  for (const range of sorted) {
    const last = groups.at(-1);
    const end = range.offset + range.length;
    if (last && range.offset - last.end <= COALESCE_GAP && end - last.start <= MAX_READ) {
      last.end = Math.max(last.end, end);
      last.members.push(range);
    } else {
      groups.push({ start: range.offset, end, members: [range] });
    }
  }
  const results: Buffer[] = new Array<Buffer>(ranges.length);
  for (const group of groups) {
    const bytes = await read(group.start, group.end - group.start);
    for (const { offset, length, index } of group.members) {
      results[index] = bytes.subarray(offset - group.start, offset - group.start + length);
    }
  }
  return results;
}
