// Infers which topology the filesystems found on zos-layout disks represent.
import { ZOS_PARTITIONS } from '../layout/zos-layout.ts';
import type { TopologyName } from '../types.ts';

/** One disk's data partition as found on disk. */
export interface FoundDataPartition {
  diskPath: string;
  /** `zosdata` or `zoscache`. */
  name: string;
  fsType: string;
  uuid: string;
  /** The devices its filesystem's own metadata counts (a missing member still counts); default: those present. */
  devices?: number;
  /** A bcachefs with disk labels (the planner gives them only to cached layouts): cached even with its cache gone. */
  labelled?: boolean;
}

export type TopologyInference = { ok: true; topology: TopologyName } | { ok: false; reason: string };

/**
 * btrfs: one filesystem over all disks = btrfs_single (1 disk) or btrfs_raid1 (2+); one per disk
 * (2+) = btrfs_independent. bcachefs: one filesystem over all disks = bcachefs_cached when any
 * partition is `zoscache`, else bcachefs_single (1) or bcachefs_raid1 (2+). Anything else is no topology.
 */
export function inferTopology(partitions: FoundDataPartition[]): TopologyInference {
  const types = new Set(partitions.map((partition) => partition.fsType));
  const uuids = new Set(partitions.map((partition) => partition.uuid));
  const count = partitions.length;
  if (count === 0) return { ok: false, reason: 'no data partitions' };
  if (types.size > 1)
    return { ok: false, reason: `mixed filesystem types (${[...types].sort().join(', ')})` };
  const type = [...types][0];
  const caches = partitions.filter((partition) => partition.name === ZOS_PARTITIONS.cache.name).length;
  if (type === 'btrfs') {
    if (caches > 0)
      return { ok: false, reason: 'a zoscache partition holds btrfs (cache layouts use bcachefs)' };
    const devices = Math.max(count, ...partitions.map((partition) => partition.devices ?? 1));
    if (uuids.size === 1) return { ok: true, topology: devices === 1 ? 'btrfs_single' : 'btrfs_raid1' };
    if (uuids.size === count && partitions.every((partition) => (partition.devices ?? 1) === 1))
      return { ok: true, topology: 'btrfs_independent' };
    return {
      ok: false,
      reason: `${uuids.size} btrfs filesystems over ${count} disks (neither one nor one per disk)`,
    };
  }
  if (type === 'bcachefs') {
    if (uuids.size !== 1)
      return { ok: false, reason: `${uuids.size} bcachefs filesystems over ${count} disks` };
    if (caches > 0 || partitions.some((partition) => partition.labelled)) {
      if (caches === count)
        return { ok: false, reason: 'a bcachefs cache layout without a backing (zosdata) device' };
      return { ok: true, topology: 'bcachefs_cached' };
    }
    const devices = Math.max(count, ...partitions.map((partition) => partition.devices ?? 1));
    return { ok: true, topology: devices === 1 ? 'bcachefs_single' : 'bcachefs_raid1' };
  }
  return { ok: false, reason: `unexpected data filesystem type ${type}` };
}
