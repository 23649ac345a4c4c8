// A precondition of the first write and of mounting: nothing but the filesystem itself is mounted where it goes.
import { join } from 'node:path';
import { ZosError } from '../errors/zos-error.ts';
import type { ReportFilesystem } from '../types.ts';
import type { MountEntry } from './parse-mounts.ts';

/** Whether a mount-table source is this filesystem: a member, or bcachefs' `a:b:c` member list. */
export function isOwnMountSource(source: string, filesystem: ReportFilesystem): boolean {
  return source.split(':').some((part) => filesystem.members.includes(part));
}

/**
 * Throws MOUNTPOINT_BUSY (exit 7) for the first filesystem whose `<root><mountpoint>` has something else mounted
 * on it. Filesystems without a mountpoint, and mounts of the filesystem itself (a rerun), pass. Pure.
 */
export function checkMountTargetsFree(
  filesystems: readonly ReportFilesystem[],
  table: readonly MountEntry[],
  root: string,
): void {
  for (const filesystem of filesystems) {
    if (filesystem.mountpoint === null) continue;
    const target = join(root, filesystem.mountpoint);
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
