// Reads the kernel command line text (`/proc/cmdline`, or `--cmdline-file` for tests and host runs), at most
// INPUT_LIMITS.cmdlineBytes of it.
import { ZosError } from '../errors/zos-error.ts';
import { INPUT_LIMITS } from './config-limits.ts';
import { readBoundedText } from '../../shared/fs/read-bounded-text.ts';

/** The file's text; a missing, unreadable, oversized or special file is a usage error naming the path. */
export async function readKernelCmdline(path: string): Promise<string> {
  let read: ReturnType<typeof readBoundedText>;
  try {
    read = readBoundedText(path, INPUT_LIMITS.cmdlineBytes);
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
  if (read.kind === 'text') return read.text;
  throw new ZosError(
    'USAGE',
    read.kind === 'too-large'
      ? `the kernel command line file ${path} is larger than ${INPUT_LIMITS.cmdlineBytes / 1024} KiB (a command line is at most 4 KiB); fix --cmdline-file`
      : `the kernel command line file ${path} is ${read.what}, not a file; fix --cmdline-file`,
    { details: { path } },
  );
}
