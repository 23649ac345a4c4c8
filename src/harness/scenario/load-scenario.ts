// Reads scenarios/<name>.toml (or a path), parses TOML with line numbers, validates; errors name the file.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { parse as parseToml } from 'toml';
import { matchGlob } from '../../shared/glob/match-glob.ts';
import { HarnessError } from '../errors/harness-error.ts';
import type { Scenario } from './scenario-types.ts';
import { validateScenario } from './validate-scenario.ts';

/** Where `single-vda` lives: `<root>/scenarios/single-vda.toml`; a path ending in .toml is taken as is. */
export function resolveScenarioFile(root: string, nameOrPath: string): string {
  if (nameOrPath.endsWith('.toml')) return isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath);
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(nameOrPath)) {
    throw new HarnessError(
      'SCENARIO_INVALID',
      `"${nameOrPath}" is not a scenario name (lower case letters, digits, - and _)`,
    );
  }
  return join(root, 'scenarios', `${nameOrPath}.toml`);
}

/**
 * Expands shell globs among scenario names (`refuse-*`) against `scenarios/*.toml`, sorted, in argument order;
 * names and paths pass through. A glob that matches nothing is SCENARIO_NOT_FOUND.
 */
export async function expandScenarioNames(root: string, args: readonly string[]): Promise<string[]> {
  const known = (await readdir(join(root, 'scenarios')).catch(() => []))
    .filter((file) => file.endsWith('.toml'))
    .map((file) => file.slice(0, -'.toml'.length))
    .sort();
  const names: string[] = [];
  for (const arg of args) {
    if (arg.endsWith('.toml') || !/[*?[]/.test(arg)) {
      names.push(arg);
      continue;
    }
    const matches = known.filter((name) => matchGlob(arg, name));
    if (matches.length === 0)
      throw new HarnessError(
        'SCENARIO_NOT_FOUND',
        `no scenario matches "${arg}" (see scenarios/ for the names)`,
      );
    names.push(...matches);
  }
  return [...new Set(names)];
}

/** Loads and validates one scenario; throws HarnessError SCENARIO_INVALID listing every problem. */
export async function loadScenario(root: string, nameOrPath: string): Promise<Scenario> {
  const file = resolveScenarioFile(root, nameOrPath);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new HarnessError(
      'SCENARIO_NOT_FOUND',
      `scenario file ${file} cannot be read (${(error as NodeJS.ErrnoException).code}); see scenarios/ for the names`,
      { cause: error },
    );
  }
  const raw = parseScenarioToml(text, file);
  const result = validateScenario(raw, basename(file, '.toml'), file);
  const errors = result.ok ? findMissingImages(root, result.value) : result.errors;
  if (!result.ok || errors.length > 0) {
    throw new HarnessError(
      'SCENARIO_INVALID',
      `${file} is not a valid scenario:\n${errors.map((e) => `  - ${e}`).join('\n')}`,
    );
  }
  return result.value;
}

/** `image` pre-seeds whose file is missing (paths are relative to the clone), as validation problems. */
function findMissingImages(root: string, scenario: Scenario): string[] {
  return scenario.disks.flatMap((disk, d) =>
    disk.preseed.flatMap((step, s) =>
      step.kind === 'image' && !existsSync(resolve(root, step.path))
        ? [`disks[${d}].preseed[${s}].path: ${step.path} does not exist (relative to ${root})`]
        : [],
    ),
  );
}

/** Parses TOML text; a syntax error names the file, line and column. */
export function parseScenarioToml(text: string, file: string): unknown {
  try {
    return parseToml(text);
  } catch (error) {
    const e = error as {
      line?: number;
      column?: number;
      location?: { start?: { line: number; column: number } };
      message: string;
    };
    const start =
      e.location?.start ?? (e.line === undefined ? undefined : { line: e.line, column: e.column ?? 0 });
    const where = start ? `:${start.line}:${start.column}` : '';
    throw new HarnessError('SCENARIO_INVALID', `${file}${where}: TOML syntax error: ${e.message}`, {
      cause: error,
    });
  }
}
