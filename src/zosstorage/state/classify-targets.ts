// Idempotency: are the targets all empty, all provisioned by zosstorage, or anything else (refused)?
import { ZOS_DATA_FS_TYPES, ZOS_ESP_FS_TYPE, ZOS_LABELS } from '../layout/zos-layout.ts';
import { ZosError } from '../errors/zos-error.ts';
import type { DiskState } from '../safety/disk-state.ts';
import type { Config, Layout, OtherDisk } from '../types.ts';
import { describeMissing, groupFilesystems, type ZosFilesystem } from './group-filesystems.ts';
import {
  buildFoundLayout,
  findDataPartition,
  findEspPartition,
  type FoundZosDisk,
} from './build-found-layout.ts';
import { describeRefusal, type RefusedDisk } from './describe-refusal.ts';
import { inferTopology } from './infer-topology.ts';

export type TargetClassification =
  { kind: 'empty' } | { kind: 'provisioned'; layout: Layout; filesystems: ZosFilesystem[] };

/** Evidence kinds that mean "our partitions, but not (or not only) our layout": reported as PARTIAL_LAYOUT. */
const PARTIAL_KINDS = new Set(['incomplete-gpt', 'zos-gpt-with-foreign-signatures']);

/**
 * All empty → empty. Disks carrying the zos GPT with ZOSBOOT ESPs and the ZOSDATA filesystem(s) of one topology
 * (the configured one, or any for `auto`) → provisioned, whatever else is attached: the filesystems' own metadata
 * defines the layout (a member may be missing, within what the filesystem can lose), and any other disk — new and
 * empty, or holding something else — is reported and left untouched. Anything else throws DISK_NOT_EMPTY,
 * PARTIAL_LAYOUT or MEMBERS_MISSING naming every offending disk and its evidence.
 */
export function classifyTargets(states: DiskState[], config: Config): TargetClassification {
  const refused: RefusedDisk[] = [];
  const partial: RefusedDisk[] = [];
  for (const state of states) {
    if (state.state !== 'not_empty') continue;
    const disk = { path: state.device.path, evidence: state.evidence };
    if (state.evidence.some((entry) => PARTIAL_KINDS.has(entry.kind))) partial.push(disk);
    else refused.push(disk);
  }
  const zos = states.filter((state) => state.state === 'zos');
  if (partial.length > 0) {
    const noun = partial.length === 1 ? '1 target disk carries' : `${partial.length} target disks carry`;
    throw new ZosError(
      'PARTIAL_LAYOUT',
      describeRefusal(
        `refusing to touch any disk: ${noun} the zos partitions with something else:`,
        partial,
        'zos',
      ),
      { details: { disks: partial } },
    );
  }
  if (zos.length === 0) {
    if (refused.length === 0) return { kind: 'empty' };
    const noun = refused.length === 1 ? '1 target disk is' : `${refused.length} target disks are`;
    throw new ZosError(
      'DISK_NOT_EMPTY',
      describeRefusal(`refusing to touch any disk: ${noun} not empty:`, refused),
      {
        details: { disks: refused },
      },
    );
  }
  const disks = zos.map((state) => ({ device: state.device, found: state.found }));
  const { layout, filesystems } = checkProvisioned(disks, config);
  // A provisioned node's other disks: added since (empty), or holding something else; never written.
  const otherDisks: OtherDisk[] = states.flatMap((state): OtherDisk[] => {
    if (state.state === 'zos') return [];
    const { path, serial, wwid, sizeBytes } = state.device;
    const reason = state.state === 'not_empty' ? (state.evidence[0]?.description ?? null) : null;
    return [
      { path, serial, wwid, sizeBytes, state: state.state === 'empty' ? 'unprovisioned' : 'refused', reason },
    ];
  });
  return { kind: 'provisioned', layout: { ...layout, otherDisks }, filesystems };
}

function checkProvisioned(
  disks: FoundZosDisk[],
  config: Config,
): { layout: Layout; filesystems: ZosFilesystem[] } {
  const problems: RefusedDisk[] = [];
  const data = [];
  for (const { device, found } of disks) {
    const evidence = [];
    const esp = findEspPartition(found);
    if (esp && (esp.fsType !== ZOS_ESP_FS_TYPE || esp.label !== ZOS_LABELS.esp)) {
      evidence.push(
        `ESP ${esp.path} holds ${describeFs(esp)} instead of ${ZOS_ESP_FS_TYPE} labelled ${ZOS_LABELS.esp}`,
      );
    }
    const partition = findDataPartition(found);
    if (
      partition &&
      (!ZOS_DATA_FS_TYPES.includes(partition.fsType ?? '') || partition.label !== ZOS_LABELS.data)
    ) {
      evidence.push(
        `${partition.name} partition ${partition.path} holds ${describeFs(partition)} instead of a ${ZOS_LABELS.data} ${ZOS_DATA_FS_TYPES.join(' or ')}`,
      );
    } else if (partition) {
      data.push({
        diskPath: device.path,
        name: partition.name,
        fsType: partition.fsType as string,
        uuid: partition.uuid ?? '',
      });
    }
    if (evidence.length > 0) {
      problems.push({
        path: device.path,
        evidence: evidence.map((description) => ({
          kind: 'zos-filesystem-missing',
          description,
          offset: null,
        })),
      });
    }
  }
  if (problems.length > 0) {
    throw new ZosError(
      'PARTIAL_LAYOUT',
      describeRefusal(
        'refusing to touch any disk: the zos partitions exist but their filesystems do not (a partial provisioning):',
        problems,
        'zos',
      ),
      { details: { disks: problems } },
    );
  }
  const filesystems = groupFilesystems(disks);
  const unusable = filesystems.filter((filesystem) => filesystem.state === 'unusable');
  if (unusable.length > 0) throw buildMembersMissingError(unusable);
  const inference = inferTopology(
    data.map((partition) => {
      const filesystem = filesystems.find((candidate) => candidate.uuid === partition.uuid);
      const membership = filesystem?.present[0]?.partition.membership ?? null;
      return { ...partition, devices: filesystem?.devices ?? 1, labelled: membership?.labelled ?? false };
    }),
  );
  const paths = disks.map(({ device }) => device.path).join(', ');
  if (!inference.ok) {
    throw new ZosError(
      'PARTIAL_LAYOUT',
      `refusing to touch any disk: ${paths} carry zos filesystems that form no known topology (${inference.reason}). ` +
        'Nothing was written.',
      { details: { disks: disks.map(({ device }) => device.path), reason: inference.reason } },
    );
  }
  const wanted = config.topology.mode;
  if (wanted !== 'auto' && wanted !== inference.topology) {
    throw new ZosError(
      'DISK_NOT_EMPTY',
      `refusing to touch any disk: ${paths} are already provisioned as ${inference.topology}, but the ` +
        `configuration asks for ${wanted}. Nothing was written, and zosstorage never re-provisions a node's disks: ` +
        `set topology to auto (or ${inference.topology}) to keep using them as they are.`,
      { details: { found: inference.topology, wanted } },
    );
  }
  const layout = buildFoundLayout(disks, inference.topology);
  return { layout: annotateFilesystems(layout, filesystems), filesystems };
}

/** Each found data filesystem with what its metadata says: complete or degraded, its device count, who is missing. */
function annotateFilesystems(layout: Layout, filesystems: readonly ZosFilesystem[]): Layout {
  return {
    ...layout,
    filesystems: layout.filesystems.map((filesystem) => {
      const found = filesystems.find((candidate) => candidate.uuid === filesystem.uuid);
      if (found === undefined) return filesystem;
      return {
        ...filesystem,
        state: found.state === 'complete' ? 'complete' : 'degraded',
        devices: found.devices,
        ...(found.missingCount > 0 ? { missing: describeMissing(found).split(', ') } : {}),
      };
    }),
  };
}

/** MEMBERS_MISSING: more members missing than a filesystem can lose; names each, and what to do (never a wipe). */
function buildMembersMissingError(unusable: readonly ZosFilesystem[]): ZosError {
  const described = unusable.map(
    (filesystem) =>
      `${filesystem.type} ${filesystem.uuid} has ${filesystem.devices - filesystem.missingCount} of its ${filesystem.devices} members ` +
      `(${filesystem.present.map((member) => member.partition.path).join(', ')}); missing: ${describeMissing(filesystem)}; ` +
      `it can lose ${filesystem.tolerance}`,
  );
  return new ZosError(
    'MEMBERS_MISSING',
    `refusing to mount or touch any disk: ${described.join('; ')}. Nothing was written and nothing mounted: with ` +
      'that many members gone the filesystem is not whole. Attach the missing disks again (a dead controller, a ' +
      'loose cable, the disks moved to another node) and boot again; the data is on them.',
    { details: { filesystems: unusable.map((filesystem) => filesystem.uuid) } },
  );
}

function describeFs(partition: {
  fsType: string | null;
  label: string | null;
  probeProblem: string | null;
}): string {
  if (partition.probeProblem !== null) return `an ambiguous signature (${partition.probeProblem})`;
  if (partition.fsType === null) return 'no filesystem';
  return `${partition.fsType}${partition.label === null ? ' without a label' : ` labelled ${partition.label}`}`;
}
