// The verdict classes of a scenario run, their exit codes and severity (README "Verdicts" mirrors this table).

export const VERDICT_CLASSES = {
  passed: { exitCode: 0, description: 'every expectation held' },
  assertion_failed: {
    exitCode: 1,
    description: 'an expectation failed (markers, forbidden marker, exit code, report, dumps, disks)',
  },
  timed_out: {
    exitCode: 3,
    description: 'the guest started but did not finish within timeout_seconds (scaled for TCG)',
  },
  boot_never_started: {
    exitCode: 4,
    description: 'the ZOSTEST:INIT marker never appeared (kernel or initramfs did not start)',
  },
  kernel_panic: { exitCode: 5, description: 'the console showed a kernel panic, Oops or call trace' },
  qemu_crashed: { exitCode: 6, description: "QEMU exited on its own without the guest's exit byte" },
  harness_error: {
    exitCode: 7,
    description: 'the harness itself failed (missing tool, bad scenario, interrupted)',
  },
} as const;

export type VerdictClass = keyof typeof VERDICT_CLASSES;

/** Exit code for bad command-line usage of the runner (not a verdict). */
export const USAGE_EXIT_CODE = 2;

const SEVERITY: VerdictClass[] = [
  'passed',
  'assertion_failed',
  'timed_out',
  'boot_never_started',
  'kernel_panic',
  'qemu_crashed',
  'harness_error',
];

/** The more severe of two verdicts (for a scenario's boots and for a run's exit code). */
export function pickWorseVerdict(a: VerdictClass, b: VerdictClass): VerdictClass {
  return SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b;
}
