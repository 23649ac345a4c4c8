// Rejects settings that are each valid but impossible together, as far as the config alone can tell.
import type { Config } from '../types.ts';

export interface CombinationProblem {
  keys: (string | number)[];
  message: string;
}

const SINGLE_FILESYSTEM_TOPOLOGIES = [
  'btrfs_single',
  'bcachefs_single',
  'btrfs_raid1',
  'bcachefs_raid1',
  'bcachefs_cached',
];

/** Flags zosstorage sets itself; passing them again would contradict the plan. */
const RESERVED_MKFS_FLAGS = {
  btrfs: ['-L', '--label', '-U', '--uuid', '-d', '--data', '-m', '--metadata', '-f', '--force'],
  bcachefs: [
    '-L',
    '--label',
    '--uuid',
    '--replicas',
    '--data_replicas',
    '--metadata_replicas',
    '--foreground_target',
    '--promote_target',
    '--background_target',
    '--compression',
    '-f',
    '--force',
  ],
} as const;

function checkRoles(config: Config): CombinationProblem[] {
  const { mode, roles } = config.topology;
  const problems: CombinationProblem[] = [];
  if (roles.cache.length + roles.backing.length > 0 && mode !== 'auto' && mode !== 'bcachefs_cached') {
    problems.push({
      keys: ['topology', 'roles'],
      message: `device roles only apply to topology auto or bcachefs_cached, not ${mode}; remove them or change topology.mode`,
    });
  }
  roles.backing.forEach((device, index) => {
    if (roles.cache.includes(device)) {
      problems.push({
        keys: ['topology', 'roles', 'backing', index],
        message: `"${device}" is listed as both cache and backing; give each device one role`,
      });
    }
  });
  return problems;
}

function checkMounts(config: Config): CombinationProblem[] {
  const { mount, fstab, topology } = config;
  const problems: CombinationProblem[] = [];
  if (mount.scheme === 'explicit' && mount.paths.length === 0) {
    problems.push({
      keys: ['mount', 'paths'],
      message: 'mount.scheme is explicit: list one mountpoint per data filesystem here',
    });
  }
  if (mount.scheme === 'per_uuid' && mount.paths.length > 0) {
    problems.push({
      keys: ['mount', 'paths'],
      message: 'only used with mount.scheme: explicit (per_uuid mounts at base_dir/UUID)',
    });
  }
  if (SINGLE_FILESYSTEM_TOPOLOGIES.includes(topology.mode) && mount.paths.length > 1) {
    problems.push({
      keys: ['mount', 'paths'],
      message: `topology ${topology.mode} makes one data filesystem, but ${mount.paths.length} mountpoints are listed`,
    });
  }
  if (mount.scheme === 'zos' && (mount.paths.length > 0 || mount.subvolumes.length > 0)) {
    problems.push({
      keys: ['mount', mount.paths.length > 0 ? 'paths' : 'subvolumes'],
      message:
        'the zos scheme has its own mountpoints and subvolumes (/var/mounts/UUID; system, etc, modules, vm-meta at /var/cache/<name>); remove mount.paths and mount.subvolumes or use another scheme',
    });
  }
  if (mount.subvolumes.length > 0 && topology.mode.startsWith('bcachefs_')) {
    problems.push({
      keys: ['mount', 'subvolumes'],
      message: `btrfs subvolumes cannot be used with topology ${topology.mode}`,
    });
  }
  if (fstab.enabled && !mount.enabled) {
    problems.push({
      keys: ['fstab', 'enabled'],
      message: 'fstab entries need mounted filesystems: set mount.enabled: true or disable fstab',
    });
  }
  return problems;
}

function checkMkfsArgs(config: Config): CombinationProblem[] {
  const problems: CombinationProblem[] = [];
  for (const kind of ['btrfs', 'bcachefs'] as const) {
    config.filesystem[kind].mkfs_extra_args.forEach((arg, index) => {
      const flag = arg.split('=')[0] as string;
      if ((RESERVED_MKFS_FLAGS[kind] as readonly string[]).includes(flag)) {
        problems.push({
          keys: ['filesystem', kind, 'mkfs_extra_args', index],
          message: `"${flag}" is set by zosstorage itself; remove it (use the config keys for labels, profiles, replicas, compression)`,
        });
      }
    });
  }
  return problems;
}

/** Every impossible combination in `config` (pure). Checks that need the disks are the planner's. */
export function checkConfigCombinations(config: Config): CombinationProblem[] {
  return [...checkRoles(config), ...checkMounts(config), ...checkMkfsArgs(config)];
}
