// Reads scenario groups (scenario-groups/<group>.txt: one scenario name per line, `#` comments).
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { HarnessError } from '../errors/harness-error.ts';

/** Pure: the scenario names of one group file, in file order, without comments, blanks or repeats. */
export function parseGroupFile(text: string): string[] {
  const names = text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
  return [...new Set(names)];
}

/** The group names found in `scenario-groups/`, sorted. */
export async function listGroupNames(root: string): Promise<string[]> {
  const files = await readdir(join(root, 'scenario-groups')).catch(() => []);
  return files
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -'.txt'.length))
    .sort();
}

/** Where group `smoke` lives: `<root>/scenario-groups/smoke.txt`; a path ending in .txt is taken as is. */
export function resolveGroupFile(root: string, group: string): string {
  return group.endsWith('.txt') ? resolve(group) : join(root, 'scenario-groups', `${group}.txt`);
}

/** The scenarios of `groups`, in order of first appearance; an unknown group names the known ones. */
export async function readScenarioGroups(root: string, groups: readonly string[]): Promise<string[]> {
  const names: string[] = [];
  for (const group of groups) {
    let text: string;
    try {
      text = await readFile(resolveGroupFile(root, group), 'utf8');
    } catch {
      const known = await listGroupNames(root);
      throw new HarnessError(
        'SCENARIO_NOT_FOUND',
        `no scenario group "${group}" (scenario-groups/${group}.txt); groups: ${known.join(', ') || 'none'}`,
      );
    }
    names.push(...parseGroupFile(text));
  }
  return [...new Set(names)];
}
