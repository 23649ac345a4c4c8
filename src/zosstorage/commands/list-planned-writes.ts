// Where the plan's commands will write on each disk (pure): the byte ranges sfdisk, mkfs.vfat, mkfs.btrfs,
// `bcachefs format` and bcachefs's first mount write, each tool's rule measured on its real binary (the test runs each
// argv on sparse files and fails when a write leaves these ranges; the rules and figures are in docs/provisioner.md).
import { firstUsableSector } from '../plan/disk-geometry.ts';
import type { Plan, PlannedDisk, PlannedFilesystem, PlannedPartition } from '../types.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;

/** One range a command will write (or clear), on a disk, with the planned partition it falls in. */
export interface PlannedWrite {
  /** The disk's device path. */
  disk: string;
  /** Byte offset on the disk. */
  offset: number;
  length: number;
  /** The tool: `sfdisk`, `mkfs.vfat`, `mkfs.btrfs`, `bcachefs format`, `bcachefs first mount`. */
  tool: string;
  /** What lands there: `primary GPT`, `superblock mirror 1`. */
  what: string;
  /** The planned partition the range lies in, or null for the disk's own GPT areas. */
  partition: Pick<PlannedPartition, 'number' | 'name' | 'path'> | null;
}

/** A range relative to the partition (or disk) the tool writes to. */
interface Region {
  offset: number;
  length: number;
  what: string;
}

const alignUp = (value: number, to: number): number => Math.ceil(value / to) * to;
const alignDown = (value: number, to: number): number => Math.floor(value / to) * to;

/** sfdisk writes the protective MBR, the primary header and entries, and the backup entries and header. */
export function listGptWrites(diskBytes: number, sectorSize: number): Region[] {
  const head = firstUsableSector(sectorSize) * sectorSize;
  const tail = (1 + Math.ceil((128 * 128) / sectorSize)) * sectorSize;
  const end = alignDown(diskBytes, sectorSize);
  return [
    { offset: 0, length: head, what: 'protective MBR, primary GPT header and entries' },
    { offset: end - tail, length: tail, what: 'backup GPT entries and header' },
  ];
}

/**
 * mkfs.vfat -F 32 (dosfstools 4.2): 32 reserved sectors (boot sector, FSInfo, backup boot sector), two FATs of 4
 * bytes per cluster, the root directory's first cluster; clusters as mkfs.fat picks them for FAT32 (0.5 KiB up to
 * 260 MiB, 4 KiB up to 8 GiB, 8 KiB to 16 GiB, 16 KiB to 32 GiB, 32 KiB above), at least one sector. 64 KiB spare.
 */
export function listVfatWrites(sizeBytes: number, sectorSize: number): Region[] {
  const clusterTable =
    sizeBytes <= 260 * MiB
      ? 512
      : sizeBytes <= 8 * GiB
        ? 4 * KiB
        : sizeBytes <= 16 * GiB
          ? 8 * KiB
          : sizeBytes <= 32 * GiB
            ? 16 * KiB
            : 32 * KiB;
  const cluster = Math.max(sectorSize, clusterTable);
  const fat = alignUp((Math.floor(sizeBytes / cluster) + 2) * 4, sectorSize);
  const end = 32 * sectorSize + 2 * fat + cluster;
  return [
    {
      offset: 0,
      length: Math.min(sizeBytes, alignUp(end + 64 * KiB, 4 * KiB)),
      what: 'boot sectors, FATs and root directory',
    },
  ];
}

/** Where btrfs keeps its superblock copies: 64 KiB, 64 MiB, 256 GiB, 1 PiB (each written when it fits). */
const BTRFS_SUPERBLOCKS = [64 * KiB, 64 * MiB, 256 * GiB, 1024 * TiB];

/**
 * The second stripe of a single-device btrfs's DUP metadata chunk sits this far after the first (at 37 MiB). The
 * chunk is at most 256 MiB (1 GiB above 50 GiB) a stripe; where 10 % of the filesystem is less than that, the two
 * stripes share those 10 % (64 KiB aligned); at least 32 MiB.
 */
export function btrfsDupStripeBytes(totalBytes: number): number {
  const max = totalBytes > 50 * GiB ? GiB : 256 * MiB;
  const tenPercent = totalBytes * 0.1;
  return Math.max(32 * MiB, tenPercent >= max ? max : alignDown(tenPercent / 2, 64 * KiB));
}

/** The node size mkfs_extra_args ask for (`-n`/`--nodesize`), else mkfs.btrfs's 16 KiB. */
function btrfsNodeSize(extraArgs: readonly string[]): number {
  for (const [index, arg] of extraArgs.entries()) {
    const value = arg.startsWith('--nodesize=')
      ? arg.slice(11)
      : ['-n', '--nodesize'].includes(arg)
        ? extraArgs[index + 1]
        : undefined;
    const match = value === undefined ? null : /^(\d+)([kKmM]?)$/.exec(value);
    if (match) return Number(match[1]) * ({ k: KiB, K: KiB, m: MiB, M: MiB }[match[2] ?? ''] ?? 1);
  }
  return 16 * KiB;
}

/**
 * mkfs.btrfs --nodiscard (btrfs-progs 6.14), per member: it zeroes the first and last 2 MiB, writes the superblock
 * and its mirrors, and the first tree blocks at the starts of its first chunks (5, 9, 13, 21, 29 and 37 MiB into
 * the member, whichever the profile and member order give each member), and on one device the DUP copy of the
 * metadata after the first. Each chunk window holds 32 nodes (512 KiB at the default 16 KiB).
 */
export function listBtrfsWrites(
  memberBytes: number,
  memberCount: number,
  totalBytes: number,
  options: { metadataProfile: string | undefined; extraArgs: readonly string[] },
): Region[] {
  const nodeSize = btrfsNodeSize(options.extraArgs);
  // 12 nodes at the default 16 KiB (192 KiB written), 24 at 64 KiB (1.5 MiB): measured, with room to spare.
  const window = nodeSize <= 16 * KiB ? 256 * KiB : 32 * nodeSize;
  const regions: Region[] = [
    { offset: 0, length: 2 * MiB, what: 'first 2 MiB (zeroed, primary superblock)' },
  ];
  for (const mib of [5, 9, 13, 21, 29, 37])
    regions.push({ offset: mib * MiB, length: window, what: `first tree blocks (chunk at ${mib} MiB)` });
  const dup =
    memberCount === 1 && (options.metadataProfile === undefined || options.metadataProfile === 'dup');
  if (dup)
    regions.push({
      offset: 37 * MiB + btrfsDupStripeBytes(totalBytes),
      length: window,
      what: 'second copy of the metadata (DUP)',
    });
  BTRFS_SUPERBLOCKS.slice(1).forEach((offset, index) => {
    if (offset + 4 * KiB <= memberBytes)
      regions.push({ offset, length: 4 * KiB, what: `superblock mirror ${index + 1}` });
  });
  regions.push({ offset: memberBytes - 2 * MiB, length: 2 * MiB, what: 'last 2 MiB (zeroed)' });
  return regions;
}

/**
 * The bucket size `bcachefs format` (bcachefs-tools 1.13) picks for a member: 128 KiB, doubled at 2 GiB and again
 * every 256 times that (512 GiB, 128 TiB), at most 1 MiB.
 */
export function bcachefsBucketBytes(memberBytes: number): number {
  if (memberBytes < 2 * GiB) return 128 * KiB;
  const doublings = 1 + Math.floor(Math.log2(memberBytes / (2 * GiB)) / 8);
  return Math.min(MiB, 128 * KiB * 2 ** doublings);
}

/**
 * `bcachefs format --no_initialize`, per member: the superblock layout and first superblock (4 KiB), the second
 * one 1 MiB after it, and the one 1 MiB before the end. Then the kernel's first mount (6.12) initialises the
 * filesystem: the journal, the member's buckets / 128 of them (8 at least, 8192 and 2 GiB at most), starts at the
 * first bucket from 2.5 MiB on, and its first entries fill up to 25 buckets (measured: a cached filesystem's cache
 * member); the first btree nodes go to the buckets after the journal (up to 34 of them measured). Windows: 32 buckets
 * from 2 MiB, 48 after the journal.
 */
export function listBcachefsWrites(memberBytes: number): { format: Region[]; firstMount: Region[] } {
  const bucket = bcachefsBucketBytes(memberBytes);
  const buckets = Math.floor(memberBytes / bucket);
  const journalBuckets = Math.min(Math.max(buckets >> 7, 8), 8192, (2 * GiB) / bucket);
  const journalStart = alignUp(2.5 * MiB, bucket);
  const journalEnd = journalStart + journalBuckets * bucket;
  return {
    format: [
      { offset: 0, length: 64 * KiB, what: 'superblock layout and first superblock' },
      { offset: MiB, length: 64 * KiB, what: 'second superblock' },
      { offset: memberBytes - MiB, length: 64 * KiB, what: 'superblock at the end' },
    ],
    firstMount: [
      { offset: 2 * MiB, length: journalStart - 2 * MiB + 32 * bucket, what: 'start of the journal' },
      {
        offset: journalEnd,
        length: Math.min(48 * bucket, memberBytes - journalEnd),
        what: 'first btree nodes',
      },
    ],
  };
}

/** Every range the plan's apply step writes, disk by disk in plan order, each with its partition. */
export function listPlannedWrites(plan: Plan): PlannedWrite[] {
  const writes: PlannedWrite[] = [];
  const located = new Map<string, { disk: PlannedDisk; partition: PlannedPartition }>();
  for (const disk of plan.disks) {
    for (const partition of disk.partitions) located.set(partition.path, { disk, partition });
    for (const region of listGptWrites(disk.device.sizeBytes, disk.device.logicalSectorSize))
      writes.push({ disk: disk.device.path, ...region, tool: 'sfdisk', partition: null });
  }
  for (const filesystem of plan.filesystems) {
    const members = filesystem.members.map((path) => {
      const found = located.get(path);
      if (found === undefined) throw new Error(`planned member ${path} is not a planned partition`);
      return found;
    });
    const totalBytes = members.reduce((sum, { partition }) => sum + partitionBytes(partition), 0);
    for (const { disk, partition } of members) {
      for (const { tool, regions } of listMemberRegions(
        filesystem,
        partition,
        disk,
        members.length,
        totalBytes,
      )) {
        const base = partition.startMiB * MiB;
        const size = partitionBytes(partition);
        for (const region of regions) {
          const offset = Math.max(0, region.offset);
          const length = Math.min(region.length, size - offset);
          if (length <= 0) continue;
          writes.push({
            disk: disk.device.path,
            offset: base + offset,
            length,
            tool,
            what: region.what,
            partition: { number: partition.number, name: partition.name, path: partition.path },
          });
        }
      }
    }
  }
  return writes;
}

function partitionBytes(partition: PlannedPartition): number {
  if (partition.sizeMiB === null) throw new Error(`partition ${partition.path} has no planned size`);
  return partition.sizeMiB * MiB;
}

function listMemberRegions(
  filesystem: PlannedFilesystem,
  partition: PlannedPartition,
  disk: PlannedDisk,
  memberCount: number,
  totalBytes: number,
): { tool: string; regions: Region[] }[] {
  const size = partitionBytes(partition);
  switch (filesystem.kind) {
    case 'vfat':
      return [{ tool: 'mkfs.vfat', regions: listVfatWrites(size, disk.device.logicalSectorSize) }];
    case 'btrfs':
      return [
        {
          tool: 'mkfs.btrfs',
          regions: listBtrfsWrites(size, memberCount, totalBytes, {
            metadataProfile: filesystem.options.metadata_profile,
            extraArgs: filesystem.options.mkfs_extra_args,
          }),
        },
      ];
    case 'bcachefs': {
      const { format, firstMount } = listBcachefsWrites(size);
      return [
        { tool: 'bcachefs format', regions: format },
        { tool: 'bcachefs first mount', regions: firstMount },
      ];
    }
  }
}
