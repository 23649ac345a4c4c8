// Pure: the JSON summary of a matrix run (summary.json; scripts/test reads `.passed` and `.failed`).
import type { ScenarioResult } from '../run/scenario-result.ts';
import { pickWorseVerdict, type VerdictClass } from '../verdict/verdict-classes.ts';
import type { ImageIdentity } from '../image/packages/image-identity.ts';
import type { MatrixTask } from './build-matrix-tasks.ts';

export interface MatrixScenarioSummary {
  scenario: string;
  attempt: number;
  verdict: VerdictClass;
  /** Boots that ran (a failing boot stops the scenario). */
  boots: number;
  bootDurationsMs: number[];
  /** The provisioner's exit code per boot (null when the guest never reported one). */
  zosstorageExits: (number | null)[];
  durationMs: number;
  runDir: string;
  failures: string[];
  /** Boots whose QEMU start ended before the guest's init and were started again (at most 3 starts in all). */
  startRetries: string[];
  /** False for a scenario an interruption stopped before it started (JUnit `<skipped/>`). */
  started: boolean;
}

export interface MatrixSummary {
  summary_version: 1;
  runId: string;
  groups: string[];
  accel: 'kvm' | 'tcg';
  jobs: number;
  repeat: number;
  startedAt: string;
  wallMs: number;
  total: number;
  passed: number;
  failed: number;
  /** Tasks never started (interrupted before their turn); listed in `scenarios` with verdict `interrupted`. */
  skipped: number;
  verdict: VerdictClass;
  /** What the run booted: lock identity, kernel, and the lock drift when the archive had moved on. */
  image: ImageIdentity | null;
  scenarios: MatrixScenarioSummary[];
}

export interface MatrixRunFacts {
  runId: string;
  groups: string[];
  accel: 'kvm' | 'tcg';
  jobs: number;
  repeat: number;
  startedAt: Date;
  wallMs: number;
  image?: ImageIdentity | null;
}

export function summarizeScenarioResult(task: MatrixTask, result: ScenarioResult): MatrixScenarioSummary {
  return {
    scenario: task.scenario,
    attempt: task.attempt,
    verdict: result.verdict,
    boots: result.boots.length,
    bootDurationsMs: result.boots.map((b) => b.durationMs),
    zosstorageExits: result.boots.map((b) => b.zosstorageExit),
    durationMs: result.durationMs,
    runDir: result.runDir,
    failures: result.failures,
    startRetries: result.boots.flatMap((b) =>
      b.retriedStart === null ? [] : [`boot ${b.boot}: ${b.retriedStart}`],
    ),
    started: result.boots.length > 0 || result.verdict !== 'interrupted',
  };
}

/** Counts and the worst verdict; tasks that never ran are `interrupted` entries, counted as skipped (and fail the run). */
export function buildMatrixSummary(
  facts: MatrixRunFacts,
  tasks: readonly MatrixTask[],
  results: readonly (ScenarioResult | undefined)[],
): MatrixSummary {
  const scenarios = tasks.map((task, index) => {
    const result = results[index];
    return result ? summarizeScenarioResult(task, result) : summarizeNotStarted(task);
  });
  const passed = scenarios.filter((s) => s.verdict === 'passed').length;
  const skipped = scenarios.filter((s) => !s.started).length;
  const worst = scenarios.reduce<VerdictClass>((w, s) => pickWorseVerdict(w, s.verdict), 'passed');
  return {
    summary_version: 1,
    runId: facts.runId,
    groups: facts.groups,
    accel: facts.accel,
    jobs: facts.jobs,
    repeat: facts.repeat,
    startedAt: facts.startedAt.toISOString(),
    wallMs: facts.wallMs,
    total: tasks.length,
    passed,
    failed: scenarios.length - passed - skipped,
    skipped,
    verdict: worst,
    image: facts.image ?? null,
    scenarios,
  };
}

function summarizeNotStarted(task: MatrixTask): MatrixScenarioSummary {
  return {
    scenario: task.scenario,
    attempt: task.attempt,
    verdict: 'interrupted',
    boots: 0,
    bootDurationsMs: [],
    zosstorageExits: [],
    durationMs: 0,
    runDir: '',
    failures: ['interrupted before the scenario started'],
    startRetries: [],
    started: false,
  };
}
