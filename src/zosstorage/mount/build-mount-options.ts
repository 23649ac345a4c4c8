// Mount options of a data filesystem: btrfs compress= and device= (multi-device), the zos scheme's subvolume
// options, plus mount.options.
import type { Config, ReportFilesystem } from '../types.ts';
import { ZOS_SUBVOLUME_OPTIONS } from './zos-mount-scheme.ts';

export interface BuildMountOptionsInput {
  filesystem: Pick<ReportFilesystem, 'type' | 'members' | 'state'>;
  config: Config;
  /**
   * Name every member with `device=` (multi-device btrfs). Needed in the initramfs, which has no udev to
   * run `btrfs device scan`; left out of fstab, where kernel names are not stable across boots.
   */
  withDevices: boolean;
  /**
   * The zos scheme: `root` is the filesystem's own mount at /var/mounts/UUID (btrfs `subvolid=5`, the top level
   * whatever the default subvolume); `{ subvolume }` one of its subvolumes at /var/cache/<name> (btrfs
   * `subvol=<name>`, bcachefs `X-mount.subdir=<name>`, both `noatime`). Absent for the other schemes.
   */
  zos?: 'root' | { subvolume: string };
}

export function buildMountOptions({
  filesystem,
  config,
  withDevices,
  zos,
}: BuildMountOptionsInput): string[] {
  const options: string[] = [];
  if (filesystem.type === 'btrfs') {
    if (zos === 'root') options.push('subvolid=5');
    if (typeof zos === 'object') options.push(`subvol=${zos.subvolume}`, ...ZOS_SUBVOLUME_OPTIONS);
    const compression = config.filesystem.btrfs.compression;
    if (compression !== null) options.push(`compress=${compression}`);
    if (withDevices && filesystem.members.length > 1) {
      options.push(...filesystem.members.map((member) => `device=${member}`));
    }
  }
  if (filesystem.type === 'bcachefs' && typeof zos === 'object')
    options.push(`X-mount.subdir=${zos.subvolume}`, ...ZOS_SUBVOLUME_OPTIONS);
  // A member missing (within what the filesystem can lose): this boot mounts it degraded; fstab never says so.
  if (withDevices && filesystem.state === 'degraded') options.push('degraded');
  options.push(...config.mount.options.filter((option) => !options.includes(option)));
  return options;
}
