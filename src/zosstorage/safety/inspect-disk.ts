// Inspects one target disk read-only and concludes: empty, zos layout, or not empty with evidence.
import { readSysfsAttribute } from '../discover/read-sysfs-attribute.ts';
import { partitionPath } from '../discover/partition-path.ts';
import type { CommandRunner } from '../exec/command.ts';
import { ZosError } from '../errors/zos-error.ts';
import type { Config, Device } from '../types.ts';
import { parseGpt, type Gpt } from '../../shared/gpt/parse-gpt.ts';
import type { DiskState, Evidence, FoundPartition, InspectTiming } from './disk-state.ts';
import { execBlkidProbe } from './exec-blkid-probe.ts';
import { execWipefsProbe } from './exec-wipefs-probe.ts';
import { findNonZeroEdges } from './find-non-zero-edges.ts';
import { findNonZeroGaps } from './find-non-zero-gaps.ts';
import { findNonZeroSample } from './find-non-zero-samples.ts';
import { findSysfsUsage } from './find-sysfs-usage.ts';
import { formatOffset } from './format-offset.ts';
import { openDeviceReader, type ByteReader, type DeviceReader } from './open-device-reader.ts';
import type { MountEntry } from '../mount/parse-mounts.ts';
import { probePartitionTables } from './probe-partition-tables.ts';
import { probeSuperblocks } from './probe-superblocks.ts';
import { findFormerPartitions } from './find-former-partitions.ts';
import { readFilesystemMembership } from './read-filesystem-members.ts';
import { isExplainedByZosLayout, recognizeZosLayout } from './recognize-zos-layout.ts';
import { realpathSync } from 'node:fs';
import path from 'node:path';

export interface InspectDiskOptions {
  device: Device;
  runner: CommandRunner;
  sysRoot: string;
  devRoot: string;
  mounts: readonly MountEntry[];
  safety: Config['safety'];
}

/** Collects every finding on the disk, then decides whether the zos layout explains all of them. */
export async function inspectDisk(options: InspectDiskOptions): Promise<DiskState> {
  const reader = await openTarget(options.device);
  const timing: InspectTiming = { probesMs: 0, toolsMs: 0, scanMs: 0 };
  const timed = async <T>(key: keyof InspectTiming, work: () => Promise<T>): Promise<T> => {
    // process.hrtime, not performance.now(): the global `performance` loads perf_hooks (ten modules) on first use.
    const start = process.hrtime.bigint();
    try {
      return await work();
    } finally {
      timing[key] += Math.round(Number(process.hrtime.bigint() - start) / 1e6);
    }
  };
  try {
    const state = await inspectOpenDisk(options, reader, timed);
    return { ...state, timing };
  } finally {
    await reader.close();
  }
}

type Timed = <T>(key: keyof InspectTiming, work: () => Promise<T>) => Promise<T>;

async function inspectOpenDisk(
  options: InspectDiskOptions,
  reader: DeviceReader,
  timed: Timed,
): Promise<DiskState> {
  const { device, runner, safety } = options;
  // One independent tool beside our own reads: wipefs lists every signature libblkid knows, with its offset.
  // It runs while we read (another process: in a 2-CPU TCG guest its ~0.2 s overlap our reads), and its
  // findings are merged after ours. (`blkid -p` ran beside it until 2026-12-02: the same library and probes,
  // so the same findings, for one more process, about 0.3 s of CPU under TCG.)
  const wipefs = timed('toolsMs', () => probeWithWipefs(runner, device.path));
  // Awaited below; this keeps a failure that comes while our own reads run from counting as unhandled.
  wipefs.catch(() => undefined);
  let own: OwnFindings;
  try {
    own = await readOwnFindings(options, reader, timed);
  } catch (error) {
    // No command outlives the inspection: wipefs ends before our read error goes on.
    await wipefs.catch(() => undefined);
    throw error;
  }
  const { usage, mounts } = own;
  const evidence: Evidence[] = [...own.findings, ...(await wipefs), ...own.inUse];
  if (evidence.length === 0) {
    if (own.sample === null)
      throw new ZosError('INTERNAL', 'the emptiness scan did not run on a disk without findings');
    if ('error' in own.sample) throw own.sample.error;
    const found = own.sample.found;
    return found === null ? { device, state: 'empty' } : { device, state: 'not_empty', evidence: [found] };
  }

  const gpt = await readGpt(reader.read, device, evidence);
  if (gpt === null) return { device, state: 'not_empty', evidence };
  const verdict = recognizeZosLayout(gpt);
  if (verdict.kind !== 'zos') {
    evidence.push({ kind: `${verdict.kind}-gpt`, description: verdict.reason, offset: gpt.sectorSize });
    return { device, state: 'not_empty', evidence };
  }
  if (safety.require_zeroed_edges)
    evidence.push(...(await timed('scanMs', () => findNonZeroGaps(reader.read, gpt, device.sizeBytes))));
  const gptNumbers = gpt.partitions.map((partition) => partition.number);
  const context = {
    sysfsPartitionsMatchGpt: usage.partitions.every((partition) => gptNumbers.includes(partition.number)),
    partitionsMounted: mounts.partitionMountpoints.size > 0,
    partitions: gpt.partitions,
  };
  if (!evidence.every((finding) => isExplainedByZosLayout(finding, context))) {
    evidence.push({
      kind: 'zos-gpt-with-foreign-signatures',
      description: 'the zos GPT layout is present but other signatures or users were found as well',
      offset: null,
    });
    return { device, state: 'not_empty', evidence };
  }
  const probed = await timed('toolsMs', () =>
    probePartitions(runner, device, gpt, mounts.partitionMountpoints),
  );
  // The filesystems define the layout, not the disks present: each member's own count of its filesystem's devices.
  const partitions = await timed('probesMs', () =>
    Promise.all(
      probed.map(async (partition) => ({
        ...partition,
        membership: await readFilesystemMembership(reader.read, partition.startBytes, partition.fsType),
      })),
    ),
  );
  return {
    device,
    state: 'zos',
    found: { diskGuid: gpt.header.diskGuid, sectorSize: gpt.sectorSize, partitions },
  };
}

/** Our own reads and sysfs facts, and the sample scan's outcome when it ran (see readOwnFindings). */
interface OwnFindings {
  /** Partition tables, format copies and (safety.require_zeroed_edges) non-zero edges. */
  findings: Evidence[];
  /** Partitions and holders in sysfs, mounts, an exclusive open refused. */
  inUse: Evidence[];
  usage: Awaited<ReturnType<typeof findSysfsUsage>>;
  mounts: Awaited<ReturnType<typeof findMounts>>;
  /** Null unless findings and inUse are both empty; a read error counts only if wipefs finds nothing either. */
  sample: { found: Evidence | null } | { error: unknown } | null;
}

/**
 * Everything the inspection finds without a tool. When that is nothing, the whole disk is sampled too, still
 * beside wipefs (a provisioned disk never gets there); those reads are wasted only when wipefs then finds a
 * signature that none of our probes knows.
 */
async function readOwnFindings(
  options: InspectDiskOptions,
  reader: DeviceReader,
  timed: Timed,
): Promise<OwnFindings> {
  const { device, sysRoot, safety } = options;
  const findings: Evidence[] = [
    ...(await timed('probesMs', async () => {
      const tables = await probePartitionTables(reader.read, device.sizeBytes, device.logicalSectorSize);
      const structures = await probeSuperblocks(reader.read, device.sizeBytes);
      // A disk with partitions in its table is refused or ours, one with a whole-disk filesystem is refused. Any other
      // disk may be one whose partitions were removed (`sgdisk --zap-all`, `wipefs -a`, `sfdisk --delete`, `parted
      // mklabel`) while their contents stayed: find-former-partitions.ts looks for them.
      const former =
        safety.former_partitions && (await holdsNoPartitions(reader.read, device, tables, structures))
          ? await findFormerPartitions(reader.read, device.sizeBytes, device.logicalSectorSize, structures)
          : [];
      return [...tables, ...structures, ...former];
    })),
    ...(safety.require_zeroed_edges
      ? await timed('scanMs', () => findNonZeroEdges(reader.read, device.sizeBytes))
      : []),
  ];
  const usage = await findSysfsUsage(sysRoot, device.name);
  const mounts = await findMounts(options, usage.partitions);
  const inUse: Evidence[] = [
    ...usage.partitions.map((partition) => ({
      kind: 'partition',
      description: `partition ${partition.name} exists in sysfs`,
      offset: null,
    })),
    ...usage.holders,
    ...mounts.evidence,
  ];
  if (reader.busy) {
    inUse.push({
      kind: 'busy',
      description: 'the kernel refuses an exclusive open (EBUSY): the disk or a partition of it is in use',
      offset: null,
    });
  }
  if (findings.length > 0 || inUse.length > 0) return { findings, inUse, usage, mounts, sample: null };
  const sample = await timed('scanMs', () =>
    findNonZeroSample(reader.readQueued, device.sizeBytes, safety.scan_samples),
  ).then(
    (found) => ({ found }),
    (error: unknown) => ({ error }),
  );
  return { findings, inUse, usage, mounts, sample };
}

/**
 * True when no partition table lists a partition (none at all, an empty GPT, an MBR without entries) and no structure
 * spans the whole disk: then the disk's former partitions are looked for.
 */
async function holdsNoPartitions(
  read: ByteReader,
  device: Device,
  tables: readonly Evidence[],
  structures: readonly Evidence[],
): Promise<boolean> {
  if (structures.some((finding) => finding.containerStart === undefined)) return false;
  if (tables.some((finding) => finding.kind === 'mbr-partition')) return false;
  if (!tables.some((finding) => finding.kind === 'gpt-primary' || finding.kind === 'gpt-backup')) return true;
  const gpt = await readGpt(read, device, tables);
  return gpt !== null && gpt.partitions.length === 0;
}

async function openTarget(device: Device): Promise<DeviceReader> {
  try {
    return await openDeviceReader(device.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ZosError(
      code === 'ENOENT' ? 'USAGE' : 'INTERNAL',
      `cannot open ${device.path} read-only to check that it is empty (${code}); ` +
        'with --dev-root, the device files must exist (scripts/make-fake-devs.mjs creates them); nothing was written',
      { cause: error, details: { device: device.path } },
    );
  }
}

async function probeWithWipefs(runner: CommandRunner, devicePath: string): Promise<Evidence[]> {
  const signatures = await execWipefsProbe(runner, devicePath);
  return signatures.map((signature) => {
    const facts = [signature.uuid && `UUID=${signature.uuid}`, signature.label && `LABEL=${signature.label}`]
      .filter(Boolean)
      .join(' ');
    return {
      kind: `wipefs:${signature.type}`,
      description: `wipefs finds a ${signature.type} signature at offset ${formatOffset(signature.offset)}${facts === '' ? '' : ` (${facts})`}`,
      offset: signature.offset,
    };
  });
}

/** Parses the GPT when a header was seen; a GPT that cannot be parsed stays plain evidence. */
async function readGpt(read: ByteReader, device: Device, evidence: readonly Evidence[]): Promise<Gpt | null> {
  if (!evidence.some((finding) => finding.kind === 'gpt-primary' || finding.kind === 'gpt-backup'))
    return null;
  try {
    return await parseGpt(read, device.sizeBytes, device.logicalSectorSize);
  } catch {
    return null;
  }
}

/**
 * Mounts of the disk or its partitions: a mount source naming `<devRoot>/<name>` (directly or through
 * a symlink such as /dev/disk/by-uuid/…), or, when the dev root is the real /dev, a mountinfo
 * `major:minor` equal to the sysfs `dev` (so fixture trees never match the host's own mounts).
 */
async function findMounts(
  options: InspectDiskOptions,
  partitions: { name: string; number: number }[],
): Promise<{ evidence: Evidence[]; partitionMountpoints: Map<number, string[]> }> {
  const { device, sysRoot, devRoot, mounts } = options;
  const realDev = path.resolve(devRoot) === '/dev';
  const sources = await Promise.all(mounts.map((mount) => resolveMountSource(mount.source)));
  const evidence: Evidence[] = [];
  const partitionMountpoints = new Map<number, string[]>();
  const owners = [
    { name: device.name, number: 0, dir: path.join(sysRoot, 'block', device.name) },
    ...partitions.map((partition) => ({
      ...partition,
      dir: path.join(sysRoot, 'block', device.name, partition.name),
    })),
  ];
  for (const owner of owners) {
    const majorMinor = realDev ? await readSysfsAttribute(owner.dir, 'dev') : null;
    const node = path.join(devRoot, owner.name);
    mounts.forEach((mount, index) => {
      const byNumber = majorMinor !== null && mount.majorMinor === majorMinor;
      if (!byNumber && !sources[index]?.includes(node)) return;
      const isPartition = owner.number !== 0;
      evidence.push({
        kind: isPartition ? 'mounted-partition' : 'mounted',
        description: `${owner.name} is mounted at ${mount.target} (${mount.fsType})`,
        offset: null,
      });
      if (isPartition) {
        partitionMountpoints.set(owner.number, [
          ...(partitionMountpoints.get(owner.number) ?? []),
          mount.target,
        ]);
      }
    });
  }
  return { evidence, partitionMountpoints };
}

/**
 * The mount source as written and, for paths, where its symlinks lead. A multi-device bcachefs
 * shows all its members joined by colons (`/dev/vda3:/dev/vdb3`); each member counts.
 */
async function resolveMountSource(source: string): Promise<string[]> {
  const members = source.split(':').filter((member) => member.startsWith('/'));
  const resolved = [source, ...members];
  for (const member of members) {
    try {
      resolved.push(realpathSync(member));
    } catch {
      // a source that does not exist (any more) only matches as written
    }
  }
  return resolved;
}

async function probePartitions(
  runner: CommandRunner,
  device: Device,
  gpt: Gpt,
  mountpoints: Map<number, string[]>,
): Promise<FoundPartition[]> {
  // One blkid per partition, side by side (each exec costs under TCG); the list keeps the GPT's order.
  return Promise.all(
    gpt.partitions.map(async (partition): Promise<FoundPartition> => {
      const result = await execBlkidProbe(runner, device.path, {
        offset: partition.startBytes,
        size: partition.sizeBytes,
      });
      const values = result.status === 'found' ? result.values : {};
      return {
        number: partition.number,
        name: partition.name,
        typeGuid: partition.typeGuid,
        guid: partition.guid,
        startBytes: partition.startBytes,
        sizeBytes: partition.sizeBytes,
        path: partitionPath(device.path, partition.number),
        fsType: values.TYPE ?? null,
        label: values.LABEL ?? null,
        uuid: values.UUID ?? null,
        uuidSub: values.UUID_SUB ?? null,
        probeProblem: result.status === 'ambivalent' ? result.message : null,
        mountpoints: mountpoints.get(partition.number) ?? [],
        membership: null,
      };
    }),
  );
}
