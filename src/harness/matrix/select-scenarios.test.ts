import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../cli/run-harness-cli.ts';
import { parseGroupFile } from './read-scenario-groups.ts';
import { listUnpassedScenarios, parseShard, selectScenarios } from './select-scenarios.ts';

const ALL = parseGroupFile(readFileSync(join(REPO_ROOT, 'scenario-groups/all.txt'), 'utf8'));

t.test('parseShard takes i/n with 1 ≤ i ≤ n', async (t) => {
  t.same(parseShard('2/3'), { index: 2, count: 3 });
  t.same(parseShard(' 1/1 '), { index: 1, count: 1 });
  for (const bad of ['0/3', '4/3', '1/0', '3', '1/2/3', 'a/b', '-1/2', '1/65'])
    t.equal(parseShard(bad), null, bad);
});

t.test(
  'every scenario of `all` is in exactly one shard, for every shard count up to 8 (an empty shard is allowed)',
  async (t) => {
    t.ok(ALL.length > 20, `all has ${ALL.length} scenarios`);
    for (let count = 1; count <= 8; count++) {
      const shards = Array.from({ length: count }, (_, i) =>
        selectScenarios(ALL, { shard: { index: i + 1, count } }),
      );
      const sizes = shards.map((shard) => shard.length).join('/');
      t.same(shards.flat().sort(), [...ALL].sort(), `${count} shards (${sizes}) cover all, each once`);
    }
  },
);

t.test('a scenario keeps its shard when other scenarios come and go', async (t) => {
  const before = selectScenarios(ALL, { shard: { index: 2, count: 3 } });
  const after = selectScenarios(['a-new-scenario', ...ALL.slice(3)], { shard: { index: 2, count: 3 } });
  t.same(
    after.filter((name) => name !== 'a-new-scenario'),
    before.filter((name) => ALL.slice(3).includes(name)),
  );
});

t.test('exclude globs, only-lists and shards combine; the order is kept', async (t) => {
  const names = ['single-vda', 'refuse-gpt', 'refuse-mbr', 'dual-nvme'];
  t.same(selectScenarios(names, { exclude: ['refuse-*'] }), ['single-vda', 'dual-nvme']);
  t.same(selectScenarios(names, { exclude: ['*-nvme', 'single-?da'] }), ['refuse-gpt', 'refuse-mbr']);
  t.same(selectScenarios(names, { only: ['dual-nvme', 'refuse-gpt'] }), ['refuse-gpt', 'dual-nvme']);
  t.same(selectScenarios(names, { only: ['dual-nvme', 'refuse-gpt'], exclude: ['dual-*'] }), ['refuse-gpt']);
});

t.test('rerun-failed takes the last attempt of each scenario that did not pass', async (t) => {
  const entry = (scenario: string, verdict: string) => ({ scenario, verdict }) as never;
  t.same(
    listUnpassedScenarios({
      scenarios: [
        entry('a', 'passed'),
        entry('b', 'assertion_failed'),
        entry('c', 'interrupted'),
        entry('d', 'harness_error'),
        entry('e', 'assertion_failed'),
        entry('e', 'passed'),
      ],
    }),
    ['b', 'c', 'd'],
  );
});
