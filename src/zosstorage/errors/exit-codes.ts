// Documented exit codes, one per failure class (docs/provisioner.md "Exit codes" is generated from this table).
export const EXIT_CODES = {
  ok: 0,
  internal: 1,
  usage: 2,
  noEligibleDisks: 3,
  diskNotEmpty: 4,
  toolFailed: 5,
  forceUnimplemented: 6,
  preconditionFailed: 7,
} as const;

export type ExitClass = keyof typeof EXIT_CODES;

export const EXIT_CODE_DESCRIPTIONS: Record<ExitClass, string> = {
  ok: 'provisioned, or already provisioned (nothing written)',
  internal: 'internal error (a bug: please report it with the log)',
  usage: 'usage or configuration error (bad flag, invalid or missing config file)',
  noEligibleDisks: 'no eligible disk found; nothing written',
  diskNotEmpty: 'a target disk is not empty or carries a partial/foreign layout; nothing written',
  toolFailed: 'an external tool (sfdisk, mkfs.*, bcachefs, mount…) is missing or failed',
  forceUnimplemented: '--force was given; wiping disks is not implemented',
  preconditionFailed: 'a precondition of the run failed (a mountpoint is already in use); nothing written',
};
