// The one module that starts processes: runs a Command with node's child_process and reports what happened.
// Not execa (which the harness uses): its stream and encoding machinery cost ≈1 s of each TCG guest boot.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { ZosError } from '../errors/zos-error.ts';
import type { Logger } from '../log/logger-types.ts';
import type { Command, CommandResult, CommandRunner } from './command.ts';
import { findProgram } from './find-program.ts';
import { logCommandRuns } from './log-command-runs.ts';
import { describeInstallHint } from './tool-packages.ts';

export { runChecked } from './run-checked.ts';
export { logCommandRuns } from './log-command-runs.ts';

/** Captured output as text, without its one final newline (as tools print it and the parsers expect). */
function toText(chunks: Buffer[]): string {
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function toExitCode(exitCode: number | null, signal: NodeJS.Signals | null): number {
  if (exitCode !== null) return exitCode;
  const number = signal === null ? undefined : constants.signals[signal];
  return 128 + (number ?? 0);
}

function startError(file: string, command: Command, error: NodeJS.ErrnoException): ZosError {
  const reason =
    error.code === 'ENOENT'
      ? `\`${file}\` not found: ${describeInstallHint(file)}`
      : `\`${file}\` could not be started (${error.code ?? error.message}): ${describeInstallHint(file)}`;
  return new ZosError('TOOL_MISSING', reason, {
    cause: error,
    details: { argv: command.argv, code: error.code },
  });
}

/**
 * A CommandRunner on child_process.spawn: never rejects for a non-zero exit (see runChecked); rejects with
 * TOOL_MISSING when the program cannot be started. Stdin is /dev/null unless `input` is given, so a
 * tool that asks a question reads EOF instead of hanging. LC_ALL=C keeps tool messages parseable.
 * A signal death is reported as exit 128 + signal number.
 */
function runWithSpawn(command: Command): Promise<CommandResult> {
  const [file, ...args] = command.argv;
  if (file === undefined)
    return Promise.reject(new ZosError('INTERNAL', `empty command for ${command.purpose}`));
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: { ...process.env, LC_ALL: 'C' },
      stdio: [command.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let settled = false;
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      reject(startError(file, command, error));
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      settled = true;
      const text = toText(stderr);
      resolve({
        exitCode: toExitCode(code, signal),
        stdout: toText(stdout),
        stderr: signal === null ? text : `${text}\nkilled by ${signal}`.trim(),
      });
    });
    if (command.input !== undefined && child.stdin) {
      // A tool that exits without reading all of its input must not turn into an EPIPE crash.
      child.stdin.on('error', () => undefined);
      child.stdin.end(command.input);
    }
  });
}

/** The real runner, with a PATH lookup (`findProgram`) so callers can check tools before writing. */
export const execCommand: CommandRunner = Object.assign(runWithSpawn, {
  findProgram: (program: string) => findProgram(program),
});

/** execCommand, debug-logging every command when a logger is given. */
export function createExecCommand({ logger }: { logger?: Logger } = {}): CommandRunner {
  return logger === undefined ? execCommand : logCommandRuns(execCommand, logger);
}
