// The topology names, defined once: the config schema, the report schema and the TopologyName type derive from here.

export const TOPOLOGY_NAMES = [
  'btrfs_single',
  'bcachefs_single',
  'btrfs_independent',
  'btrfs_raid1',
  'bcachefs_raid1',
  'bcachefs_cached',
] as const;

export type TopologyName = (typeof TOPOLOGY_NAMES)[number];

/** What `topology.mode` accepts: a topology, or `auto` (chosen from the disks). */
export const TOPOLOGY_MODES = ['auto', ...TOPOLOGY_NAMES] as const;

export type TopologyMode = (typeof TOPOLOGY_MODES)[number];
