// Writes the state report atomically: parent folders created, temp file in the same folder, then rename.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { StateReport } from './report-schema.ts';

/** Writes `report` as pretty JSON to `path`; readers never see a half-written file. */
export async function writeReport(path: string, report: StateReport): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temporary = join(folder, `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(temporary, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o644 });
  await rename(temporary, path);
}
