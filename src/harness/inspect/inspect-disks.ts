// Host-side inspection of a scenario's qcow2 disks after a boot: read-only, never mounting, through qemu-img.
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseGpt } from '../../shared/gpt/parse-gpt.ts';
import { HarnessError } from '../errors/harness-error.ts';
import { execHostTool } from '../exec/exec-host-tool.ts';
import { guestToolArgv } from './guest-tool.ts';
import type {
  CheckResult,
  DiskInspection,
  FilesystemInspection,
  Inspection,
  PartitionInspection,
  ProbeResult,
} from './inspection-types.ts';
import { extractImageRange, readImageRange } from './extract-image-range.ts';
import { parseBcachefsShowSuper } from './parse-bcachefs-show-super.ts';
import { parseBlkidExport } from './parse-blkid-export.ts';
import { parseBtrfsChunkProfiles, parseBtrfsDumpSuper } from './parse-btrfs-dump-super.ts';

const MiB = 1024 * 1024;
const TiB = 1024 * 1024 * MiB;

/**
 * Every filesystem check's time budget: a check still running then is stopped and recorded as skipped with the
 * reason (never a pass). Far above what a scenario's checks take (fsck.vfat and btrfs check: under 2 s here).
 */
export const CHECK_BUDGET_MS = 60_000;

/**
 * `bcachefs fsck -n` reads every member's allocation information, so its cost follows the members' capacity, not
 * the data: ≈ 2.2 s per TiB here (13 members, 193 TiB, almost nothing written: 7 min 17 s, 6 min of CPU). Above
 * this total it is skipped with the reason; the superblock (members, replicas, targets, label) is still read.
 */
export const BCACHEFS_FSCK_MAX_BYTES = 8 * TiB;

/** The limit above, or `ZOS_BCACHEFS_FSCK_MAX_TIB` (TiB; a nightly run may check everything: `1e9`). */
export function readBcachefsFsckMaxBytes(env: NodeJS.ProcessEnv): number {
  const value = env.ZOS_BCACHEFS_FSCK_MAX_TIB;
  if (value === undefined || value === '') return BCACHEFS_FSCK_MAX_BYTES;
  const tib = Number(value);
  if (!Number.isFinite(tib) || tib < 0)
    throw new HarnessError(
      'USAGE',
      `ZOS_BCACHEFS_FSCK_MAX_TIB=${value} is not a number of TiB (0 or more): unset it for the default of ${BCACHEFS_FSCK_MAX_BYTES / TiB}`,
    );
  return tib * TiB;
}

/** Runs `work` over `items` with at most `limit` at a time; results in the items' order. */
async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

export interface InspectOptions {
  boot: number;
  /** `sectorSize`: the disk's logical block size (4096 for 4Kn; the GPT's LBAs count in it), default 512. */
  images: { id: string; path: string; sizeBytes: number; sectorSize?: number }[];
  /** Scratch folder for extracted ranges (removed afterwards unless keepExtracted). */
  workDir: string;
  /** Guest root for blkid and bcachefs (they are newer than the host's); null uses the host's blkid only. */
  guestRoot: string | null;
  keepExtracted?: boolean;
}

interface Tools {
  blkid: (file: string) => string[];
  bcachefs: ((args: string[]) => string[]) | null;
}

function chooseTools(guestRoot: string | null, notes: string[]): Tools {
  const guest = (tool: string, args: string[]): string[] | null => {
    if (!guestRoot) return null;
    try {
      return guestToolArgv(guestRoot, tool, args);
    } catch (error) {
      notes.push((error as Error).message);
      return null;
    }
  };
  const guestBlkid = guest('blkid', ['-V']) !== null;
  if (!guestBlkid) notes.push("using the host's blkid, which does not know bcachefs");
  const guestBcachefs = guest('bcachefs', ['version']) !== null;
  return {
    blkid: (file) =>
      guestBlkid
        ? (guest('blkid', ['-p', '-o', 'export', file]) as string[])
        : ['blkid', '-p', '-o', 'export', file],
    bcachefs: guestBcachefs ? (args) => guest('bcachefs', args) as string[] : null,
  };
}

/** Where sparse raw files too large for the work folder's filesystem go (tmpfs: holes take no memory). */
const LARGE_FILE_DIR = '/dev/shm';

/**
 * Picks a folder for a sparse raw file of `size` bytes: the work folder, or, when its filesystem refuses a file that
 * large (ext4 stops at 16 TiB; a 20 TB disk's data partition is 18.2 TiB), a folder on tmpfs, made once.
 */
export function createLargeFileDirs(workDir: string) {
  // Disks are inspected side by side: each probe file has its own name, and the tmpfs folder is made once.
  let probes = 0;
  let large: Promise<string> | null = null;
  const fits = async (dir: string, size: number) => {
    probes += 1;
    const probe = join(dir, `.size-probe-${process.pid}-${probes}`);
    try {
      await writeFile(probe, '');
      await truncate(probe, size);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EFBIG') return false;
      throw error;
    } finally {
      await rm(probe, { force: true });
    }
  };
  return {
    /** The folder for a file of `size` bytes, or null (and why) when no folder here takes one. */
    async pick(size: number): Promise<{ dir: string } | { dir: null; why: string }> {
      if (await fits(workDir, size)) return { dir: workDir };
      let problem = 'is missing';
      if (existsSync(LARGE_FILE_DIR)) {
        try {
          large ??= mkdtemp(join(LARGE_FILE_DIR, 'zos-inspect-'));
          const dir = await large;
          if (await fits(dir, size)) return { dir };
          problem = 'does not either';
        } catch (error) {
          problem = `cannot be used (${(error as Error).message})`;
        }
      }
      return {
        dir: null,
        why: `the filesystem of ${workDir} takes no file of ${size} bytes (EFBIG) and ${LARGE_FILE_DIR} ${problem}: put out/ on a filesystem with larger files (xfs, btrfs) or make ${LARGE_FILE_DIR} a writable tmpfs`,
      };
    },
    async release(): Promise<void> {
      const dir = await large?.catch(() => null);
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

type ExtractDirs = ReturnType<typeof createLargeFileDirs>;

/** Inspects every image and groups the data filesystems it finds across disks. */
export async function inspectDisks(options: InspectOptions): Promise<Inspection> {
  const notes: string[] = [];
  const tools = chooseTools(options.guestRoot, notes);
  await mkdir(options.workDir, { recursive: true });
  const extracted: Record<string, string> = {};
  const dirs = createLargeFileDirs(options.workDir);
  try {
    // Disks side by side, as many as the host has cores (qemu-img, blkid and the checks are separate processes);
    // each disk's notes are kept apart and joined in the disks' order.
    const inspected = await mapConcurrently(options.images, availableParallelism(), async (image) => {
      const own: string[] = [];
      const disk = await inspectDisk(image, options.workDir, tools, extracted, dirs, own);
      return { disk, own };
    });
    notes.push(...inspected.flatMap(({ own }) => own));
    const disks = inspected.map(({ disk }) => disk);
    const filesystems = await inspectFilesystems(disks, extracted, tools, notes);
    return { boot: options.boot, disks, filesystems, unchanged: {}, notes };
  } finally {
    if (!options.keepExtracted) {
      await rm(options.workDir, { recursive: true, force: true });
      await dirs.release();
    }
  }
}

async function probe(tools: Tools, file: string): Promise<ProbeResult> {
  const result = await execHostTool(tools.blkid(file), `probe ${file} with blkid`, { okExitCodes: [0, 2] });
  return parseBlkidExport(result.stdout);
}

/** One read-only check within `budgetMs`: a pass, a failure with its output, or skipped when the budget ran out. */
export async function runCheck(
  argv: string[],
  tool: string,
  budgetMs: number = CHECK_BUDGET_MS,
): Promise<CheckResult> {
  try {
    const result = await execHostTool(argv, `check ${argv[argv.length - 1]} read-only`, {
      okExitCodes: 'any',
      timeoutMs: budgetMs,
    });
    if (result.timedOut)
      return {
        tool,
        ok: true,
        skipped: `still running after the check budget of ${budgetMs / 1000} s, stopped (its cost grows with the filesystem's size)`,
        output: `${result.stdout}${result.stderr}`.trim().slice(-4000),
      };
    const output = `${result.stdout}${result.stderr}`.trim().slice(-4000);
    if (result.signal !== undefined || ![0, 1, 2, 4, 8].includes(result.exitCode))
      return {
        tool,
        ok: false,
        skipped: null,
        output: `${tool} ended with ${result.signal ?? `exit code ${result.exitCode}`}: ${output}`,
      };
    return { tool, ok: result.exitCode === 0, skipped: null, output };
  } catch (error) {
    if (error instanceof HarnessError) return { tool, ok: false, skipped: null, output: error.message };
    throw error;
  }
}

async function inspectDisk(
  image: { id: string; path: string; sizeBytes: number; sectorSize?: number },
  workDir: string,
  tools: Tools,
  extracted: Record<string, string>,
  dirs: ExtractDirs,
  notes: string[],
): Promise<DiskInspection> {
  const edge = Math.min(MiB, image.sizeBytes);
  const headFile = join(workDir, `${image.id}-head.raw`);
  const head = await readImageRange(image.path, 0, edge, headFile);
  const tail = await readImageRange(
    image.path,
    image.sizeBytes - edge,
    edge,
    join(workDir, `${image.id}-tail.raw`),
  );
  const tailStart = image.sizeBytes - edge;
  const read = (offset: number, length: number): Buffer => {
    const out = Buffer.alloc(length);
    if (offset < edge) head.copy(out, 0, offset, Math.min(edge, offset + length));
    if (offset + length > tailStart) {
      const from = Math.max(offset, tailStart);
      tail.copy(out, from - offset, from - tailStart, offset + length - tailStart);
    }
    return out;
  };
  const gpt = await parseGpt(read, image.sizeBytes, image.sectorSize ?? 512);
  const partitions: PartitionInspection[] = [];
  for (const p of gpt?.partitions ?? []) {
    let inRange = p.startBytes + p.sizeBytes <= image.sizeBytes && p.sizeBytes > 0;
    const dir = inRange ? await dirs.pick(p.sizeBytes) : { dir: workDir };
    if (dir.dir === null) {
      notes.push(`${image.id} partition ${p.number} not inspected: ${dir.why}`);
      inRange = false;
    }
    const file = join(dir.dir ?? workDir, `${image.id}p${p.number}.raw`);
    if (inRange) await extractImageRange(image.path, p.startBytes, p.sizeBytes, file);
    const found = inRange ? await probe(tools, file) : null;
    if (inRange) extracted[`${image.id}:${p.number}`] = file;
    const check = found?.type === 'vfat' ? await runCheck(['fsck.vfat', '-n', file], 'fsck.vfat -n') : null;
    partitions.push({
      number: p.number,
      name: p.name,
      typeGuid: p.typeGuid,
      guid: p.guid,
      startBytes: p.startBytes,
      sizeBytes: p.sizeBytes,
      probe: found,
      check,
    });
  }
  const wholeDisk = await probe(tools, headFile);
  return {
    id: image.id,
    image: image.path,
    sizeBytes: image.sizeBytes,
    gpt: gpt && {
      diskGuid: gpt.header.diskGuid,
      primaryValid: Boolean(gpt.primary?.headerCrcValid && gpt.primary.entriesCrcValid),
      backupValid: Boolean(gpt.backup?.headerCrcValid && gpt.backup.entriesCrcValid),
      problems: gpt.problems,
    },
    partitions,
    wholeDiskProbe: wholeDisk.type === null && Object.keys(wholeDisk.raw).length === 0 ? null : wholeDisk,
  };
}

async function inspectFilesystems(
  disks: DiskInspection[],
  extracted: Record<string, string>,
  tools: Tools,
  notes: string[],
): Promise<FilesystemInspection[]> {
  const groups = new Map<string, FilesystemInspection>();
  for (const disk of disks) {
    for (const p of disk.partitions) {
      const type = p.probe?.type;
      if ((type !== 'btrfs' && type !== 'bcachefs') || !p.probe?.uuid) continue;
      const key = `${type}:${p.probe.uuid}`;
      const group = groups.get(key) ?? {
        type,
        uuid: p.probe.uuid,
        label: p.probe.label,
        members: [],
        numDevices: null,
        dataProfile: null,
        metadataProfile: null,
        dataReplicas: null,
        metadataReplicas: null,
        targets: { foreground: null, background: null, promote: null },
        initialized: null,
        check: null,
      };
      group.members.push({ diskId: disk.id, partition: p.number });
      groups.set(key, group);
    }
  }
  // Filesystems side by side too; each one's notes are kept apart and joined in the filesystems' order.
  const notesByFilesystem = await mapConcurrently(
    [...groups.values()],
    availableParallelism(),
    async (fs) => {
      const own: string[] = [];
      const files = fs.members
        .map((m) => extracted[`${m.diskId}:${m.partition}`])
        .filter((f): f is string => f !== undefined && existsSync(f));
      if (files.length === 0) return own;
      if (fs.type === 'btrfs') await describeBtrfs(fs, files, own);
      else await describeBcachefs(fs, files, tools, own);
      return own;
    },
  );
  notes.push(...notesByFilesystem.flat());
  return [...groups.values()];
}

/**
 * A btrfs from all its member images: the superblock from any, the chunk tree from the first member that holds a
 * copy (a raid1 over three members keeps its system chunk on two of them: the member listed first may have none),
 * and `btrfs check --readonly` over the assembled set (read-only loop devices, so btrfs-progs finds every member).
 * What cannot be read becomes a note with its reason.
 */
async function describeBtrfs(fs: FilesystemInspection, files: string[], notes: string[]): Promise<void> {
  const superblock = parseBtrfsDumpSuper(
    (
      await execHostTool(
        ['btrfs', 'inspect-internal', 'dump-super', '-f', files[0] as string],
        'read the btrfs superblock',
      )
    ).stdout,
  );
  fs.label = superblock.label ?? fs.label;
  fs.numDevices = superblock.numDevices;
  const failures: string[] = [];
  for (const file of files) {
    const chunks = await execHostTool(
      ['btrfs', 'inspect-internal', 'dump-tree', '-t', 'chunk', file],
      'read the btrfs chunk tree',
      { okExitCodes: [0, 1] },
    );
    const profiles = parseBtrfsChunkProfiles(chunks.stdout);
    if (profiles.data.length === 0 && profiles.metadata.length === 0) {
      failures.push(`${file}: ${(chunks.stderr.trim().split('\n').at(-1) ?? '') || 'no chunk items'}`);
      continue;
    }
    fs.dataProfile = profiles.data.join(',') || null;
    fs.metadataProfile = profiles.metadata.join(',') || null;
    break;
  }
  if (fs.dataProfile === null && fs.metadataProfile === null)
    notes.push(
      `btrfs ${fs.uuid}: the chunk tree (data and metadata profiles) could not be read from any of its ${files.length} member image(s): ${failures.join('; ')}`,
    );
  fs.check = await checkBtrfsAssembled(files, superblock.numDevices);
}

/** `btrfs check --readonly` of the whole filesystem: its member images behind read-only loop devices when several. */
async function checkBtrfsAssembled(files: string[], numDevices: number | null): Promise<CheckResult> {
  const tool = 'btrfs check --readonly';
  if (numDevices !== null && numDevices > files.length)
    return {
      tool,
      ok: true,
      skipped: `${files.length} of its ${numDevices} members are attached: a degraded filesystem is not checked`,
      output: '',
    };
  if (files.length === 1) return runCheck(['btrfs', 'check', '--readonly', files[0] as string], tool);
  const loops: string[] = [];
  try {
    for (const file of files) {
      const { stdout } = await execHostTool(
        ['losetup', '-r', '-f', '--show', file],
        `attach ${file} read-only`,
      );
      loops.push(stdout.trim());
    }
    return await runCheck(['btrfs', 'check', '--readonly', loops[0] as string], tool);
  } catch (error) {
    return {
      tool,
      ok: true,
      skipped: `a multi-device btrfs is checked through read-only loop devices, which could not be set up here: ${(error as Error).message}`,
      output: '',
    };
  } finally {
    for (const loop of loops)
      await execHostTool(['losetup', '-d', loop], `detach ${loop}`).catch(() => undefined);
  }
}

async function describeBcachefs(
  fs: FilesystemInspection,
  files: string[],
  tools: Tools,
  notes: string[],
): Promise<void> {
  if (!tools.bcachefs) {
    notes.push(`bcachefs ${fs.uuid}: no bcachefs in the guest root, superblock not inspected`);
    return;
  }
  const shown = await execHostTool(
    tools.bcachefs(['show-super', files[0] as string]),
    'read the bcachefs superblock',
  );
  const superblock = parseBcachefsShowSuper(shown.stdout);
  fs.label = superblock.label ?? fs.label;
  fs.numDevices = superblock.members;
  fs.dataReplicas = superblock.dataReplicas;
  fs.metadataReplicas = superblock.metadataReplicas;
  fs.targets = {
    foreground: superblock.foregroundTarget,
    background: superblock.backgroundTarget,
    promote: superblock.promoteTarget,
  };
  fs.initialized = superblock.initialized;
  if (superblock.initialized === false) {
    // Userspace fsck would run bcachefs-tools 1.13's own filesystem start, the code path that crashes.
    fs.check = {
      tool: 'bcachefs fsck -n',
      ok: true,
      skipped:
        'never mounted (formatted with --no_initialize and not initialised by a first mount): userspace fsck would run the crashing bcachefs-tools 1.13 initialisation',
      output: '',
    };
    return;
  }
  if (superblock.members !== null && superblock.members > files.length) {
    fs.check = {
      tool: 'bcachefs fsck -n',
      ok: true,
      skipped: `${files.length} of its ${superblock.members} members are attached: a degraded filesystem is not checked`,
      output: '',
    };
    return;
  }
  const capacity = files.reduce((sum, file) => sum + statSync(file).size, 0);
  const limit = readBcachefsFsckMaxBytes(process.env);
  if (capacity > limit) {
    fs.check = {
      tool: 'bcachefs fsck -n',
      ok: true,
      skipped: `its ${files.length} member(s) hold ${(capacity / TiB).toFixed(1)} TiB, over the ${limit / TiB} TiB this check is run for (ZOS_BCACHEFS_FSCK_MAX_TIB): fsck reads every member's allocation information, about 2 s per TiB however little is written; the superblock (members, replicas, targets, label) was read and compared`,
      output: '',
    };
    return;
  }
  fs.check = await runCheck(tools.bcachefs(['fsck', '-n', ...files]), 'bcachefs fsck -n');
}
