// Runs `run-scenario <name>` as a user does (its own process, the image cached) and returns its wall time, its
// scenario folder and verdict.json: the bench sections that time scenarios start here.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execHostTool } from '../exec/exec-host-tool.ts';
import type { ScenarioResult } from '../run/scenario-result.ts';

export interface TimedScenarioRun {
  /** Seconds from process start to exit. */
  wallSeconds: number;
  /** out/runs/<run-id>/<name>. */
  runDir: string;
  verdict: ScenarioResult;
}

export async function timeRunScenario(
  repoRoot: string,
  outDir: string,
  name: string,
): Promise<TimedScenarioRun> {
  const started = Date.now();
  const result = await execHostTool(
    [process.execPath, '--import', 'tsx', join(repoRoot, 'src/harness/cli/run-scenario.ts'), name],
    `time run-scenario ${name}`,
    { cwd: repoRoot, okExitCodes: 'any' },
  );
  const wallSeconds = (Date.now() - started) / 1000;
  const output = `${result.stdout}${result.stderr}`;
  const runId = /run (\S+): /.exec(output)?.[1];
  if (!runId)
    throw new Error(
      `run-scenario ${name} printed no run id (exit ${result.exitCode}):\n${output.slice(-2000)}`,
    );
  const runDir = join(outDir, 'runs', runId, name);
  const verdict = JSON.parse(await readFile(join(runDir, 'verdict.json'), 'utf8')) as ScenarioResult;
  return { wallSeconds, runDir, verdict };
}
