import t from 'tap';
import type { MatrixSummary } from '../matrix/build-matrix-summary.ts';
import { buildMatrixBenchFigures } from './matrix-bench.ts';

function makeSummary(jobs: number, wallMs: number, times: Record<string, number>): MatrixSummary {
  const scenarios = Object.entries(times).map(([scenario, durationMs]) => ({
    scenario,
    attempt: 1,
    verdict: 'passed' as const,
    boots: 2,
    bootDurationsMs: [durationMs / 2 - 1000, durationMs / 2 - 1000],
    zosstorageExits: [0, 0],
    durationMs,
    runDir: `/r/${scenario}`,
    failures: [],
    startRetries: [],
    started: true,
  }));
  return {
    summary_version: 1,
    runId: `run-${jobs}`,
    groups: ['smoke'],
    accel: 'tcg',
    jobs,
    repeat: 1,
    startedAt: '2026-11-22T01:00:00.000Z',
    wallMs,
    total: scenarios.length,
    passed: scenarios.length,
    failed: 0,
    skipped: 0,
    verdict: 'passed',
    image: null,
    scenarios,
  };
}

t.test('wall times, the speed-up, and one line per scenario with both runs', async (t) => {
  const figures = buildMatrixBenchFigures(
    makeSummary(1, 100_000, { a: 60_000, b: 40_000 }),
    makeSummary(2, 64_000, { a: 62_000, b: 44_000 }),
  );
  t.same(
    figures.slice(0, 3).map((f) => [f.label, f.value]),
    [
      ['matrix wall time, --jobs 1', 100],
      ['matrix wall time, --jobs 2', 64],
      ['speed-up --jobs 2 over --jobs 1', 1.5625],
    ],
  );
  t.equal(figures[3]?.label, '  a');
  t.equal(figures[3]?.value, 60);
  t.equal(figures[3]?.note, 'passed; boots 29.0 + 29.0 s; 62.0 s with --jobs 2');
  t.equal(figures.length, 5);
});
