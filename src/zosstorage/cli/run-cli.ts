// The CLI's one top-level handler: parses flags, runs the requested action, maps any error to an exit code.
import { readFileSync } from 'node:fs';
import { CONFIG_SCHEMA } from '../config/config-schema.ts';
import { toZosError } from '../errors/zos-error.ts';
import type { CommandRunner } from '../exec/command.ts';
import { createLogger } from '../log/logger.ts';
import type { Logger } from '../log/logger-types.ts';
import { REPORT_SCHEMA } from '../report/report-schema.ts';
import { runZosstorage } from '../run-zosstorage.ts';
import { formatHelp } from './format-help.ts';
import { parseCliArgs } from './parse-cli-args.ts';
import type { StartGateTiming } from './wait-start-gate.ts';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  runner: CommandRunner;
  now?: () => Date;
  newGuid?: () => string;
  toolVersion: string;
  /** Default config path (tests point it into a temp dir). */
  defaultConfigPath?: string;
  /** When the runtime reached the init's start gate and how long it waited (main.ts; logged at debug level). */
  startGate?: StartGateTiming;
}

/** Seconds since the kernel started (/proc/uptime), or undefined where there is none. */
function readKernelUptime(): number | undefined {
  try {
    return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

/** Runs zosstorage with `argv` (no node/script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Until the config names a level, format and file: info, text (or the --log-format flag), stderr.
  let logger: Logger = createLogger({ level: 'info', format: 'text', stream: io.stderr });
  // START goes out with the first logger that knows the configured format, so that with --log-format json (flag,
  // file or kernel command line) every stderr line is JSON; a run that fails before that still starts with it.
  let started = false;
  const markStart = (): void => {
    if (!started) {
      logger.marker('START', { version: io.toolVersion });
      // When the runtime got here: since node's own start, and since the kernel's (scripts/bench reads both).
      logger.debug('runtime started', {
        node_uptime_ms: Math.round(process.uptime() * 1000),
        kernel_uptime_s: readKernelUptime(),
        ...(io.startGate === undefined
          ? {}
          : {
              start: io.startGate.start,
              ready_ms: io.startGate.readyMs,
              gate_wait_ms: io.startGate.waitedMs,
            }),
        // The V8 flags the init starts node with (init.sh RUNTIME_FLAGS), so a boot shows that they took effect.
        exec_argv: process.execArgv.join(','),
      });
    }
    started = true;
  };
  try {
    const args = await parseCliArgs(argv);
    if (args.overrides.log_format === 'json')
      logger = createLogger({ level: 'info', format: 'json', stream: io.stderr });
    if (args.action === 'help') return print(io, formatHelp());
    if (args.action === 'version') return print(io, `${io.toolVersion}\n`);
    if (args.action === 'print-schema') {
      return print(
        io,
        `${JSON.stringify(args.schema === 'report' ? REPORT_SCHEMA : CONFIG_SCHEMA, null, 2)}\n`,
      );
    }
    await runZosstorage({
      action: args.action,
      force: args.force,
      configPath: args.configPath,
      cliOverrides: args.overrides,
      defaultConfigPath: io.defaultConfigPath,
      sysRoot: args.sysfsRoot,
      devRoot: args.devRoot,
      cmdlineFile: args.cmdlineFile,
      mountsFile: args.mountsFile,
      root: args.root,
      runner: io.runner,
      now: io.now ?? (() => new Date()),
      // node's crypto loads only when a plan needs GUIDs (about 0.1 s in a TCG guest; a provisioned disk needs none;
      // the startup snapshot carries it already compiled).
      newGuid: io.newGuid ?? (() => process.getBuiltinModule('node:crypto').randomUUID()),
      toolVersion: io.toolVersion,
      openLogger: (logging) => {
        logger = createLogger({ ...logging, stream: io.stderr });
        markStart();
        return logger;
      },
      print: (text) => io.stdout.write(text),
    });
    return 0;
  } catch (caught) {
    const error = toZosError(caught);
    markStart();
    logger.error(error.message, { code: error.code });
    if (error.code === 'INTERNAL' && caught instanceof Error && caught.stack) logger.debug(caught.stack);
    logger.marker('ERROR', {
      code: error.code,
      exit: error.exitCode,
      // One line: a multi-line message (every config problem) is joined so the marker carries all of it.
      message: error.message
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .join(' '),
    });
    return error.exitCode;
  }
}

function print(io: CliIo, text: string): number {
  io.stdout.write(text);
  return 0;
}
