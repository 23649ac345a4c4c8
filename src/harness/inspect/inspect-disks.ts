// Host-side inspection of a scenario's qcow2 disks after a boot: read-only, never mounting, through qemu-img.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
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

/** Inspects every image and groups the data filesystems it finds across disks. */
export async function inspectDisks(options: InspectOptions): Promise<Inspection> {
  const notes: string[] = [];
  const tools = chooseTools(options.guestRoot, notes);
  await mkdir(options.workDir, { recursive: true });
  const extracted: Record<string, string> = {};
  try {
    const disks: DiskInspection[] = [];
    for (const image of options.images)
      disks.push(await inspectDisk(image, options.workDir, tools, extracted));
    const filesystems = await inspectFilesystems(disks, extracted, tools, notes);
    return { boot: options.boot, disks, filesystems, unchanged: {}, notes };
  } finally {
    if (!options.keepExtracted) await rm(options.workDir, { recursive: true, force: true });
  }
}

async function probe(tools: Tools, file: string): Promise<ProbeResult> {
  const result = await execHostTool(tools.blkid(file), `probe ${file} with blkid`, { okExitCodes: [0, 2] });
  return parseBlkidExport(result.stdout);
}

async function runCheck(argv: string[], tool: string): Promise<CheckResult> {
  try {
    const result = await execHostTool(argv, `check ${argv[argv.length - 1]} read-only`, {
      okExitCodes: [0, 1, 2, 4, 8],
    });
    return {
      tool,
      ok: result.exitCode === 0,
      skipped: null,
      output: `${result.stdout}${result.stderr}`.trim().slice(-4000),
    };
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
    const file = join(workDir, `${image.id}p${p.number}.raw`);
    const inRange = p.startBytes + p.sizeBytes <= image.sizeBytes && p.sizeBytes > 0;
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
  for (const fs of groups.values()) {
    const files = fs.members
      .map((m) => extracted[`${m.diskId}:${m.partition}`])
      .filter((f): f is string => f !== undefined && existsSync(f));
    if (files.length === 0) continue;
    if (fs.type === 'btrfs') await describeBtrfs(fs, files, notes);
    else await describeBcachefs(fs, files, tools, notes);
  }
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
  fs.check = await runCheck(tools.bcachefs(['fsck', '-n', ...files]), 'bcachefs fsck -n');
}
