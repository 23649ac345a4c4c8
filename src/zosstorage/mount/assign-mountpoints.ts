// Where each data filesystem is mounted: `<base_dir>/<uuid>`, the configured paths in filesystem order, or (zos)
// `/var/mounts/<uuid>`.
import { ZOS_LABELS } from '../layout/zos-layout.ts';
import path from 'node:path';
import { ZosError } from '../errors/zos-error.ts';
import type { Config } from '../types.ts';
import { ZOS_MOUNT_ROOT } from './zos-mount-scheme.ts';

/** The label that marks a data filesystem; ESPs (ZOSBOOT) are never mounted by zosstorage. */
export const DATA_LABEL = ZOS_LABELS.data;

/**
 * Returns copies of `filesystems` with `mountpoint` set for data filesystems and null for the rest.
 * Works for planned filesystems and for layouts found on disk. With `mount.enabled: false` every
 * mountpoint is null (nothing will be mounted). Explicit paths beyond the number of data filesystems
 * are left unused; fewer paths than data filesystems is CONFIG_INVALID.
 */
export function assignMountpoints<T extends { label: string; uuid: string; mountpoint: string | null }>(
  filesystems: readonly T[],
  config: Config,
): T[] {
  const { enabled, scheme, base_dir: baseDir, paths } = config.mount;
  const dataCount = filesystems.filter((filesystem) => filesystem.label === DATA_LABEL).length;
  if (enabled && scheme === 'explicit' && paths.length < dataCount) {
    throw new ZosError(
      'CONFIG_INVALID',
      `mount.scheme is explicit but mount.paths lists ${paths.length} path(s) for ${dataCount} data ` +
        `filesystem(s); add ${dataCount - paths.length} more path(s) to mount.paths or use mount.scheme per_uuid`,
      { details: { paths: paths.length, filesystems: dataCount } },
    );
  }
  let dataIndex = 0;
  return filesystems.map((filesystem) => {
    if (!enabled || filesystem.label !== DATA_LABEL) return { ...filesystem, mountpoint: null };
    const mountpoint =
      scheme === 'explicit'
        ? (paths[dataIndex] as string)
        : path.posix.join(scheme === 'zos' ? ZOS_MOUNT_ROOT : baseDir, filesystem.uuid);
    dataIndex += 1;
    return { ...filesystem, mountpoint };
  });
}
