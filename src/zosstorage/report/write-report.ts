// Writes the state report atomically: parent folders created, temp file in the same folder, then rename.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { StateReport } from './report-schema.ts';

/** Writes `report` as pretty JSON to `path`; readers never see a half-written file. */
export async function writeReport(path: string, report: StateReport): Promise<void> {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const temporary = join(folder, `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o644 });
  renameSync(temporary, path);
}
