// Bench section "VM matrix": the same groups with --jobs 1 and --jobs 2 (wall times, ratio, per-scenario times).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnHostTool } from '../exec/exec-host-tool.ts';
import type { MatrixSummary } from '../matrix/build-matrix-summary.ts';
import type { BenchContext, BenchFigure, BenchSection } from './bench-section.ts';

/** Groups to time: `ZOS_BENCH_MATRIX_GROUPS=smoke,negative scripts/bench`; the whole `all` group by default. */
function readBenchGroups(): string[] {
  const groups = (process.env.ZOS_BENCH_MATRIX_GROUPS ?? 'all').split(',').filter(Boolean);
  return groups.length > 0 ? groups : ['all'];
}

/** Runs run-scenario-group with `jobs` in a child process and returns its summary.json. */
async function execMatrixRun(context: BenchContext, groups: string[], jobs: number): Promise<MatrixSummary> {
  const summaryFile = join(context.workDir, `matrix-jobs${jobs}.json`);
  const started = Date.now();
  const child = spawnHostTool(
    [
      process.execPath,
      '--import',
      'tsx',
      join(context.repoRoot, 'src/harness/cli/run-scenario-group.ts'),
      ...groups,
      '--jobs',
      String(jobs),
      '--summary-file',
      summaryFile,
    ],
    { cwd: context.repoRoot, stdout: 'ignore', env: { FORCE_COLOR: '0' } },
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n'))
      if (/^(run |✗|\d+ passed)/.test(line)) context.log(`  ${line}`);
  });
  const result = await child;
  const summary = JSON.parse(await readFile(summaryFile, 'utf8').catch(() => 'null')) as MatrixSummary | null;
  if (!summary)
    throw new Error(
      `run-scenario-group --jobs ${jobs} wrote no summary (exit ${result.exitCode}, ${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
  return summary;
}

/** Pure: the figures of the two runs. Per-scenario times come from --jobs 1 (one VM at a time, no contention). */
export function buildMatrixBenchFigures(one: MatrixSummary, two: MatrixSummary): BenchFigure[] {
  const verdicts = (s: MatrixSummary) => `${s.passed}/${s.total} passed`;
  const figures: BenchFigure[] = [
    { label: `matrix wall time, --jobs 1`, value: one.wallMs / 1000, unit: 's', note: verdicts(one) },
    { label: `matrix wall time, --jobs 2`, value: two.wallMs / 1000, unit: 's', note: verdicts(two) },
    { label: 'speed-up --jobs 2 over --jobs 1', value: one.wallMs / two.wallMs, unit: 'x' },
  ];
  const inTwo = new Map(two.scenarios.map((s) => [`${s.scenario}#${s.attempt}`, s]));
  for (const entry of one.scenarios) {
    const parallel = inTwo.get(`${entry.scenario}#${entry.attempt}`);
    const boots = entry.bootDurationsMs.map((ms) => (ms / 1000).toFixed(1)).join(' + ');
    figures.push({
      label: `  ${entry.scenario}`,
      value: entry.durationMs / 1000,
      unit: 's',
      note: `${entry.verdict}; boots ${boots} s${parallel ? `; ${(parallel.durationMs / 1000).toFixed(1)} s with --jobs 2` : ''}`,
    });
  }
  return figures;
}

export const MATRIX_BENCH_SECTION: BenchSection = {
  name: 'VM matrix (run-scenario-group, --jobs 1 vs --jobs 2)',
  async run(context) {
    const groups = readBenchGroups();
    context.log(`matrix bench: ${groups.join(' ')} with --jobs 1, then --jobs 2`);
    const one = await execMatrixRun(context, groups, 1);
    const two = await execMatrixRun(context, groups, 2);
    return buildMatrixBenchFigures(one, two);
  },
};
