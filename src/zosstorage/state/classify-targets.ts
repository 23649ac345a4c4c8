// Idempotency: are the targets all empty, all provisioned by zosstorage, or anything else (refused)?
import { ZOS_DATA_FS_TYPES, ZOS_ESP_FS_TYPE, ZOS_LABELS } from '../layout/zos-layout.ts';
import { ZosError } from '../errors/zos-error.ts';
import type { DiskState } from '../safety/disk-state.ts';
import type { Config, Layout } from '../types.ts';
import {
  buildFoundLayout,
  findDataPartition,
  findEspPartition,
  type FoundZosDisk,
} from './build-found-layout.ts';
import { describeRefusal, type RefusedDisk } from './describe-refusal.ts';
import { inferTopology } from './infer-topology.ts';

export type TargetClassification = { kind: 'empty' } | { kind: 'provisioned'; layout: Layout };

/** Evidence kinds that mean "our partitions, but not (or not only) our layout": reported as PARTIAL_LAYOUT. */
const PARTIAL_KINDS = new Set(['incomplete-gpt', 'zos-gpt-with-foreign-signatures']);

/**
 * All empty → empty. All carrying the zos GPT with ZOSBOOT ESPs and the ZOSDATA filesystem(s) of
 * one topology (the configured one, or any for `auto`) → provisioned. Anything else throws
 * DISK_NOT_EMPTY or PARTIAL_LAYOUT naming every offending disk and its evidence.
 */
export function classifyTargets(states: DiskState[], config: Config): TargetClassification {
  const refused: RefusedDisk[] = [];
  let partial = false;
  for (const state of states) {
    if (state.state !== 'not_empty') continue;
    refused.push({ path: state.device.path, evidence: state.evidence });
    partial ||= state.evidence.some((entry) => PARTIAL_KINDS.has(entry.kind));
  }
  const zos = states.filter((state) => state.state === 'zos');
  const empty = states.filter((state) => state.state === 'empty');
  if (refused.length > 0) {
    const code = partial || zos.length > 0 ? 'PARTIAL_LAYOUT' : 'DISK_NOT_EMPTY';
    const noun = refused.length === 1 ? '1 target disk is' : `${refused.length} target disks are`;
    throw new ZosError(code, describeRefusal(`refusing to touch any disk: ${noun} not empty:`, refused), {
      details: { disks: refused },
    });
  }
  if (zos.length === 0) return { kind: 'empty' };
  if (empty.length > 0) {
    throw new ZosError(
      'PARTIAL_LAYOUT',
      `refusing to touch any disk: ${zos.map((state) => state.device.path).join(', ')} already carr` +
        `${zos.length === 1 ? 'ies' : 'y'} the zos layout but ${empty.map((state) => state.device.path).join(', ')} ` +
        `${empty.length === 1 ? 'is' : 'are'} empty (an interrupted or partial provisioning, or a disk was added). ` +
        'Nothing was written; wipe the zos disks or leave the empty ones out with device_selection.exclude_patterns.',
      {
        details: {
          zos: zos.map((state) => state.device.path),
          empty: empty.map((state) => state.device.path),
        },
      },
    );
  }
  const disks = zos.map((state) => ({ device: state.device, found: state.found }));
  return { kind: 'provisioned', layout: checkProvisioned(disks, config) };
}

function checkProvisioned(disks: FoundZosDisk[], config: Config): Layout {
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
      ),
      { details: { disks: problems } },
    );
  }
  const inference = inferTopology(data);
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
        `configuration asks for ${wanted}. Nothing was written; use topology auto (or ${inference.topology}) to keep them, ` +
        'or wipe the disks to re-provision.',
      { details: { found: inference.topology, wanted } },
    );
  }
  return buildFoundLayout(disks, inference.topology);
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
