// Checks that the chosen topology can be built on the disks found (only knowable at plan time).
import { ZosError } from '../errors/zos-error.ts';
import type { Config, Device, DiskRole, TopologyName } from '../types.ts';

/** Disks a btrfs profile needs at least (btrfs-progs ≥ 5.15: raid10 works on 2). */
const BTRFS_PROFILE_MIN_DISKS: Record<Config['filesystem']['btrfs']['data_profile'], number> = {
  single: 1,
  dup: 1,
  raid1: 2,
  raid10: 2,
  raid1c3: 3,
};

function fail(message: string, details: Record<string, unknown>): never {
  throw new ZosError('CONFIG_INVALID', message, { details });
}

function listPaths(devices: readonly Device[]): string {
  return devices.map((device) => device.path).join(', ') || 'none';
}

/** Throws CONFIG_INVALID naming the fix when `topology` cannot be laid out on these disks. */
export function checkTopologyFits(
  topology: TopologyName,
  disks: readonly { device: Device; role: DiskRole }[],
  config: Config,
): void {
  const devices = disks.map((disk) => disk.device);
  const count = devices.length;
  const found = `found ${count} (${listPaths(devices)})`;
  const details = { topology, devices: devices.map((device) => device.path) };

  switch (topology) {
    case 'btrfs_single':
    case 'bcachefs_single':
      if (count !== 1) {
        fail(
          `topology ${topology} takes exactly 1 disk, ${found}; use btrfs_independent, btrfs_raid1 or ` +
            'bcachefs_raid1, or narrow device_selection to one disk',
          details,
        );
      }
      return;
    case 'btrfs_independent':
      if (count < 2)
        fail(`topology btrfs_independent needs 2 or more disks, ${found}; use btrfs_single`, details);
      return;
    case 'btrfs_raid1': {
      const { data_profile: data, metadata_profile: metadata } = config.filesystem.btrfs;
      const needed = Math.max(2, BTRFS_PROFILE_MIN_DISKS[data], BTRFS_PROFILE_MIN_DISKS[metadata]);
      if (count < needed) {
        fail(
          `topology btrfs_raid1 with data profile ${data} and metadata profile ${metadata} needs ` +
            `${needed} or more disks, ${found}; attach more disks or use btrfs_single`,
          details,
        );
      }
      return;
    }
    case 'bcachefs_raid1': {
      const replicas = config.filesystem.bcachefs.replicas;
      const needed = Math.max(2, replicas);
      if (count < needed) {
        fail(
          `topology bcachefs_raid1 with replicas=${replicas} needs ${needed} or more disks, ${found}; ` +
            'attach more disks, lower filesystem.bcachefs.replicas or use bcachefs_single',
          details,
        );
      }
      return;
    }
    case 'bcachefs_cached': {
      const cache = disks.filter((disk) => disk.role === 'cache').map((disk) => disk.device);
      const backing = disks.filter((disk) => disk.role === 'backing').map((disk) => disk.device);
      if (cache.length === 0 || backing.length === 0) {
        fail(
          `topology bcachefs_cached needs at least 1 cache and 1 backing disk; cache: ${listPaths(cache)}, ` +
            `backing: ${listPaths(backing)}; name them in topology.roles.cache / topology.roles.backing ` +
            '(device path or serial) or choose another topology',
          details,
        );
      }
      const replicas = config.filesystem.bcachefs.replicas;
      if (backing.length >= 2 && replicas > count) {
        fail(
          `topology bcachefs_cached with replicas=${replicas} needs ${replicas} or more disks, ${found}; ` +
            'lower filesystem.bcachefs.replicas',
          details,
        );
      }
      return;
    }
  }
}
