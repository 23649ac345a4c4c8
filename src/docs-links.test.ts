// The README stays short and every relative link in it and in docs/ reaches a file (and a heading, for #anchors).
import t from 'tap';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const REPO = join(import.meta.dirname, '..');
const PAGES = [
  join(REPO, 'README.md'),
  join(REPO, 'CHANGELOG.md'),
  ...readdirSync(join(REPO, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(REPO, 'docs', name)),
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slugOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function listAnchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slugOf(match[1] ?? '')));
}

t.test('the README fits on a screen or two (at most 12 KB)', async (t) => {
  const bytes = readFileSync(join(REPO, 'README.md')).length;
  t.ok(bytes <= 12 * 1024, `README.md is ${bytes} bytes`);
});

t.test('slugs as GitHub makes them', async (t) => {
  t.equal(slugOf('Exit codes of the harness commands'), 'exit-codes-of-the-harness-commands');
  t.equal(slugOf('Scenario files (`scenarios/<name>.toml`)'), 'scenario-files-scenariosnametoml');
});

for (const page of PAGES) {
  t.test(`links of ${relative(REPO, page)}`, async (t) => {
    const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');
    for (const link of links.filter((target) => !/^[a-z]+:/.test(target))) {
      const [path = '', anchor] = link.split('#');
      const target = path === '' ? page : join(dirname(page), path);
      t.ok(existsSync(target), `${link}: ${relative(REPO, target)} exists`);
      if (anchor && target.endsWith('.md') && existsSync(target))
        t.ok(
          listAnchors(target).has(anchor),
          `${link}: #${anchor} is a heading of ${relative(REPO, target)}`,
        );
    }
  });
}
