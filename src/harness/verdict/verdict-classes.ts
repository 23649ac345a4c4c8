// The verdict classes of a scenario run, their exit codes and severity (the README's harness exit-code table mirrors it; a test keeps them equal).

export const VERDICT_CLASSES = {
  passed: { exitCode: 0, description: 'every expectation held' },
  assertion_failed: {
    exitCode: 1,
    description: 'an expectation failed: markers, forbidden marker, exit code, report, dumps, disks',
  },
  timed_out: {
    exitCode: 3,
    description: 'the guest started but did not finish within `timeout_seconds` (× 3 under TCG)',
  },
  boot_never_started: {
    exitCode: 4,
    description:
      '`ZOSTEST:INIT` never appeared (watchdog `init_timeout_seconds`, × 3 under TCG), or QEMU exited before it',
  },
  kernel_panic: {
    exitCode: 5,
    description:
      '`Kernel panic`, `Oops`, `Call Trace`, `BUG: unable to handle` or `general protection fault` on the console (the VM is killed at once)',
  },
  qemu_crashed: {
    exitCode: 6,
    description: "QEMU exited on its own after init started, without the guest's isa-debug-exit byte",
  },
  harness_error: {
    exitCode: 7,
    description:
      'the harness failed: a host tool, the image build, the mirror (not Debian, unreachable), `--frozen-lock` with a stale lock, an internal error',
  },
  interrupted: {
    exitCode: 130,
    description:
      'SIGINT or SIGTERM stopped the run: every VM killed, verdicts, `summary.json`, `junit.xml` and `index.html` written, unfinished disks removed (a second signal quits at once)',
  },
} as const;

export type VerdictClass = keyof typeof VERDICT_CLASSES;

/** Exit code for bad command-line usage or input of any harness command (not a verdict). */
export const USAGE_EXIT_CODE = 2;

/** Every harness command's exit codes, in order: the README's table and each `--help` come from this. */
export function listExitCodes(): { code: number; name: string; description: string }[] {
  const verdicts = Object.entries(VERDICT_CLASSES).map(([name, v]) => ({
    code: v.exitCode,
    name,
    description: v.description,
  }));
  const usage = {
    code: USAGE_EXIT_CODE,
    name: 'usage',
    description:
      'bad command line or input: unknown flag, unknown or invalid scenario file, unknown group, a group naming a missing scenario, unknown bench section, `--recheck` of a folder that is no scenario run',
  };
  return [...verdicts, usage].sort((a, b) => a.code - b.code);
}

/** One line for `--help`: `0 passed, 1 assertion_failed, 2 usage, …`. */
export function formatExitCodesHelp(): string {
  return `Exit codes: ${listExitCodes()
    .map((entry) => `${entry.code} ${entry.name}`)
    .join(', ')}.`;
}

const SEVERITY: VerdictClass[] = [
  'passed',
  'assertion_failed',
  'timed_out',
  'boot_never_started',
  'kernel_panic',
  'qemu_crashed',
  'harness_error',
  'interrupted',
];

/** The more severe of two verdicts (for a scenario's boots and for a run's exit code). */
export function pickWorseVerdict(a: VerdictClass, b: VerdictClass): VerdictClass {
  return SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b;
}

/** The README's exit-code table of the harness commands (a test keeps the README equal to it). */
export function renderHarnessExitCodeTable(): string {
  const rows = listExitCodes().map((entry) => `| ${entry.code} | \`${entry.name}\` | ${entry.description} |`);
  return ['| exit | verdict or class | meaning |', '|---|---|---|', ...rows].join('\n');
}
