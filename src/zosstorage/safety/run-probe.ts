// Runs a read-only probe command; a missing program becomes a TOOL_MISSING that says why it is needed.
import type { CommandResult, CommandRunner } from '../exec/command.ts';
import { ZosError } from '../errors/zos-error.ts';

/**
 * Runs a probe command. A program that cannot be started becomes TOOL_MISSING naming why it is
 * needed: a disk that could not be probed is never treated as empty.
 */
export async function runProbe(
  runner: CommandRunner,
  argv: string[],
  purpose: string,
): Promise<CommandResult> {
  try {
    return await runner({ argv, purpose });
  } catch (error) {
    const program = argv[0] as string;
    if (error instanceof ZosError && error.code !== 'TOOL_MISSING') throw error;
    throw new ZosError(
      'TOOL_MISSING',
      `${program} is needed to prove the target disks empty but could not be run ` +
        `(install util-linux in the image); nothing was written`,
      { cause: error, details: { program } },
    );
  }
}
