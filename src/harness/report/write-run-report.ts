// Writes out/runs/<run-id>/index.html from what the run left in its folder.
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MatrixSummary } from '../matrix/build-matrix-summary.ts';
import type { Scenario } from '../scenario/scenario-types.ts';
import { collectRunReport } from './collect-run-report.ts';
import { renderRunReport } from './render-run-report.ts';

/** Returns the report's path; `scenarios` gives each scenario's disks (bus, size) as its definition says. */
export async function writeRunReport(
  runRoot: string,
  summary: MatrixSummary,
  scenarios: readonly Pick<Scenario, 'name' | 'disks'>[],
): Promise<string> {
  const disks = new Map(
    scenarios.map((s) => [s.name, s.disks.map(({ id, bus, sizeBytes }) => ({ id, bus, sizeBytes }))]),
  );
  const report = await collectRunReport(runRoot, summary, disks);
  const path = join(runRoot, 'index.html');
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, renderRunReport(report));
  await rename(temporary, path);
  return path;
}
