// A precondition of the first write and of mounting: nothing but the filesystem itself is mounted where it goes.
import type { MountStep } from '../commands/build-mount-steps.ts';
import { ZosError } from '../errors/zos-error.ts';
import type { ReportFilesystem } from '../types.ts';
import type { MountEntry } from './parse-mounts.ts';

/** Whether a mount-table source is this filesystem: a member, or bcachefs' `a:b:c` member list. */
export function isOwnMountSource(source: string, filesystem: ReportFilesystem): boolean {
  return source.split(':').some((part) => filesystem.members.includes(part));
}

/**
 * Throws MOUNTPOINT_BUSY (exit 7) for the first target of the mount steps (a filesystem's mountpoint, or a zos
 * subvolume's /var/cache/<name>) that has something else mounted on it. Mounts of the filesystem itself (a rerun)
 * pass. Pure.
 */
export function checkMountTargetsFree(steps: readonly MountStep[], table: readonly MountEntry[]): void {
  for (const step of steps) {
    const { filesystem } = step;
    for (const target of [step.target, ...step.subvolumeMounts.map((s) => s.target)]) {
      const foreign = table.filter(
        (entry) => entry.target === target && !isOwnMountSource(entry.source, filesystem),
      );
      if (foreign.length === 0) continue;
      const sources = foreign.map((entry) => `${entry.source} (${entry.fsType})`).join(', ');
      throw new ZosError(
        'MOUNTPOINT_BUSY',
        `cannot mount ${filesystem.type} ${filesystem.uuid} at ${target}: ${sources} is already mounted there; ` +
          'nothing was written. Unmount it or choose another mount.base_dir / mount.paths',
        { details: { target, sources } },
      );
    }
  }
}
