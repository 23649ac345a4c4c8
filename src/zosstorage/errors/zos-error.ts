// The one error type of the provisioner: a stable code, a message that names the thing and the fix.
import { EXIT_CODES, type ExitClass } from './exit-codes.ts';

export type ErrorCode =
  | 'USAGE'
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'NO_ELIGIBLE_DISKS'
  | 'DISK_NOT_EMPTY'
  | 'PARTIAL_LAYOUT'
  | 'WRITE_RANGE_NOT_EMPTY'
  | 'TOOL_FOUND_DATA'
  | 'MEMBERS_MISSING'
  | 'TOOL_MISSING'
  | 'TOOL_FAILED'
  | 'MOUNTPOINT_BUSY'
  | 'FORCE_UNIMPLEMENTED'
  | 'INTERNAL';

const EXIT_CLASS_OF: Record<ErrorCode, ExitClass> = {
  USAGE: 'usage',
  CONFIG_INVALID: 'usage',
  CONFIG_NOT_FOUND: 'usage',
  NO_ELIGIBLE_DISKS: 'noEligibleDisks',
  DISK_NOT_EMPTY: 'diskNotEmpty',
  PARTIAL_LAYOUT: 'diskNotEmpty',
  WRITE_RANGE_NOT_EMPTY: 'diskNotEmpty',
  TOOL_FOUND_DATA: 'diskNotEmpty',
  MEMBERS_MISSING: 'diskNotEmpty',
  TOOL_MISSING: 'toolFailed',
  TOOL_FAILED: 'toolFailed',
  MOUNTPOINT_BUSY: 'preconditionFailed',
  FORCE_UNIMPLEMENTED: 'forceUnimplemented',
  INTERNAL: 'internal',
};

/** Every error code, in the table's order (the scenario schema's `error_code` values). */
export const ERROR_CODES = Object.keys(EXIT_CLASS_OF) as ErrorCode[];

/** The exit code a run that fails with `code` ends with. */
export function exitCodeOfError(code: ErrorCode): number {
  return EXIT_CODES[EXIT_CLASS_OF[code]];
}

export interface ZosErrorOptions {
  cause?: unknown;
  /** Extra structured facts (device, offset, signature…) for logs and the report. */
  details?: Record<string, unknown>;
}

export class ZosError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: ZosErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ZosError';
    this.code = code;
    this.details = options.details ?? {};
  }

  get exitCode(): number {
    return exitCodeOfError(this.code);
  }
}

/** Turns anything thrown into a ZosError; unknown errors become INTERNAL. */
export function toZosError(error: unknown): ZosError {
  if (error instanceof ZosError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ZosError('INTERNAL', `internal error: ${message}`, { cause: error });
}
