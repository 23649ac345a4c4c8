// Mounts the data filesystems at their mountpoints (skipping what is already mounted) and creates btrfs subvolumes.
import { mkdir, stat } from 'node:fs/promises';
import { buildMountSteps } from '../commands/build-mount-steps.ts';
import { ZosError } from '../errors/zos-error.ts';
import type { CommandRunner } from '../exec/command.ts';
import { runChecked } from '../exec/run-checked.ts';
import type { Logger } from '../log/logger-types.ts';
import type { Config, ReportFilesystem } from '../types.ts';
import type { MountEntry } from './parse-mounts.ts';

export interface MountFilesystemsInput {
  /** Filesystems with their mountpoints (assignMountpoints); those without one are skipped. */
  filesystems: readonly ReportFilesystem[];
  config: Config;
  runner: CommandRunner;
  logger: Logger;
  /** Prefix for mountpoints (host dry runs, tests); default `/`. */
  root?: string;
  /** The run's mount table (mount/read-mount-table.ts). */
  mounts: readonly MountEntry[];
}

async function pathExists(target: string): Promise<boolean> {
  return stat(target).then(
    () => true,
    () => false,
  );
}

/** Whether a mount-table source is this filesystem: a member, or bcachefs' `a:b:c` member list. */
function isOwnSource(source: string, filesystem: ReportFilesystem): boolean {
  return source.split(':').some((part) => filesystem.members.includes(part));
}

/**
 * For each mount step (commands/build-mount-steps.ts): create `<root><mountpoint>`; if the mount table already
 * shows one of its members there, skip the mount; if something else is mounted there, fail; else
 * mount it. Then create the configured subvolumes that do not exist yet (btrfs only; they appear at
 * `<mountpoint>/<name>`). Marker `MOUNTED uuid= path=` (`already=true` when it was mounted before).
 */
export async function mountFilesystems(input: MountFilesystemsInput): Promise<void> {
  const { filesystems, config, runner, logger, root = '/', mounts: table } = input;
  for (const step of buildMountSteps(filesystems, config, root)) {
    const { filesystem, target } = step;
    const present = table.filter((entry) => entry.target === target);
    const already = present.some((entry) => isOwnSource(entry.source, filesystem));
    if (!already && present.length > 0) {
      const sources = present.map((entry) => `${entry.source} (${entry.fsType})`).join(', ');
      throw new ZosError(
        'TOOL_FAILED',
        `cannot mount ${filesystem.type} ${filesystem.uuid} at ${target}: ${sources} is already mounted there; ` +
          'unmount it or choose another mount.base_dir / mount.paths',
        { details: { target, sources } },
      );
    }
    if (already) {
      logger.info('already mounted', { uuid: filesystem.uuid, path: target });
    } else {
      await mkdir(target, { recursive: true });
      await runChecked(runner, step.mount);
    }
    for (const subvolume of step.subvolumes) {
      if (await pathExists(subvolume.path)) {
        logger.debug('subvolume exists', { path: subvolume.path });
        continue;
      }
      await runChecked(runner, subvolume.command);
      logger.info('created subvolume', { path: subvolume.path, uuid: filesystem.uuid });
    }
    logger.marker('MOUNTED', {
      uuid: filesystem.uuid,
      path: filesystem.mountpoint ?? target,
      ...(already ? { already: true } : {}),
    });
  }
}
