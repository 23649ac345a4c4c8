// Reads scenario groups (scenario-groups/<group>.txt: one scenario name per line, `#` comments).
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readBoundedText, type BoundedText } from '../../shared/fs/read-bounded-text.ts';
import { findClosestWord } from '../../shared/text/find-closest-word.ts';
import { HarnessError } from '../errors/harness-error.ts';
import { SCENARIO_INPUT_LIMITS } from '../scenario/scenario-limits.ts';

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

/**
 * The scenario names of one group file, read within SCENARIO_INPUT_LIMITS; an unknown group names the known ones (and
 * the closest), a file over the limits is refused in one line.
 */
export async function readGroupFile(root: string, group: string): Promise<string[]> {
  const file = resolveGroupFile(root, group);
  let read: BoundedText;
  try {
    read = readBoundedText(file, SCENARIO_INPUT_LIMITS.groupBytes);
  } catch {
    const known = await listGroupNames(root);
    const closest = findClosestWord(group, known);
    throw new HarnessError(
      'SCENARIO_NOT_FOUND',
      `no scenario group "${group}" (scenario-groups/${group}.txt); ${closest === null ? '' : `did you mean "${closest}"? `}groups: ${known.join(', ') || 'none'}`,
    );
  }
  if (read.kind !== 'text')
    throw new HarnessError(
      'SCENARIO_INVALID',
      read.kind === 'not-a-file'
        ? `group file ${file} is ${read.what}; name a .txt file of scenario names`
        : `group file ${file} is over the limit of ${SCENARIO_INPUT_LIMITS.groupBytes / 1024} KiB (a group lists a few dozen names): is it the right file?`,
    );
  const names = parseGroupFile(read.text);
  if (names.length > SCENARIO_INPUT_LIMITS.groupNames)
    throw new HarnessError(
      'SCENARIO_INVALID',
      `group file ${file} names ${names.length} scenarios, over the limit of ${SCENARIO_INPUT_LIMITS.groupNames}: is it the right file?`,
    );
  return names;
}

/** The scenarios of `groups`, in order of first appearance; an unknown group names the known ones. */
export async function readScenarioGroups(root: string, groups: readonly string[]): Promise<string[]> {
  const names: string[] = [];
  for (const group of groups) {
    names.push(...(await readGroupFile(root, group)));
  }
  return [...new Set(names)];
}
