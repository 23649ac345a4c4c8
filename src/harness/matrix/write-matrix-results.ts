// Writes a matrix run's machine-readable results: out/runs/<run-id>/summary.json and junit.xml (+ a copy).
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MatrixSummary } from './build-matrix-summary.ts';
import { renderJunit } from './render-junit.ts';

export interface MatrixResultFiles {
  summary: string;
  junit: string;
}

async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/** Writes both files into `runRoot`; with `summaryCopy`, also copies summary.json there (scripts/test). */
export async function writeMatrixResults(
  runRoot: string,
  summary: MatrixSummary,
  summaryCopy?: string,
): Promise<MatrixResultFiles> {
  await mkdir(runRoot, { recursive: true });
  const files = { summary: join(runRoot, 'summary.json'), junit: join(runRoot, 'junit.xml') };
  await writeFileAtomically(files.summary, `${JSON.stringify(summary, null, 2)}\n`);
  await writeFileAtomically(files.junit, renderJunit(summary));
  if (summaryCopy) {
    await mkdir(dirname(summaryCopy), { recursive: true });
    await copyFile(files.summary, summaryCopy);
  }
  return files;
}
