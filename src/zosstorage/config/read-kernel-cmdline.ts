// Reads the kernel command line text (`/proc/cmdline`, or `--cmdline-file` for tests and host runs).
import { readFileSync } from 'node:fs';
import { ZosError } from '../errors/zos-error.ts';

/** The file's text; a missing or unreadable file is a usage error naming the path. */
export async function readKernelCmdline(path: string): Promise<string> {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ZosError(
      'USAGE',
      `cannot read the kernel command line from ${path} (${code}); fix --cmdline-file`,
      {
        cause: error,
        details: { path },
      },
    );
  }
}
