// Wraps any CommandRunner so every command is debug-logged: argv (and stdin) before, exit code and duration after.
import { formatArgv } from '../commands/format-argv.ts';
import type { Logger } from '../log/logger-types.ts';
import type { Command, CommandResult, CommandRunner } from './command.ts';

/** Last lines of stderr worth keeping in a debug line. */
const STDERR_TAIL_LINES = 3;

/** Keeps the runner's `findProgram`, if it has one. */
export function logCommandRuns(runner: CommandRunner, logger: Logger): CommandRunner {
  const logged = async (command: Command): Promise<CommandResult> => {
    const argv = formatArgv(command.argv);
    const started = Date.now();
    // A script on stdin (sfdisk's) is part of what ran: its lines joined on the same debug line.
    const input = command.input?.trim().split('\n').filter(Boolean).join(' | ');
    logger.debug('run command', { purpose: command.purpose, argv, ...(input ? { input } : {}) });
    try {
      const result = await runner(command);
      const stderr = result.stderr.trim();
      logger.debug('command finished', {
        purpose: command.purpose,
        exit: result.exitCode,
        ms: Date.now() - started,
        stderr: stderr === '' ? undefined : stderr.split('\n').slice(-STDERR_TAIL_LINES).join(' | '),
      });
      return result;
    } catch (error) {
      logger.debug('command could not start', {
        purpose: command.purpose,
        argv,
        reason: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  };
  return runner.findProgram === undefined
    ? logged
    : Object.assign(logged, { findProgram: runner.findProgram });
}
