// Writes a matrix run's results into out/runs/<run-id>/: summary.json, junit.xml and the HTML report index.html.
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeRunReport } from '../report/write-run-report.ts';
import type { Scenario } from '../scenario/scenario-types.ts';
import type { MatrixSummary } from './build-matrix-summary.ts';
import { renderJunit } from './render-junit.ts';

export interface MatrixResultFiles {
  summary: string;
  junit: string;
  report: string;
}

export interface MatrixResultOptions {
  /** The scenarios that ran (their disks are drawn in the report). */
  scenarios: readonly Pick<Scenario, 'name' | 'disks'>[];
  /** Also copy summary.json here (scripts/test). */
  summaryCopy?: string;
}

async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

export async function writeMatrixResults(
  runRoot: string,
  summary: MatrixSummary,
  options: MatrixResultOptions,
): Promise<MatrixResultFiles> {
  await mkdir(runRoot, { recursive: true });
  const summaryFile = join(runRoot, 'summary.json');
  const junit = join(runRoot, 'junit.xml');
  await writeFileAtomically(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  await writeFileAtomically(junit, renderJunit(summary));
  if (options.summaryCopy) {
    await mkdir(dirname(options.summaryCopy), { recursive: true });
    await copyFile(summaryFile, options.summaryCopy);
  }
  const report = await writeRunReport(runRoot, summary, options.scenarios);
  return { summary: summaryFile, junit, report };
}
