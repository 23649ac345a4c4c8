// Mount options of a data filesystem: btrfs compress= and device= (multi-device), plus mount.options.
import type { Config, ReportFilesystem } from '../types.ts';

export interface BuildMountOptionsInput {
  filesystem: Pick<ReportFilesystem, 'type' | 'members'>;
  config: Config;
  /**
   * Name every member with `device=` (multi-device btrfs). Needed in the initramfs, which has no udev to
   * run `btrfs device scan`; left out of fstab, where kernel names are not stable across boots.
   */
  withDevices: boolean;
}

export function buildMountOptions({ filesystem, config, withDevices }: BuildMountOptionsInput): string[] {
  const options: string[] = [];
  if (filesystem.type === 'btrfs') {
    const compression = config.filesystem.btrfs.compression;
    if (compression !== null) options.push(`compress=${compression}`);
    if (withDevices && filesystem.members.length > 1) {
      options.push(...filesystem.members.map((member) => `device=${member}`));
    }
  }
  options.push(...config.mount.options);
  return options;
}
