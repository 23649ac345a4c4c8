// Commands as data: what mounting the data filesystems runs, per filesystem with a mountpoint (pure).
// mount/mount-filesystems.ts runs these (skipping a mount already in place, a subvolume that exists);
// --plan shows them after the apply steps.
import path from 'node:path';
import type { Command } from '../exec/command.ts';
import { buildMountCommand, buildSubvolumeMountCommand } from '../mount/build-mount-command.ts';
import { chooseSubvolumeCarrier, ZOS_SUBVOLUME_ROOT, ZOS_SUBVOLUMES } from '../mount/zos-mount-scheme.ts';
import type { Config, ReportFilesystem } from '../types.ts';

export interface SubvolumeMount {
  name: string;
  /** `/var/cache/<name>` (without the run's root). */
  mountpoint: string;
  /** `<root>/var/cache/<name>`. */
  target: string;
  mount: Command;
}

export interface MountStep {
  filesystem: ReportFilesystem;
  /** The mountpoint under the run's root (`/` on a node); the provisioner creates the folder itself. */
  target: string;
  mount: Command;
  /** Subvolumes to create, each at `<target>/<name>`: mount.subvolumes (btrfs), or the zos scheme's four. */
  subvolumes: { name: string; path: string; command: Command }[];
  /** The zos scheme: the carrier's subvolumes mounted at /var/cache/<name> (empty otherwise). */
  subvolumeMounts: SubvolumeMount[];
}

function buildSubvolumeCreate(filesystem: ReportFilesystem, target: string, name: string) {
  const subvolume = path.join(target, name);
  return {
    name,
    path: subvolume,
    command: {
      argv: [filesystem.type === 'bcachefs' ? 'bcachefs' : 'btrfs', 'subvolume', 'create', subvolume],
      purpose: `create ${filesystem.type} subvolume ${name} on ${filesystem.uuid}`,
    },
  };
}

export function buildMountSteps(
  filesystems: readonly ReportFilesystem[],
  config: Config,
  root = '/',
): MountStep[] {
  if (!config.mount.enabled) return [];
  const mounted = filesystems.filter((filesystem) => filesystem.mountpoint !== null);
  const zos = config.mount.scheme === 'zos';
  const carrier = zos ? chooseSubvolumeCarrier(mounted) : null;
  return mounted.map((filesystem): MountStep => {
    const target = path.join(root, filesystem.mountpoint as string);
    const names: readonly string[] = zos
      ? filesystem === carrier
        ? ZOS_SUBVOLUMES
        : []
      : filesystem.type === 'btrfs'
        ? config.mount.subvolumes
        : [];
    return {
      filesystem,
      target,
      mount: buildMountCommand(filesystem, target, config),
      subvolumes: names.map((name) => buildSubvolumeCreate(filesystem, target, name)),
      subvolumeMounts: zos
        ? names.map((name) => {
            const mountpoint = path.posix.join(ZOS_SUBVOLUME_ROOT, name);
            const subvolumeTarget = path.join(root, mountpoint);
            return {
              name,
              mountpoint,
              target: subvolumeTarget,
              mount: buildSubvolumeMountCommand(filesystem, name, target, subvolumeTarget, config),
            };
          })
        : [],
    };
  });
}

/** Every command of the mount steps in the order a fresh run runs them. */
export function listMountCommands(steps: readonly MountStep[]): Command[] {
  return steps.flatMap((step) => [
    step.mount,
    ...step.subvolumes.map((s) => s.command),
    ...step.subvolumeMounts.map((s) => s.mount),
  ]);
}
