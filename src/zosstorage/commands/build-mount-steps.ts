// Commands as data: what mounting the data filesystems runs, per filesystem with a mountpoint (pure).
// mount/mount-filesystems.ts runs these (skipping a mount already in place, a subvolume that exists);
// --plan shows them after the apply steps.
import type { Command } from '../exec/command.ts';
import { buildMountCommand } from '../mount/build-mount-command.ts';
import type { Config, ReportFilesystem } from '../types.ts';
import path from 'node:path';

export interface MountStep {
  filesystem: ReportFilesystem;
  /** The mountpoint under the run's root (`/` on a node); the provisioner creates the folder itself. */
  target: string;
  mount: Command;
  /** btrfs subvolumes (mount.subvolumes), each at `<target>/<name>`. */
  subvolumes: { name: string; path: string; command: Command }[];
}

export function buildMountSteps(
  filesystems: readonly ReportFilesystem[],
  config: Config,
  root = '/',
): MountStep[] {
  if (!config.mount.enabled) return [];
  return filesystems.flatMap((filesystem): MountStep[] => {
    if (filesystem.mountpoint === null) return [];
    const target = path.join(root, filesystem.mountpoint);
    const subvolumes =
      filesystem.type === 'btrfs'
        ? config.mount.subvolumes.map((name) => {
            const subvolume = path.join(target, name);
            return {
              name,
              path: subvolume,
              command: {
                argv: ['btrfs', 'subvolume', 'create', subvolume],
                purpose: `create btrfs subvolume ${name} on ${filesystem.uuid}`,
              },
            };
          })
        : [];
    return [
      {
        filesystem,
        target,
        mount: buildMountCommand(filesystem, target, config),
        subvolumes,
      },
    ];
  });
}

/** Every command of the mount steps in the order a fresh run runs them. */
export function listMountCommands(steps: readonly MountStep[]): Command[] {
  return steps.flatMap((step) => [step.mount, ...step.subvolumes.map((s) => s.command)]);
}
