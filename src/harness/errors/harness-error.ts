// The harness's one error type: a stable code, a sentence that names the thing and the fix, and a cause.

/** Stable codes; `exitCodeFor` (errors/exit-codes.ts) maps each to the README's exit-code table. */
export type HarnessErrorCode =
  /** Bad command line or input: unknown flag, scenario, group or bench section, invalid scenario file. */
  | 'USAGE'
  | 'SCENARIO_NOT_FOUND'
  | 'SCENARIO_INVALID'
  /** Something the run needs is missing: host tool, root, KVM, a folder to recheck. */
  | 'PRECONDITION'
  | 'TOOL_FAILED'
  | 'INTERNAL'
  /** Image build: guest-packages.lock.json unreadable, made for another request, or drifted under --frozen-lock. */
  | 'LOCK_INVALID'
  | 'LOCK_STALE'
  | 'LOCK_FROZEN'
  /** The mirror is not a Debian archive (its Release files do not say `Origin: Debian`). */
  | 'MIRROR_INVALID'
  | 'BUNDLE_MISSING'
  /** The guest root lacks what the image needs (a tool, library or kernel module): the lock or the request. */
  | 'GUEST_ROOT_INCOMPLETE'
  /** Another process holds the image build lock past the wait. */
  | 'BUILD_LOCKED'
  | 'KERNEL_MISSING'
  /** The pinned Node.js runtime could not be fetched from the npm registry, or its integrity differs. */
  | 'RUNTIME_FETCH_FAILED'
  | 'RUNTIME_INTEGRITY'
  /** package-appliance: the initramfs is over APPLIANCE_SIZE_LIMIT. */
  | 'APPLIANCE_TOO_LARGE';

export class HarnessError extends Error {
  readonly code: HarnessErrorCode;
  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HarnessError';
    this.code = code;
  }
}
