// The one module that starts processes: runs a Command with execa and reports what happened.
import { constants } from 'node:os';
import { execa } from 'execa';
import { formatArgv } from '../commands/format-argv.ts';
import { ZosError } from '../errors/zos-error.ts';
import type { Logger } from '../log/logger-types.ts';
import type { Command, CommandResult, CommandRunner } from './command.ts';
import { describeInstallHint } from './tool-packages.ts';

export { runChecked } from './run-checked.ts';

export interface ExecCommandOptions {
  /** Debug-logs every command (argv, exit code, duration). */
  logger?: Logger;
}

function toText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function describeSignal(signal: string | undefined): number {
  const number =
    signal === undefined ? undefined : constants.signals[signal as keyof typeof constants.signals];
  return 128 + (number ?? 0);
}

/**
 * A CommandRunner on execa: never rejects for a non-zero exit (see runChecked); rejects with
 * TOOL_MISSING when the program cannot be started. Stdin is /dev/null unless `input` is given, so a
 * tool that asks a question reads EOF instead of hanging. LC_ALL=C keeps tool messages parseable.
 */
export function createExecCommand({ logger }: ExecCommandOptions = {}): CommandRunner {
  return async (command: Command): Promise<CommandResult> => {
    const [file, ...args] = command.argv;
    if (file === undefined) throw new ZosError('INTERNAL', `empty command for ${command.purpose}`);
    const started = Date.now();
    logger?.debug('run command', { purpose: command.purpose, argv: formatArgv(command.argv) });
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
      logger?.debug('command could not start', {
        purpose: command.purpose,
        argv: formatArgv(command.argv),
        code,
      });
      throw new ZosError('TOOL_MISSING', reason, { cause: result, details: { argv: command.argv, code } });
    }
    const stderr = toText(result.stderr);
    const exitCode = result.exitCode ?? describeSignal(result.signal);
    logger?.debug('command finished', {
      purpose: command.purpose,
      exit: exitCode,
      signal: result.signal,
      ms: Date.now() - started,
      stderr: stderr === '' ? undefined : stderr.split('\n').slice(-3).join(' | '),
    });
    return {
      exitCode,
      stdout: toText(result.stdout),
      stderr: result.signal === undefined ? stderr : `${stderr}\nkilled by ${result.signal}`.trim(),
    };
  };
}

/** The runner without logging (P1's pipeline should prefer `createExecCommand({ logger })`). */
export const execCommand: CommandRunner = createExecCommand();
