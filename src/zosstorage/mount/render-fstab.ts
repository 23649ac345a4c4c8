// fstab entries by UUID in mountpoint order, and their idempotent merge into an existing fstab (pure).
import type { Config, ReportFilesystem } from '../types.ts';
import { buildMountSteps } from '../commands/build-mount-steps.ts';
import { buildMountOptions } from './build-mount-options.ts';

export const FSTAB_BEGIN = '# BEGIN zosstorage (generated; this block is rewritten on every run)';
export const FSTAB_END = '# END zosstorage';

/** fstab fields cannot hold blanks: escape them the way getmntent(3) reads them back. */
function escapeField(text: string): string {
  return text.replace(/[\\ \t\n]/g, (char) => `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

/**
 * One `UUID=<uuid> <mountpoint> <type> <options> 0 0` line per filesystem that has a mountpoint, sorted by
 * mountpoint so the file does not depend on discovery order; under the zos scheme the carrier's subvolumes follow
 * (`subvol=<name>` for btrfs, `X-mount.subdir=<name>` for bcachefs, both `noatime`), in the scheme's order.
 */
export function buildFstabEntries(filesystems: readonly ReportFilesystem[], config: Config): string[] {
  const zos = config.mount.scheme === 'zos';
  const line = (
    filesystem: ReportFilesystem,
    mountpoint: string,
    zosMount: 'root' | { subvolume: string } | undefined,
  ): string => {
    const options = buildMountOptions({ filesystem, config, withDevices: false, zos: zosMount });
    const optionText = options.length > 0 ? options.join(',') : 'defaults';
    return `UUID=${filesystem.uuid} ${escapeField(mountpoint)} ${filesystem.type} ${optionText} 0 0`;
  };
  const roots = filesystems
    .filter(
      (filesystem): filesystem is ReportFilesystem & { mountpoint: string } => filesystem.mountpoint !== null,
    )
    .sort((a, b) => (a.mountpoint < b.mountpoint ? -1 : a.mountpoint > b.mountpoint ? 1 : 0))
    .map((filesystem) => line(filesystem, filesystem.mountpoint, zos ? 'root' : undefined));
  const subvolumes = zos
    ? buildMountSteps(filesystems, config).flatMap((step) =>
        step.subvolumeMounts.map((s) => line(step.filesystem, s.mountpoint, { subvolume: s.name })),
      )
    : [];
  return [...roots, ...subvolumes];
}

function normalizeLine(line: string): string {
  return line.trim().split(/\s+/).join(' ');
}

/**
 * Replaces the zosstorage block of `existing` with `entries` (or appends the block), leaving every other
 * line untouched. An entry that already appears verbatim outside the block is not repeated. Running it
 * again on its own output changes nothing.
 */
export function mergeFstab(existing: string, entries: readonly string[]): string {
  const lines = existing === '' ? [] : existing.replace(/\n$/, '').split('\n');
  const begin = lines.indexOf(FSTAB_BEGIN);
  const end = begin === -1 ? -1 : lines.indexOf(FSTAB_END, begin + 1);
  // A BEGIN without END (hand-edited file): drop only the BEGIN line and keep everything after it.
  const before = begin === -1 ? lines : lines.slice(0, begin);
  const after = begin === -1 ? [] : lines.slice(end === -1 ? begin + 1 : end + 1);
  const outside = new Set([...before, ...after].map(normalizeLine));
  const own = entries.filter((entry) => !outside.has(normalizeLine(entry)));
  const block = own.length > 0 ? [FSTAB_BEGIN, ...own, FSTAB_END] : [];
  const merged = [...before, ...block, ...after];
  return merged.length > 0 ? `${merged.join('\n')}\n` : '';
}
