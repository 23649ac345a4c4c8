// Runs a list of scenarios as a matrix: preflight once, then N VMs side by side, live progress, summary files.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Accel } from '../qemu/build-qemu-argv.ts';
import { formatFailure } from '../run/format-failure.ts';
import type { ImageIdentity } from '../image/packages/image-identity.ts';
import { buildInterruptedResult, runScenario, writeVerdict, type GuestImage } from '../run/run-scenario.ts';
import type { ScenarioResult } from '../run/scenario-result.ts';
import type { Scenario } from '../scenario/scenario-types.ts';
import { buildMatrixSummary, type MatrixSummary } from './build-matrix-summary.ts';
import { buildMatrixTasks } from './build-matrix-tasks.ts';
import { createProgressDisplay } from './create-progress-display.ts';
import { formatSummaryTable } from './format-summary-table.ts';
import { runMatrix } from './run-matrix.ts';
import { writeMatrixResults, type MatrixResultFiles } from './write-matrix-results.ts';

export interface ScenarioMatrixOptions {
  root: string;
  runId: string;
  /** `out/runs/<run-id>/` from prepareRun, whose `image/` holds the pinned guest image (removed at the end). */
  runRoot: string;
  groups: string[];
  scenarios: Scenario[];
  image: GuestImage;
  accel: Accel;
  jobs: number;
  repeat: number;
  keep: boolean;
  verbose: boolean;
  smp: number;
  timeoutScale: number;
  summaryFile?: string;
  stream: NodeJS.WriteStream;
  /** Live redraw; defaults to whether `stream` is a terminal. */
  live?: boolean;
  /** The run's interruption: running VMs stop, no further scenario starts, results are still written. */
  signal?: AbortSignal;
  identity?: ImageIdentity | null;
}

export interface ScenarioMatrixOutcome {
  summary: MatrixSummary;
  files: MatrixResultFiles;
}

export async function runScenarioMatrix(options: ScenarioMatrixOptions): Promise<ScenarioMatrixOutcome> {
  const byName = new Map(options.scenarios.map((s) => [s.name, s]));
  const tasks = buildMatrixTasks(
    options.scenarios.map((s) => ({ name: s.name, boots: s.boots.length, disks: s.disks.length })),
    options.repeat,
  );
  const { runRoot } = options;
  const display = createProgressDisplay({ stream: options.stream, total: tasks.length, live: options.live });
  const startedAt = new Date();
  const results = await runMatrix<(typeof tasks)[number], ScenarioResult>(
    tasks,
    async (task) => {
      const scenario = byName.get(task.scenario);
      if (!scenario) throw new Error(`scenario ${task.scenario} was not loaded`);
      display.start(task.folder, scenario.boots.length);
      const result = await runScenario(scenario, {
        root: options.root,
        runDir: join(runRoot, task.folder),
        accel: options.accel,
        image: options.image,
        keep: options.keep,
        smp: options.smp,
        timeoutScale: options.timeoutScale,
        onProgress: (event) => display.update(task.folder, event),
        onConsoleLine: options.verbose
          ? (line, boot) => display.log(`  ${task.folder}:${boot} | ${line}`)
          : undefined,
        signal: options.signal,
      });
      display.finish(task.folder, result.verdict === 'passed');
      if (result.verdict !== 'passed' && result.verdict !== 'interrupted')
        display.log(formatFailure(result, process.cwd()));
      return result;
    },
    { jobs: options.jobs, signal: options.signal },
  );
  display.close();
  // Scenarios an interruption kept from starting still get a verdict.json that says so.
  for (const [index, task] of tasks.entries()) {
    const scenario = byName.get(task.scenario);
    if (results[index] || !scenario) continue;
    results[index] = buildInterruptedResult(scenario, join(runRoot, task.folder), options.accel);
    await writeVerdict(results[index]);
  }
  await rm(join(runRoot, 'image'), { recursive: true, force: true });
  const summary = buildMatrixSummary(
    {
      runId: options.runId,
      groups: options.groups,
      accel: options.accel,
      jobs: options.jobs,
      repeat: options.repeat,
      startedAt,
      wallMs: Date.now() - startedAt.getTime(),
      image: options.identity ?? null,
    },
    tasks,
    results,
  );
  const files = await writeMatrixResults(runRoot, summary, {
    scenarios: options.scenarios,
    summaryCopy: options.summaryFile,
  });
  options.stream.write(`\n${formatSummaryTable(summary)}\n`);
  return { summary, files };
}
