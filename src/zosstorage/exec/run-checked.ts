// Runs a command and turns a non-zero exit into TOOL_FAILED naming the purpose, argv and stderr tail.
import { formatArgv } from '../commands/format-argv.ts';
import { ZosError } from '../errors/zos-error.ts';
import type { Command, CommandResult, CommandRunner } from './command.ts';

/** How many trailing output lines an error message quotes. */
const TAIL_LINES = 5;

function tailLines(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.slice(-TAIL_LINES).join(' | ');
}

export async function runChecked(runner: CommandRunner, command: Command): Promise<CommandResult> {
  return assertSucceeded(command, await runner(command));
}

/** Returns `result` when the command exited 0, else throws TOOL_FAILED. */
export function assertSucceeded(command: Command, result: CommandResult): CommandResult {
  if (result.exitCode === 0) return result;
  const output = tailLines(result.stderr) || tailLines(result.stdout) || 'no output';
  throw new ZosError(
    'TOOL_FAILED',
    `${command.purpose}: \`${formatArgv(command.argv)}\` exited with ${result.exitCode}: ${output}`,
    {
      details: {
        argv: command.argv,
        exitCode: result.exitCode,
        stderr: result.stderr,
        purpose: command.purpose,
      },
    },
  );
}
