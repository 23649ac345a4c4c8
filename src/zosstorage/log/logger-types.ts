// The logger every module receives (implemented in logger.ts): leveled logs plus progress markers.
import type { MarkerEvent } from './markers.ts';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  /** Prints `ZOSSTORAGE:<EVENT> key=value…` on stderr whatever the level (the harness asserts these). */
  marker(event: MarkerEvent, fields?: Record<string, string | number | boolean>): void;
}
