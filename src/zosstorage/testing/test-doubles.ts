// The provisioner's test doubles: a logger that records lines and markers, a scripted command runner (and its
// variant that answers the safety probes blkid and wipefs as on an empty disk).
import { formatArgv } from '../commands/format-argv.ts';
import { ZosError } from '../errors/zos-error.ts';
import type { Command, CommandResult, CommandRunner } from '../exec/command.ts';
import type { LogFields, Logger } from '../log/logger-types.ts';
import { formatMarker, type MarkerEvent } from '../log/markers.ts';

export interface RecordingLogger extends Logger {
  lines: { level: string; message: string; fields: LogFields }[];
  markers: string[];
}

export function createRecordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  const markers: string[] = [];
  const log =
    (level: string) =>
    (message: string, fields: LogFields = {}) => {
      lines.push({ level, message, fields });
    };
  return {
    lines,
    markers,
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    marker(event: MarkerEvent, fields?: Record<string, string | number | boolean>) {
      markers.push(formatMarker(event, fields));
    },
  };
}

/** What the fake runner does for a command: a result, or `missing` (the program does not exist). */
export type FakeOutcome = Partial<CommandResult> | 'missing';

export interface FakeRunner extends CommandRunner {
  calls: Command[];
  /** The argv lines that ran, formatted (`sfdisk --quiet … /dev/vda`). */
  lines(): string[];
}

export interface FakeRunnerOptions {
  /** When given, the runner gets a `findProgram` that knows exactly these programs. */
  programs?: readonly string[];
}

/**
 * Records every command; `respond` picks the outcome (default: exit 0, no output). A `missing`
 * outcome rejects with TOOL_MISSING like the real runner.
 */
export function createFakeRunner(
  respond: (command: Command) => FakeOutcome | undefined = () => undefined,
  { programs }: FakeRunnerOptions = {},
): FakeRunner {
  const calls: Command[] = [];
  const runner = async (command: Command): Promise<CommandResult> => {
    calls.push(command);
    const outcome = respond(command);
    if (outcome === 'missing') {
      throw new ZosError('TOOL_MISSING', `\`${command.argv[0]}\` not found: install it`);
    }
    return { exitCode: 0, stdout: '', stderr: '', ...outcome };
  };
  const findProgram =
    programs === undefined ? {} : { findProgram: async (name: string) => programs.includes(name) };
  return Object.assign(runner, {
    calls,
    lines: () => calls.map((command) => formatArgv(command.argv)),
    ...findProgram,
  });
}

/**
 * The fake runner for inspection tests: blkid answers "nothing found" (exit 2) and wipefs "no signatures",
 * unless `respond` returns something for the argv.
 */
export function createProbeRunner(
  respond: (argv: string[]) => FakeOutcome | undefined = () => undefined,
): FakeRunner {
  return createFakeRunner((command) => {
    const answer = respond(command.argv);
    if (answer === 'missing') return answer;
    const fallback: CommandResult =
      command.argv[0] === 'wipefs'
        ? { exitCode: 0, stdout: '{"signatures": []}\n', stderr: '' }
        : { exitCode: 2, stdout: '', stderr: '' };
    return { ...fallback, ...answer };
  });
}
