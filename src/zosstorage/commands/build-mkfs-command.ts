// The mkfs argv of one planned filesystem: mkfs.vfat, mkfs.btrfs or `bcachefs format` (never forced).
import type { Command } from '../exec/command.ts';
import type { PlannedFilesystem } from '../types.ts';

function readString(filesystem: PlannedFilesystem, key: string): string | undefined {
  const value = filesystem.options[key];
  return typeof value === 'string' ? value : undefined;
}

function readStrings(filesystem: PlannedFilesystem, key: string): string[] {
  const value = filesystem.options[key];
  return Array.isArray(value) ? value : [];
}

function buildVfat(filesystem: PlannedFilesystem): string[] {
  const volumeId = readString(filesystem, 'volume_id');
  return [
    'mkfs.vfat',
    '-F',
    '32',
    '-n',
    filesystem.label,
    ...(volumeId === undefined ? [] : ['-i', volumeId]),
    ...filesystem.members,
  ];
}

/** `-d`/`-m` only when planned (btrfs_raid1); single-disk filesystems keep mkfs.btrfs defaults. */
function buildBtrfs(filesystem: PlannedFilesystem): string[] {
  const argv = ['mkfs.btrfs', '-L', filesystem.label, '-U', filesystem.uuid];
  const data = readString(filesystem, 'data_profile');
  const metadata = readString(filesystem, 'metadata_profile');
  if (data !== undefined) argv.push('-d', data);
  if (metadata !== undefined) argv.push('-m', metadata);
  return [...argv, ...readStrings(filesystem, 'mkfs_extra_args'), ...filesystem.members];
}

/**
 * bcachefs-tools option names (cmd_format.c / libbcachefs opts.h): `--fs_label`, `--uuid`, `--replicas`,
 * `--compression`, `--foreground_target`, `--promote_target`, `--background_target`; the per-device
 * `--label=<group>.<name>` must come right before its device.
 */
function buildBcachefs(filesystem: PlannedFilesystem): string[] {
  const argv = ['bcachefs', 'format', `--fs_label=${filesystem.label}`, `--uuid=${filesystem.uuid}`];
  const replicas = filesystem.options.replicas;
  if (typeof replicas === 'number') argv.push(`--replicas=${replicas}`);
  for (const key of ['compression', 'foreground_target', 'promote_target', 'background_target']) {
    const value = readString(filesystem, key);
    if (value !== undefined) argv.push(`--${key}=${value}`);
  }
  argv.push(...readStrings(filesystem, 'mkfs_extra_args'));
  const labels = readStrings(filesystem, 'device_labels');
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
