// The harness's one error type: a stable code, a sentence that names the thing and the fix, and a cause.

export type HarnessErrorCode =
  | 'SCENARIO_NOT_FOUND'
  | 'SCENARIO_INVALID'
  | 'PRECONDITION'
  | 'TOOL_FAILED'
  | 'QEMU_FAILED'
  | 'INTERRUPTED'
  | 'INTERNAL';

export class HarnessError extends Error {
  readonly code: HarnessErrorCode;
  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HarnessError';
    this.code = code;
  }
}
