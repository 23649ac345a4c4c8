// Mounts the data filesystems at their mountpoints (skipping what is already mounted), creates subvolumes and
// mounts the zos scheme's subvolumes.
import { mkdirSync, statSync } from 'node:fs';
import { buildMountSteps } from '../commands/build-mount-steps.ts';
import type { CommandRunner } from '../exec/command.ts';
import { runChecked } from '../exec/run-checked.ts';
import type { Logger } from '../log/logger-types.ts';
import type { Config, ReportFilesystem } from '../types.ts';
import { checkMountTargetsFree, isOwnMountSource } from './check-mount-targets.ts';
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
  /**
   * False for --mount-existing, which changes nothing on the disks: a missing subvolume is not created (a warning
   * says so) and, under the zos scheme, not mounted. Default true.
   */
  createSubvolumes?: boolean;
}

async function pathExists(target: string): Promise<boolean> {
  try {
    statSync(target);
    return true;
  } catch {
    return false;
  }
}

/**
 * First checks that nothing foreign is mounted at any target (MOUNTPOINT_BUSY, nothing mounted or created).
 * Then for each mount step (commands/build-mount-steps.ts): create `<root><mountpoint>`; if the mount table
 * already shows one of its members there, skip the mount; else mount it. Then create the subvolumes that do not
 * exist yet (they appear at `<mountpoint>/<name>`) and, under the zos scheme, mount them at /var/cache/<name>.
 * Marker `MOUNTED uuid= path=` per mount (`subvolume=<name>` for a subvolume; `already=true` when it was mounted
 * before).
 */
export async function mountFilesystems(input: MountFilesystemsInput): Promise<void> {
  const { filesystems, config, runner, logger, root = '/', mounts: table, createSubvolumes = true } = input;
  const steps = buildMountSteps(filesystems, config, root);
  checkMountTargetsFree(steps, table);
  for (const step of steps) {
    const { filesystem, target } = step;
    const already = table.some(
      (entry) => entry.target === target && isOwnMountSource(entry.source, filesystem),
    );
    if (already) {
      logger.info('already mounted', { uuid: filesystem.uuid, path: target });
    } else {
      mkdirSync(target, { recursive: true });
      await runChecked(runner, step.mount);
    }
    const missing = new Set<string>();
    for (const subvolume of step.subvolumes) {
      if (await pathExists(subvolume.path)) {
        logger.debug('subvolume exists', { path: subvolume.path });
        continue;
      }
      if (!createSubvolumes) {
        missing.add(subvolume.name);
        logger.warn('subvolume missing; not created, because --mount-existing changes nothing on the disks', {
          path: subvolume.path,
          uuid: filesystem.uuid,
        });
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
    for (const subvolume of step.subvolumeMounts) {
      if (missing.has(subvolume.name)) continue;
      const mountedBefore = table.some(
        (entry) => entry.target === subvolume.target && isOwnMountSource(entry.source, filesystem),
      );
      if (!mountedBefore) {
        mkdirSync(subvolume.target, { recursive: true });
        await runChecked(runner, subvolume.mount);
      }
      logger.marker('MOUNTED', {
        uuid: filesystem.uuid,
        path: subvolume.mountpoint,
        subvolume: subvolume.name,
        ...(mountedBefore ? { already: true } : {}),
      });
    }
  }
}
