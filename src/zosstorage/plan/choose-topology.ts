// Resolves `topology: auto` to a concrete topology from the disks and the configured roles.
import type { Config, Device, TopologyName } from '../types.ts';

/** Whether the config names cache or backing devices explicitly. */
export function hasExplicitRoles(config: Config): boolean {
  return config.topology.roles.cache.length > 0 || config.topology.roles.backing.length > 0;
}

/**
 * `auto`: explicit roles → bcachefs_cached; one disk → btrfs_single; several disks of one class
 * (all rotational or all not) → btrfs_independent; a mix → bcachefs_cached. Any other mode is kept.
 */
export function chooseTopology(devices: readonly Device[], config: Config): TopologyName {
  const mode = config.topology.mode;
  if (mode !== 'auto') return mode;
  if (hasExplicitRoles(config)) return 'bcachefs_cached';
  if (devices.length === 1) return 'btrfs_single';
  const rotational = devices.filter((device) => device.rotational).length;
  return rotational === 0 || rotational === devices.length ? 'btrfs_independent' : 'bcachefs_cached';
}
