// Writes the zosstorage fstab block into the fstab file (atomic replace, unchanged file left alone).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log/logger-types.ts';
import { mergeFstab } from './render-fstab.ts';

export interface WriteFstabInput {
  /** fstab path as configured (`/etc/fstab`). */
  path: string;
  entries: readonly string[];
  /** Prefix for the path (host dry runs, tests); default `/`. */
  root?: string;
  logger: Logger;
}

async function readOptional(file: string): Promise<string> {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Merges `entries` into the file (see mergeFstab); marker `FSTAB path= entries= changed=`. */
export async function writeFstab({
  path: fstabPath,
  entries,
  root = '/',
  logger,
}: WriteFstabInput): Promise<void> {
  const file = path.join(root, fstabPath);
  const existing = await readOptional(file);
  const merged = mergeFstab(existing, entries);
  const changed = merged !== existing;
  if (changed) {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.zosstorage-${process.pid}.tmp`;
    writeFileSync(temporary, merged, { mode: 0o644 });
    renameSync(temporary, file);
  }
  logger.marker('FSTAB', { path: fstabPath, entries: entries.length, changed });
}
