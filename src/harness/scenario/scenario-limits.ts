// How much of a scenario or group file the harness reads: far above any real one, far below what would stall
// `run-scenario --check` or flood a terminal (docs/scenarios.md "Input limits").

export const SCENARIO_INPUT_LIMITS = {
  /** A scenario file's bytes: the largest in scenarios/ is under 8 KiB. */
  scenarioBytes: 64 * 1024,
  /** A scenario file's lines. */
  scenarioLines: 2000,
  /** Nesting of tables and arrays: a scenario's own is 5 (boots → disks → id → partitions → item). */
  scenarioDepth: 16,
  /** Problems printed per file: the first ones, then how many more. */
  problemsShown: 20,
  /** A group file's bytes and scenario names. */
  groupBytes: 64 * 1024,
  groupNames: 1000,
} as const;
