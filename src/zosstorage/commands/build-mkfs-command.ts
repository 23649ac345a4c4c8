// The mkfs argv of one planned filesystem: mkfs.vfat, mkfs.btrfs or `bcachefs format` (never forced).
import type { Command } from '../exec/command.ts';
import type { PlannedFilesystem } from '../types.ts';

type Planned<Kind extends PlannedFilesystem['kind']> = Extract<PlannedFilesystem, { kind: Kind }>;

function buildVfat(filesystem: Planned<'vfat'>): string[] {
  return [
    'mkfs.vfat',
    '-F',
    '32',
    '-n',
    filesystem.label,
    '-i',
    filesystem.options.volume_id,
    ...filesystem.members,
  ];
}

/**
 * `-d`/`-m` only when planned (btrfs_raid1); single-disk filesystems keep mkfs.btrfs defaults. `--nodiscard` always:
 * mkfs.btrfs discards the whole device by default, and data that every check missed would then be gone for good
 * (docs/provisioner.md, "Discard").
 */
function buildBtrfs(filesystem: Planned<'btrfs'>): string[] {
  const { data_profile: data, metadata_profile: metadata, mkfs_extra_args: extra } = filesystem.options;
  const argv = ['mkfs.btrfs', '--nodiscard', '-L', filesystem.label, '-U', filesystem.uuid];
  if (data !== undefined) argv.push('-d', data);
  if (metadata !== undefined) argv.push('-m', metadata);
  return [...argv, ...extra, ...filesystem.members];
}

/**
 * bcachefs-tools option names (cmd_format.c / libbcachefs opts.h): `--fs_label`, `--uuid`, `--replicas`,
 * `--compression`, `--foreground_target`, `--promote_target`, `--background_target`; the per-device
 * `--label=<group>.<name>` must come right before its device.
 *
 * `--no_initialize` always: bcachefs-tools 1.13's userspace filesystem start (bch2_fs_initialize) frees
 * key-cache entries still in use (its SRCU stand-in reports every grace period as over; fixed upstream in
 * ac124c88859e, v1.20) and crashes now and then. The kernel initialises the filesystem instead, on the first
 * read-write mount, which the apply step performs right after the format (buildFirstMountCommands).
 */
function buildBcachefs(filesystem: Planned<'bcachefs'>): string[] {
  const options = filesystem.options;
  const argv = [
    'bcachefs',
    'format',
    '--no_initialize',
    `--fs_label=${filesystem.label}`,
    `--uuid=${filesystem.uuid}`,
  ];
  if (options.replicas !== undefined) argv.push(`--replicas=${options.replicas}`);
  for (const key of ['compression', 'foreground_target', 'promote_target', 'background_target'] as const) {
    const value = options[key];
    if (value !== undefined) argv.push(`--${key}=${value}`);
  }
  argv.push(...options.mkfs_extra_args);
  const labels = options.device_labels ?? [];
  filesystem.members.forEach((member, index) => {
    const label = labels[index];
    if (label !== undefined) argv.push(`--label=${label}`);
    argv.push(member);
  });
  return argv;
}

export function buildMkfsCommand(filesystem: PlannedFilesystem): Command {
  const argv =
    filesystem.kind === 'vfat'
      ? buildVfat(filesystem)
      : filesystem.kind === 'btrfs'
        ? buildBtrfs(filesystem)
        : buildBcachefs(filesystem);
  return {
    argv,
    purpose: `create ${filesystem.kind} ${filesystem.label} on ${filesystem.members.join(', ')}`,
  };
}

/** Where the apply step mounts a new bcachefs once to have the kernel initialise it (a private folder). */
export function firstMountPath(filesystem: Pick<PlannedFilesystem, 'uuid'>): string {
  return `/run/zosstorage/first-mount/${filesystem.uuid}`;
}

/**
 * The first read-write mount of a bcachefs formatted with `--no_initialize`: the kernel creates the root,
 * subvolumes and allocation info with every member present, then the unmount leaves it clean.
 */
export function buildFirstMountCommands(filesystem: PlannedFilesystem): Command[] {
  const path = firstMountPath(filesystem);
  const what = `bcachefs ${filesystem.label} (${filesystem.uuid})`;
  return [
    { argv: ['mkdir', '-p', path], purpose: `create the first-mount folder of ${what}` },
    {
      argv: ['mount', '-t', 'bcachefs', filesystem.members.join(':'), path],
      purpose: `mount ${what} once so the kernel initialises it`,
    },
    { argv: ['umount', path], purpose: `unmount ${what} after its first mount` },
    { argv: ['rmdir', path], purpose: `remove the first-mount folder of ${what}` },
  ];
}
