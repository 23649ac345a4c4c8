// The one module that starts processes: runs a Command with execa and reports what happened.
import { constants } from 'node:os';
import { execa } from 'execa';
import { ZosError } from '../errors/zos-error.ts';
import type { Logger } from '../log/logger-types.ts';
import type { Command, CommandResult, CommandRunner } from './command.ts';
import { findProgram } from './find-program.ts';
import { logCommandRuns } from './log-command-runs.ts';
import { describeInstallHint } from './tool-packages.ts';

export { runChecked } from './run-checked.ts';
export { logCommandRuns } from './log-command-runs.ts';

function toText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function toExitCode(exitCode: number | undefined, signal: string | undefined): number {
  if (exitCode !== undefined) return exitCode;
  const number =
    signal === undefined ? undefined : constants.signals[signal as keyof typeof constants.signals];
  return 128 + (number ?? 0);
}

/**
 * A CommandRunner on execa: never rejects for a non-zero exit (see runChecked); rejects with
 * TOOL_MISSING when the program cannot be started. Stdin is /dev/null unless `input` is given, so a
 * tool that asks a question reads EOF instead of hanging. LC_ALL=C keeps tool messages parseable.
 * A signal death is reported as exit 128 + signal number.
 */
async function runWithExeca(command: Command): Promise<CommandResult> {
  const [file, ...args] = command.argv;
  if (file === undefined) throw new ZosError('INTERNAL', `empty command for ${command.purpose}`);
  const result = await execa(file, args, {
    reject: false,
    env: { LC_ALL: 'C' },
    ...(command.input === undefined ? { stdin: 'ignore' as const } : { input: command.input }),
  });
  if (result.failed && result.exitCode === undefined && result.signal === undefined) {
    const code = (result as { code?: string }).code;
    const reason =
      code === 'ENOENT'
        ? `\`${file}\` not found: ${describeInstallHint(file)}`
        : `\`${file}\` could not be started (${code ?? result.shortMessage}): ${describeInstallHint(file)}`;
    throw new ZosError('TOOL_MISSING', reason, { cause: result, details: { argv: command.argv, code } });
  }
  const stderr = toText(result.stderr);
  return {
    exitCode: toExitCode(result.exitCode, result.signal),
    stdout: toText(result.stdout),
    stderr: result.signal === undefined ? stderr : `${stderr}\nkilled by ${result.signal}`.trim(),
  };
}

/** The real runner, with a PATH lookup (`findProgram`) so callers can check tools before writing. */
export const execCommand: CommandRunner = Object.assign(runWithExeca, {
  findProgram: (program: string) => findProgram(program),
});

/** execCommand, debug-logging every command when a logger is given. */
export function createExecCommand({ logger }: { logger?: Logger } = {}): CommandRunner {
  return logger === undefined ? execCommand : logCommandRuns(execCommand, logger);
}
