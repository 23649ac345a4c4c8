// Resolves the shared-library closure of a set of binaries inside a staging root (no host ldd involved).
import { posix } from 'node:path';
import { HarnessError } from '../../errors/harness-error.ts';

/** Default library directories of a Debian amd64 root, relative to the root. */
export const DEFAULT_LIBRARY_DIRS = ['usr/lib/x86_64-linux-gnu', 'usr/lib', 'usr/lib64'];

export interface ClosureSource {
  /** NEEDED names and RUNPATH entries of a file (root-relative path); null when the file is not ELF. */
  readDynamic(path: string): { needed: string[]; runpath: string[]; interpreter: string | null } | null;
  /** Whether a root-relative path exists (following symlinks inside the root). */
  exists(path: string): boolean;
}

/** Root-relative library directories for a RUNPATH entry (`$ORIGIN` expands to the binary's folder). */
export function expandRunpath(entry: string, binaryPath: string): string {
  const origin = posix.dirname(binaryPath);
  return posix.normalize(entry.replace(/\$\{?ORIGIN\}?/g, `/${origin}`)).replace(/^\/+/, '');
}

/**
 * Every library (root-relative path) the binaries need, transitively, plus their interpreters.
 * Throws one error that lists every library that could not be found.
 */
export function resolveLibraryClosure(
  binaries: string[],
  source: ClosureSource,
  libraryDirs = DEFAULT_LIBRARY_DIRS,
): string[] {
  const found = new Set<string>();
  const missing: string[] = [];
  const queue = [...binaries];
  const seen = new Set<string>(queue);
  while (queue.length > 0) {
    const path = queue.shift() as string;
    const info = source.readDynamic(path);
    if (!info) continue;
    if (info.interpreter) {
      const interp = info.interpreter.replace(/^\/+/, '');
      if (!found.has(interp)) found.add(interp);
    }
    const dirs = [...info.runpath.map((entry) => expandRunpath(entry, path)), ...libraryDirs];
    for (const name of info.needed) {
      const hit = name.includes('/')
        ? name.replace(/^\/+/, '')
        : dirs.map((dir) => `${dir}/${name}`).find((p) => source.exists(p));
      if (!hit || !source.exists(hit)) {
        missing.push(`${name} (needed by /${path})`);
        continue;
      }
      found.add(hit);
      if (!seen.has(hit)) {
        seen.add(hit);
        queue.push(hit);
      }
    }
  }
  if (missing.length > 0) {
    throw new HarnessError(
      'GUEST_ROOT_INCOMPLETE',
      `shared libraries not found in the guest root: ${[...new Set(missing)].join(', ')} (add their package to guest-packages.ts)`,
    );
  }
  return [...found].sort();
}
