// The mount argv of a data filesystem (pure): btrfs by its first member, bcachefs by all members joined with ':';
// under the zos scheme also its subvolume mounts.
import path from 'node:path';
import type { Command } from '../exec/command.ts';
import type { Config, ReportFilesystem } from '../types.ts';
import { buildMountOptions } from './build-mount-options.ts';
import { ZOS_SUBVOLUME_OPTIONS } from './zos-mount-scheme.ts';

export function buildMountCommand(
  filesystem: Pick<ReportFilesystem, 'type' | 'members' | 'uuid' | 'state'>,
  target: string,
  config: Config,
): Command {
  const options = buildMountOptions({
    filesystem,
    config,
    withDevices: true,
    zos: config.mount.scheme === 'zos' ? 'root' : undefined,
  });
  const source =
    filesystem.type === 'bcachefs' ? filesystem.members.join(':') : (filesystem.members[0] ?? '');
  // A degraded bcachefs goes to the kernel directly (-i): the mount.bcachefs helper (bcachefs-tools 1.13) looks its
  // missing members up and gave up with "No device(s) to mount specified" (lifecycle-bcachefs-raid1-missing).
  const internal = filesystem.type === 'bcachefs' && filesystem.state === 'degraded' ? ['-i'] : [];
  return {
    argv: [
      'mount',
      ...internal,
      '-t',
      filesystem.type,
      ...(options.length > 0 ? ['-o', options.join(',')] : []),
      source,
      target,
    ],
    purpose: `mount ${filesystem.type} ${filesystem.uuid} at ${target}`,
  };
}

/**
 * A subvolume of the zos scheme at `target`: btrfs mounts it by `subvol=` (like fstab will); bcachefs binds the
 * folder from the filesystem's own mount at `rootTarget`, because `X-mount.subdir=` (what fstab says) is a libmount
 * feature that the `mount.bcachefs` helper in the initramfs does not apply (`mount --bind -o noatime` binds, then
 * remounts the bind with the option).
 */
export function buildSubvolumeMountCommand(
  filesystem: Pick<ReportFilesystem, 'type' | 'members' | 'uuid' | 'state'>,
  subvolume: string,
  rootTarget: string,
  target: string,
  config: Config,
): Command {
  const purpose = `mount subvolume ${subvolume} of ${filesystem.type} ${filesystem.uuid} at ${target}`;
  if (filesystem.type === 'bcachefs')
    return {
      argv: [
        'mount',
        '--bind',
        '-o',
        ZOS_SUBVOLUME_OPTIONS.join(','),
        path.join(rootTarget, subvolume),
        target,
      ],
      purpose,
    };
  const options = buildMountOptions({ filesystem, config, withDevices: true, zos: { subvolume } });
  return {
    argv: ['mount', '-t', filesystem.type, '-o', options.join(','), filesystem.members[0] ?? '', target],
    purpose,
  };
}
