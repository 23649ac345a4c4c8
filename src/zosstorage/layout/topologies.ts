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

/**
 * The topology names of the zos node's own (Rust) zosstorage, accepted wherever a topology is given; the run
 * uses (and the report records) our name beside the alias. Its `btrfs_single`, `bcachefs_single` and
 * `btrfs_raid1` are ours already.
 */
export const TOPOLOGY_ALIASES = {
  dual_independent: 'btrfs_independent',
  bcachefs2_copy: 'bcachefs_raid1',
  ssd_hdd_bcachefs: 'bcachefs_cached',
} as const satisfies Record<string, TopologyName>;

export type TopologyAlias = keyof typeof TOPOLOGY_ALIASES;

/** Every value `topology.mode` accepts: our modes and the zos tool's aliases. */
export const TOPOLOGY_MODE_INPUTS = [
  ...TOPOLOGY_MODES,
  ...(Object.keys(TOPOLOGY_ALIASES) as TopologyAlias[]),
];

/** Our mode for an accepted input, and the alias it was given as (null when it was our name). */
export function resolveTopologyAlias(input: string): { mode: TopologyMode; alias: TopologyAlias | null } {
  if (Object.hasOwn(TOPOLOGY_ALIASES, input)) {
    const alias = input as TopologyAlias;
    return { mode: TOPOLOGY_ALIASES[alias], alias };
  }
  return { mode: input as TopologyMode, alias: null };
}
