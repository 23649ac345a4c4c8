// The one `main` wrapper of every harness command: parse with commander, run, map errors to the exit-code table.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError, type Command } from 'commander';
import { exitCodeFor, formatErrorLine } from '../errors/exit-codes.ts';
import { HarnessError } from '../errors/harness-error.ts';
import { formatExitCodesHelp, USAGE_EXIT_CODE } from '../verdict/verdict-classes.ts';

/** The repository root (the clone), whatever the current folder. */
export const REPO_ROOT = join(import.meta.dirname, '../../..');

/** The harness version (package.json), shown by every command's `--version`. */
export function readHarnessVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Adds what every harness command shares: `--version`, the exit-code line of `--help`, no process.exit. */
export function defineHarnessCommand(program: Command): Command {
  return program
    .version(readHarnessVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .addHelpText('after', `\n${formatExitCodesHelp()} See README "Exit codes of the harness commands".`)
    .exitOverride();
}

/**
 * Parses `argv` with `program` and runs `run(program)`; returns the exit code. Usage errors (commander's own, or
 * HarnessError USAGE) give 2; `--help`/`--version` 0; other errors their code from the shared table, one line each.
 */
export async function runHarnessCli(
  program: Command,
  argv: readonly string[],
  run: (program: Command) => Promise<number>,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<number> {
  try {
    program.parse(argv as string[]);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    throw error;
  }
  try {
    return await run(program);
  } catch (error) {
    log(formatErrorLine(program.name(), error));
    return exitCodeFor(error);
  }
}

/** A usage error (exit 2) with one line that says what to do instead. */
export function usageError(message: string): HarnessError {
  return new HarnessError('USAGE', message);
}

/** Runs `main` when the module is the process's entry point and sets the exit code (never calls process.exit). */
export async function runAsEntryPoint(
  moduleUrl: string,
  main: (argv: string[]) => Promise<number>,
): Promise<void> {
  if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(moduleUrl))
    process.exitCode = await main(process.argv);
}
