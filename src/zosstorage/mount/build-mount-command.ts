// The mount argv of one data filesystem (pure): btrfs by its first member, bcachefs by all members joined with ':'.
import type { Command } from '../exec/command.ts';
import type { Config, ReportFilesystem } from '../types.ts';
import { buildMountOptions } from './build-mount-options.ts';

export function buildMountCommand(
  filesystem: Pick<ReportFilesystem, 'type' | 'members' | 'uuid'>,
  target: string,
  config: Config,
): Command {
  const options = buildMountOptions({ filesystem, config, withDevices: true });
  const source =
    filesystem.type === 'bcachefs' ? filesystem.members.join(':') : (filesystem.members[0] ?? '');
  return {
    argv: [
      'mount',
      '-t',
      filesystem.type,
      ...(options.length > 0 ? ['-o', options.join(',')] : []),
      source,
      target,
    ],
    purpose: `mount ${filesystem.type} ${filesystem.uuid} at ${target}`,
  };
}
