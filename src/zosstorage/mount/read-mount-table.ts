// Reads the mount table once per run (inspection, the mountpoint precondition and mounting all use it).
import { readFileSync } from 'node:fs';
import { ZosError } from '../errors/zos-error.ts';
import { parseMounts, type MountEntry } from './parse-mounts.ts';

/** `/proc/self/mounts` (or mountinfo, or a test file) as entries; USAGE naming the fix when it cannot be read. */
export async function readMountTable(mountsFile: string): Promise<MountEntry[]> {
  try {
    return parseMounts(readFileSync(mountsFile, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ZosError(
      'USAGE',
      `cannot read the mount table ${mountsFile} (${code}): mount /proc or pass --mounts-file; nothing was written`,
      { cause: error, details: { mountsFile } },
    );
  }
}
