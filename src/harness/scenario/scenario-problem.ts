// One problem of a scenario file: where (key path), what is wrong and what to write instead; rendered with its line.
import { isAbsolute, relative } from 'node:path';
import { formatKeyPath } from '../../shared/ajv/describe-ajv-errors.ts';

/** How messages name a file: relative to the current folder when it is below it, else its absolute path. */
export function displayPath(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? file : shown;
}

export interface ScenarioProblem {
  /** The key path in the document (`['disks', 1, 'serial']`), [] for the whole file. */
  keys: (string | number)[];
  /** What is wrong, naming the value found. */
  message: string;
  /** What to write instead (or do): never empty. */
  fix: string;
  /** The line, when known without a source map (a TOML syntax error). */
  line?: number;
}

/** The disk id a problem concerns: `disks[i]` of the document, or a `boots[j].disks.<id>`/`before.<id>` key. */
export function findProblemDiskId(keys: readonly (string | number)[], raw: unknown): string | null {
  if (keys[0] === 'disks' && typeof keys[1] === 'number') {
    const disks = (raw as { disks?: unknown } | null)?.disks;
    const id = Array.isArray(disks) ? (disks[keys[1]] as { id?: unknown } | undefined)?.id : undefined;
    return typeof id === 'string' ? id : null;
  }
  if (keys[0] === 'boots' && (keys[2] === 'disks' || keys[2] === 'before') && typeof keys[3] === 'string')
    return keys[3];
  return null;
}

/**
 * `file:line: path (disk "id"): message; fix` — one line a person can act on without the source.
 */
export function formatScenarioProblem(
  file: string,
  line: number,
  problem: ScenarioProblem,
  diskId: string | null,
): string {
  const path = formatKeyPath(problem.keys);
  const where = [path, diskId !== null && !path.includes(`.${diskId}`) ? `(disk "${diskId}")` : '']
    .filter((part) => part !== '')
    .join(' ');
  return `${file}:${line}: ${where === '' ? '' : `${where}: `}${problem.message}; ${problem.fix}`;
}
