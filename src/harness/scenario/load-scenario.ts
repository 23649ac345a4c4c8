// Reads scenarios/<name>.toml (or a path), parses TOML with the line of every key, validates, checks the file
// against itself; every problem names the file, line, key path and what to write instead.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { parse as parseToml } from 'toml';
import { ParseError } from 'toml-eslint-parser';
import { matchGlob } from '../../shared/glob/match-glob.ts';
import { readBoundedText, type BoundedText } from '../../shared/fs/read-bounded-text.ts';
import { HarnessError } from '../errors/harness-error.ts';
import { SCENARIO_INPUT_LIMITS } from './scenario-limits.ts';
import type { Scenario } from './scenario-types.ts';
import { checkScenarioConsistency } from './check-scenario-consistency.ts';
import { explainTomlSyntaxError } from './explain-toml-syntax-error.ts';
import {
  displayPath,
  findProblemDiskId,
  formatScenarioProblem,
  type ScenarioProblem,
} from './scenario-problem.ts';
import { SCENARIO_SCHEMA } from './scenario-schema.ts';
import { createTomlSourceMap, type KeyPath, type TomlSourceMap } from './toml-source-map.ts';
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

/** A scenario file read and checked: every problem rendered with its line, and the scenario when there are none. */
export interface CheckedScenarioFile {
  file: string;
  problems: string[];
  scenario: Scenario | null;
  /** What the check could not foresee without booting, and why (`boot 1 not planned ahead: pre-seeded disks`). */
  notes: string[];
}

/**
 * Reads, parses and validates one scenario file and checks what it expects against its own config and disks;
 * `display` is how messages name the file. Every problem comes back at once, each as
 * `file:line: key.path (disk "id"): what is wrong; what to write instead`.
 */
export async function checkScenarioFile(
  root: string,
  file: string,
  display: string = displayPath(file),
): Promise<CheckedScenarioFile> {
  let read: BoundedText;
  try {
    read = readBoundedText(file, SCENARIO_INPUT_LIMITS.scenarioBytes);
  } catch (error) {
    throw new HarnessError(
      'SCENARIO_NOT_FOUND',
      `scenario file ${file} cannot be read (${(error as NodeJS.ErrnoException).code}); see scenarios/ for the names`,
      { cause: error },
    );
  }
  const refuse = (message: string, fix: string): CheckedScenarioFile => ({
    file,
    problems: [`${display}:1: ${message}; ${fix}`],
    scenario: null,
    notes: [],
  });
  if (read.kind === 'not-a-file') return refuse(`the scenario file is ${read.what}`, 'name a .toml file');
  if (read.kind === 'too-large')
    return refuse(
      `the file is ${read.bytes === null ? 'larger than' : `${read.bytes} bytes, over`} the limit of ${SCENARIO_INPUT_LIMITS.scenarioBytes / 1024} KiB (a scenario is a few KiB)`,
      'is it the right file?',
    );
  const text = read.text;
  const lines = text.split('\n').length;
  if (lines > SCENARIO_INPUT_LIMITS.scenarioLines)
    return refuse(
      `the file has ${lines} lines, over the limit of ${SCENARIO_INPUT_LIMITS.scenarioLines} (a scenario is about 50)`,
      'is it the right file?',
    );
  // Only the problems shown are located and sorted; the rest are counted.
  const render = (problems: readonly ScenarioProblem[], raw: unknown, locate: (keys: KeyPath) => number) => {
    const shown = problems
      .slice(0, SCENARIO_INPUT_LIMITS.problemsShown)
      .map((p) => ({ p, line: p.line ?? locate(p.keys) }))
      .sort((a, b) => a.line - b.line)
      .map(({ p, line }) => formatScenarioProblem(display, line, p, findProblemDiskId(p.keys, raw)));
    const more = problems.length - shown.length;
    return more > 0
      ? [...shown, `${display}: … and ${more} more problem(s) like these; fix the first ones and check again`]
      : shown;
  };
  const parsed = parseScenarioText(text, file);
  if (!parsed.ok)
    return { file, problems: render(parsed.problems, null, () => 1), scenario: null, notes: [] };
  const result = validateScenario(parsed.raw, basename(file, '.toml'), file);
  const consistency = result.ok ? await checkScenarioConsistency(root, result.value) : null;
  const problems = result.ok
    ? [...findMissingImages(root, result.value), ...(consistency?.problems ?? [])]
    : result.errors;
  return {
    file,
    problems: render(problems, parsed.raw, (keys) => parsed.sourceMap.locate(keys)),
    scenario: result.ok && problems.length === 0 ? result.value : null,
    notes: consistency?.notes ?? [],
  };
}

/** Loads and validates one scenario; throws HarnessError SCENARIO_INVALID listing every problem with its line. */
export async function loadScenario(root: string, nameOrPath: string): Promise<Scenario> {
  const checked = await checkScenarioFile(root, resolveScenarioFile(root, nameOrPath));
  if (checked.scenario === null) {
    const count = checked.problems.length;
    throw new HarnessError(
      'SCENARIO_INVALID',
      `${checked.file} is not a valid scenario (${count} problem${count === 1 ? '' : 's'}; check all with run-scenario --check):\n${checked.problems.map((line) => `  ${line}`).join('\n')}`,
    );
  }
  return checked.scenario;
}

/** `image` pre-seeds whose file is missing (paths are relative to the clone), as validation problems. */
function findMissingImages(root: string, scenario: Scenario): ScenarioProblem[] {
  return scenario.disks.flatMap((disk, d) =>
    disk.preseed.flatMap((step, s): ScenarioProblem[] =>
      step.kind === 'image' && !existsSync(resolve(root, step.path))
        ? [
            {
              keys: ['disks', d, 'preseed', s, 'path'],
              message: `${step.path} does not exist (relative to ${root})`,
              fix: 'write the path of the image file relative to the clone (e.g. "fixtures/images/…")',
            },
          ]
        : [],
    ),
  );
}

type ParsedScenarioText =
  { ok: true; raw: unknown; sourceMap: TomlSourceMap } | { ok: false; problems: ScenarioProblem[] };

/** How deeply `[` and `{` nest outside strings and comments (a cheap bound before a recursive parser runs). */
function measureBracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quote !== null) {
      if (c === '\\' && quote === '"') i += 1;
      else if (c === quote || c === '\n') quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') while (i < text.length && text[i] !== '\n') i += 1;
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return deepest;
}

/**
 * Parses TOML text: the values with the `toml` package, the line of every key with toml-eslint-parser, whose
 * syntax errors become problems in plain words (explainTomlSyntaxError).
 */
export function parseScenarioText(text: string, file: string): ParsedScenarioText {
  const tooDeep = (): ParsedScenarioText => ({
    ok: false,
    problems: [
      {
        keys: [],
        line: 1,
        message: `tables and arrays nest deeper than ${SCENARIO_INPUT_LIMITS.scenarioDepth} levels`,
        fix: 'a scenario nests 5 levels deep: is it the right file?',
      },
    ],
  });
  if (measureBracketDepth(text) > SCENARIO_INPUT_LIMITS.scenarioDepth) return tooDeep();
  let sourceMap: TomlSourceMap;
  try {
    sourceMap = createTomlSourceMap(text);
  } catch (error) {
    if (error instanceof RangeError) return tooDeep();
    if (!(error instanceof ParseError)) throw error;
    return { ok: false, problems: explainTomlSyntaxError(text, error, SCENARIO_SCHEMA) };
  }
  try {
    return { ok: true, raw: parseToml(text), sourceMap };
  } catch (error) {
    if (error instanceof RangeError) return tooDeep();
    // The two parsers disagree on this text (rare): report the value parser's own words and place.
    const e = error as { line?: number; location?: { start?: { line: number } }; message: string };
    return {
      ok: false,
      problems: [
        {
          keys: [],
          line: e.location?.start?.line ?? e.line ?? 1,
          message: `TOML syntax: ${e.message}`,
          fix: `see the TOML syntax at https://toml.io/en/v1.0.0 (file ${file})`,
        },
      ],
    };
  }
}
