// The structured logger: leveled text or JSON lines on stderr (plus an optional file), markers always shown.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ZosError } from '../errors/zos-error.ts';
import type { LogFormat, LogLevel } from '../types.ts';
import type { LogFields, Logger } from './logger-types.ts';
import { formatMarker, type MarkerEvent } from './markers.ts';
import { formatJsonMarker } from '../../shared/markers/format-marker.ts';

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** Also append every line to this file. */
  file?: string | null;
  /** Where lines go; stderr by default (stdout is reserved for what the user asked to print). */
  stream?: { write(text: string): unknown };
  /** Clock for timestamps (tests pin it). */
  now?: () => Date;
}

const SEVERITY: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

function formatTextValue(value: string | number | boolean | null): string {
  const text = String(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

function formatLine(
  format: LogFormat,
  time: Date,
  level: LogLevel,
  message: string,
  fields: LogFields,
): string {
  const present = Object.entries(fields).filter(
    (entry): entry is [string, string | number | boolean | null] => entry[1] !== undefined,
  );
  if (format === 'json') {
    return JSON.stringify({ time: time.toISOString(), level, msg: message, ...Object.fromEntries(present) });
  }
  const suffix = present.map(([key, value]) => ` ${key}=${formatTextValue(value)}`).join('');
  return `${time.toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${suffix}`;
}

/** Makes sure the log file can be appended to (parent folders created), else a USAGE error naming it. */
function prepareLogFile(file: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ZosError(
      'USAGE',
      `cannot write the log file ${file} (${code}); fix logging.file / --log-file`,
      {
        cause: error,
        details: { file },
      },
    );
  }
}

/** Creates a logger; lines below `level` are dropped, markers never are. */
export function createLogger(options: LoggerOptions): Logger {
  if (options.file) prepareLogFile(options.file);
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => new Date());
  const emit = (line: string): void => {
    stream.write(`${line}\n`);
    if (options.file) appendFileSync(options.file, `${line}\n`);
  };
  const log =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}): void => {
      if (SEVERITY[level] <= SEVERITY[options.level])
        emit(formatLine(options.format, now(), level, message, fields));
    };
  return {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    marker(event: MarkerEvent, fields?: Record<string, string | number | boolean>) {
      emit(options.format === 'json' ? formatJsonMarker(now(), event, fields) : formatMarker(event, fields));
    },
  };
}
