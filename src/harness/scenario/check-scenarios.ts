// `run-scenario --check`: every problem of every given scenario file (default: all of scenarios/) and of the groups,
// each on one line with its file, line, key path and what to write instead; no boot, no root, nothing written.
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { findClosestWord } from '../../shared/text/find-closest-word.ts';
import { listGroupNames, readGroupFile } from '../matrix/read-scenario-groups.ts';
import { readBoundedText } from '../../shared/fs/read-bounded-text.ts';
import { SCENARIO_INPUT_LIMITS } from './scenario-limits.ts';
import { checkScenarioFile, expandScenarioNames, resolveScenarioFile } from './load-scenario.ts';
import { displayPath } from './scenario-problem.ts';

export interface ScenarioCheck {
  files: number;
  /** One line per problem: `file:line: key.path (disk "id"): what is wrong; what to write instead`. */
  problems: string[];
  /** Files checked with what could not be foreseen without a boot (`boot 1 not planned ahead: …`). */
  notes: string[];
}

/** A self-test of the harness (expected to fail on purpose): in no group, by design. */
const SELF_TEST = /^description\s*=\s*["']harness self-test/m;

/** The .toml files an argument names: a folder's files (sorted), a file, a scenario name or a glob of names. */
async function listFiles(root: string, args: readonly string[]): Promise<string[]> {
  if (args.length === 0) return listFiles(root, [join(root, 'scenarios')]);
  const files: string[] = [];
  for (const arg of args) {
    const path = resolve(arg);
    if (!arg.endsWith('.toml') && existsSync(path) && statSync(path).isDirectory()) {
      const names = (await readdir(path)).filter((name) => name.endsWith('.toml')).sort();
      files.push(...names.map((name) => join(path, name)));
      continue;
    }
    for (const name of await expandScenarioNames(root, [arg])) files.push(resolveScenarioFile(root, name));
  }
  return [...new Set(files)];
}

/** Group problems: a scenario of scenarios/ in no group (CI runs `all`), a group naming no scenario file. */
async function checkGroups(
  root: string,
  scenarioFiles: readonly string[],
  whole: boolean,
): Promise<string[]> {
  const scenariosDir = join(root, 'scenarios');
  const known = (await readdir(scenariosDir).catch(() => []))
    .filter((name) => name.endsWith('.toml'))
    .map((name) => basename(name, '.toml'));
  const listed = new Map<string, string[]>();
  const problems: string[] = [];
  for (const group of await listGroupNames(root)) {
    const file = join(root, 'scenario-groups', `${group}.txt`);
    let names: string[];
    try {
      names = await readGroupFile(root, group);
    } catch (error) {
      problems.push(`${displayPath(file)}:1: ${(error as Error).message}`);
      continue;
    }
    for (const name of names) listed.set(name, [...(listed.get(name) ?? []), group]);
    if (!whole) continue;
    const text = await readFile(file, 'utf8');
    text.split('\n').forEach((raw, i) => {
      const name = raw.replace(/#.*/, '').trim();
      if (name === '' || known.includes(name)) return;
      const closest = findClosestWord(name, known);
      problems.push(
        `${displayPath(file)}:${i + 1}: "${name}" has no scenario file (scenarios/${name}.toml); ${closest === null ? 'remove the line or add the file' : `did you mean "${closest}"?`}`,
      );
    });
  }
  for (const file of scenarioFiles) {
    if (dirname(file) !== scenariosDir) continue;
    const name = basename(file, '.toml');
    const groups = listed.get(name) ?? [];
    if (groups.includes('all')) continue;
    const head = readBoundedText(file, SCENARIO_INPUT_LIMITS.scenarioBytes);
    if (head.kind === 'text' && SELF_TEST.test(head.text)) continue;
    problems.push(
      `${displayPath(file)}:1: the scenario is in ${groups.length === 0 ? 'no group' : `groups ${groups.join(', ')} but not in all`}, so CI never runs it; add "${name}" to scenario-groups/all.txt${groups.length === 0 ? ' and to the topical groups it belongs to (ls scenario-groups/)' : ''}`,
    );
  }
  return problems;
}

/**
 * Checks the scenario files `args` names (names, globs, .toml paths or folders; none: every file of scenarios/ and
 * the groups). Never throws for a problem in a file: every one is returned.
 */
export async function checkScenarios(root: string, args: readonly string[]): Promise<ScenarioCheck> {
  const files = await listFiles(root, args);
  const problems: string[] = [];
  const notes: string[] = [];
  for (const file of files) {
    const checked = await checkScenarioFile(root, file);
    problems.push(...checked.problems);
    if (checked.notes.length > 0) notes.push(`${displayPath(file)}: ${checked.notes.join('; ')}`);
  }
  problems.push(...(await checkGroups(root, files, args.length === 0)));
  return { files: files.length, problems, notes };
}
