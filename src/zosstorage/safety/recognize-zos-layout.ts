// Decides whether a parsed GPT is the zos layout, and which findings that layout explains.
import type { Gpt, GptPartition } from '../../shared/gpt/parse-gpt.ts';
import { ZOS_DATA_NAMES, ZOS_PARTITION_ORDER, ZOS_PARTITIONS } from '../layout/zos-layout.ts';
import type { Evidence } from './disk-state.ts';

export type ZosLayoutVerdict =
  | { kind: 'zos' }
  /** Some zos partitions, but not the whole layout (or a damaged table). */
  | { kind: 'incomplete'; reason: string }
  | { kind: 'foreign'; reason: string };

/** Each kind of zos partition in on-disk order, with every name it may carry (layout/zos-layout.ts). */
const ZOS_KINDS = ZOS_PARTITION_ORDER.map((kind) => ({
  typeGuid: kind.typeGuid,
  names: kind === ZOS_PARTITIONS.data ? ZOS_DATA_NAMES : [kind.name],
}));

/**
 * The zos layout: an optional BIOS boot partition `zosboot` (EF02), one ESP `zosboot` (EF00) and
 * one `zosdata`/`zoscache` partition (8300), in that order on disk, and nothing else; the table
 * must be healthy (both headers present, CRCs valid).
 */
export function recognizeZosLayout(gpt: Gpt): ZosLayoutVerdict {
  const ours = gpt.partitions.filter(isZosPartition);
  const strangers = gpt.partitions.filter((partition) => !isZosPartition(partition));
  if (ours.length === 0) {
    return {
      kind: 'foreign',
      reason: `GPT that is not the zos layout: ${describePartitions(gpt.partitions)}`,
    };
  }
  const problems = [...gpt.problems];
  for (const stranger of strangers)
    problems.push(`partition ${describePartition(stranger)} is not part of the zos layout`);
  const count = (typeGuid: string) => ours.filter((partition) => partition.typeGuid === typeGuid).length;
  if (count(ZOS_PARTITIONS.biosBoot.typeGuid) > 1) problems.push('more than one BIOS boot partition');
  if (count(ZOS_PARTITIONS.esp.typeGuid) !== 1)
    problems.push(`${count(ZOS_PARTITIONS.esp.typeGuid)} ESPs instead of 1`);
  if (count(ZOS_PARTITIONS.data.typeGuid) !== 1) {
    problems.push(`${count(ZOS_PARTITIONS.data.typeGuid)} zosdata/zoscache partitions instead of 1`);
  }
  const byStart = [...ours].sort((a, b) => a.startBytes - b.startBytes);
  const order = byStart.map((partition) => ZOS_KINDS.findIndex((zos) => zos.typeGuid === partition.typeGuid));
  if (order.some((value, index) => index > 0 && value < (order[index - 1] as number))) {
    problems.push('zos partitions are not in the order BIOS boot, ESP, data');
  }
  if (problems.length > 0) {
    return {
      kind: 'incomplete',
      reason: `zos GPT layout that is incomplete or damaged: ${problems.join('; ')}`,
    };
  }
  return { kind: 'zos' };
}

/**
 * True for findings that a disk carrying the zos layout shows by construction. A format structure our own
 * probes find inside one of the layout's partitions (the ESP's FAT at a partition start, a btrfs mirror in the
 * data partition) is that partition's content, which is checked partition by partition afterwards.
 */
export function isExplainedByZosLayout(
  evidence: Evidence,
  context: {
    sysfsPartitionsMatchGpt: boolean;
    partitionsMounted: boolean;
    partitions: readonly Pick<GptPartition, 'startBytes' | 'sizeBytes'>[];
  },
): boolean {
  const { offset } = evidence;
  if (
    evidence.copy !== undefined &&
    evidence.format !== 'GPT' &&
    evidence.format !== 'MBR' &&
    offset !== null
  ) {
    const inside = context.partitions.some(
      (p) => offset >= p.startBytes && offset < p.startBytes + p.sizeBytes,
    );
    if (inside) return true;
  }
  switch (evidence.kind) {
    case 'mbr':
    case 'protective-mbr':
    case 'gpt-primary':
    case 'gpt-backup':
    case 'non-zero-head':
    case 'non-zero-tail':
    case 'wipefs:gpt':
    case 'wipefs:PMBR':
      return true;
    case 'partition':
    case 'mounted-partition':
      return context.sysfsPartitionsMatchGpt;
    case 'busy':
      return context.partitionsMounted;
    default:
      return false;
  }
}

function isZosPartition(partition: GptPartition): boolean {
  return ZOS_KINDS.some((zos) => zos.typeGuid === partition.typeGuid && zos.names.includes(partition.name));
}

function describePartitions(partitions: GptPartition[]): string {
  if (partitions.length === 0) return 'no partitions';
  return partitions.map(describePartition).join(', ');
}

function describePartition(partition: GptPartition): string {
  return `${partition.number} "${partition.name}" (type ${partition.typeGuid}, at ${partition.startBytes})`;
}
