// Turns paths of a staging root into cpio entries, following symlink chains inside the root (never the host's).
import { lstatSync, readFileSync, readlinkSync, existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { CpioEntry } from '../layers/cpio.ts';
import { HarnessError } from '../../errors/harness-error.ts';

/** Root-relative target of a symlink at `linkPath` whose text is `target`. Pure. */
export function resolveLinkTarget(linkPath: string, target: string): string {
  const joined = target.startsWith('/') ? target : posix.join(posix.dirname(linkPath), target);
  return posix.normalize(joined).replace(/^\/+/, '');
}

/** Root-relative path with every symlinked directory and final link resolved inside the root. */
export function resolveInRoot(root: string, path: string, depth = 0): string {
  if (depth > 40) throw new Error(`too many symlinks while resolving /${path} in ${root}`);
  const parts = path.split('/').filter(Boolean);
  let resolved = '';
  for (let i = 0; i < parts.length; i++) {
    const next = resolved ? `${resolved}/${parts[i]}` : (parts[i] as string);
    const full = join(root, next);
    if (existsSync(full) || lstatSafe(full)) {
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) {
        const target = resolveLinkTarget(next, readlinkSync(full));
        return resolveInRoot(root, [target, ...parts.slice(i + 1)].join('/'), depth + 1);
      }
    }
    resolved = next;
  }
  return resolved;
}

function lstatSafe(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether a root-relative path exists, following links inside the root. */
export function existsInRoot(root: string, path: string): boolean {
  return existsSync(join(root, resolveInRoot(root, path)));
}

/**
 * Entries for a root-relative path: the file itself, or the symlink plus whatever it points to.
 * Directory components that are symlinks (merged /usr: `lib` → `usr/lib`) are resolved first.
 */
export function collectRootPath(root: string, path: string, into: Map<string, CpioEntry>, depth = 0): void {
  if (depth > 40) throw new Error(`too many symlinks at /${path} in ${root}`);
  const dir = posix.dirname(path);
  const realDir = dir === '.' ? '' : resolveInRoot(root, dir);
  const real = realDir ? `${realDir}/${posix.basename(path)}` : posix.basename(path);
  if (into.has(real)) return;
  const full = join(root, real);
  if (!lstatSafe(full))
    throw new HarnessError('GUEST_ROOT_INCOMPLETE', `/${path} is not in the guest root ${root}`);
  const stat = lstatSync(full);
  if (stat.isSymbolicLink()) {
    const target = readlinkSync(full);
    into.set(real, { type: 'symlink', path: real, target });
    collectRootPath(root, resolveLinkTarget(real, target), into, depth + 1);
  } else if (stat.isFile()) {
    into.set(real, { type: 'file', path: real, mode: stat.mode & 0o7777, data: readFileSync(full) });
  } else if (stat.isDirectory()) {
    into.set(real, { type: 'dir', path: real, mode: stat.mode & 0o7777 });
  } else {
    throw new Error(`/${path} in ${root} is neither a file, a directory nor a symlink`);
  }
}
