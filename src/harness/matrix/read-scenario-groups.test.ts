import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { loadScenario } from '../scenario/load-scenario.ts';
import { listGroupNames, parseGroupFile, readScenarioGroups } from './read-scenario-groups.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

t.test('parseGroupFile drops comments, blanks and repeats, keeps order', async (t) => {
  t.same(parseGroupFile('# head\nb\n\n  a  # why\nb\n#c\n'), ['b', 'a']);
  t.same(parseGroupFile(''), []);
});

t.test('readScenarioGroups merges groups in order and names the known groups on a typo', async (t) => {
  const root = t.testdir({ 'scenario-groups': { 'x.txt': 'one\ntwo\n', 'y.txt': 'two\nthree\n' } });
  t.same(await readScenarioGroups(root, ['x', 'y']), ['one', 'two', 'three']);
  t.same(await listGroupNames(root), ['x', 'y']);
  await t.rejects(readScenarioGroups(root, ['z']), { code: 'SCENARIO_NOT_FOUND', message: /groups: x, y/ });
});

t.test('the repository groups: every name is a valid scenario, all lists every scenario', async (t) => {
  const groups = await listGroupNames(ROOT);
  for (const required of [
    'smoke',
    'single-disk',
    'dual-disk',
    'triple-disk',
    'nvme',
    'negative',
    'idempotency',
    'all',
  ])
    t.ok(groups.includes(required), `group ${required} exists`);
  const all = new Set(await readScenarioGroups(ROOT, ['all']));
  for (const group of groups) {
    for (const name of await readScenarioGroups(ROOT, [group])) {
      t.ok(all.has(name), `${group}: ${name} is in all`);
    }
  }
  const files = (await readdir(join(ROOT, 'scenarios'))).filter((f) => f.endsWith('.toml'));
  for (const file of files) {
    const scenario = await loadScenario(ROOT, file.replace(/\.toml$/, ''));
    if (scenario.description.startsWith('harness self-test')) {
      t.notOk(all.has(scenario.name), `${scenario.name} is a self-test, not in all`);
      continue;
    }
    t.ok(all.has(scenario.name), `${scenario.name} is listed in all`);
  }
  for (const name of all) t.ok(files.includes(`${name}.toml`), `${name} has a scenario file`);
});

t.test(
  'positive scenarios boot twice and prove idempotency; negative ones leave every disk unchanged',
  async (t) => {
    for (const name of await readScenarioGroups(ROOT, ['all'])) {
      const scenario = await loadScenario(ROOT, name);
      const first = scenario.boots[0];
      if (!first) throw new Error(`${name} has no boot`);
      const second = scenario.boots[1];
      const changed = Object.keys(second?.before ?? {}).length > 0 || (second?.attach ?? null) !== null;
      if (first.verdict === 'provisioned' && changed) {
        // The disks changed before boot 2 (`before`, `attach`): a refusal leaves every attached disk as it was.
        if (second?.verdict === 'refused')
          for (const disk of scenario.disks.filter((d) => second.attach?.includes(d.id) ?? true))
            t.equal(
              second.disks[disk.id]?.unchanged,
              true,
              `${name}: the refusal leaves ${disk.id} unchanged`,
            );
      } else if (first.verdict === 'provisioned') {
        t.equal(second?.verdict, 'already_provisioned', `${name}: second boot is already_provisioned`);
        t.equal(second?.sameLayoutAsPreviousBoot, true, `${name}: second boot compares GPTs and UUIDs`);
        t.ok(
          second?.forbidden.some((p) => p.source === 'ZOSSTORAGE:PARTITIONED') &&
            second.forbidden.some((p) => p.source === 'ZOSSTORAGE:MKFS'),
          `${name}: second boot forbids writes`,
        );
      } else if (first.verdict === 'powered_off') {
        // A power cut is followed by the boot that says what the provisioner then does.
        const second = scenario.boots[1];
        if (second?.verdict === 'refused') {
          for (const disk of scenario.disks)
            t.equal(
              second.disks[disk.id]?.unchanged,
              true,
              `${name}: the refusal leaves ${disk.id} unchanged`,
            );
        } else {
          t.equal(
            second?.verdict,
            'already_provisioned',
            `${name}: after the cut, refused or already_provisioned`,
          );
          t.ok(
            second?.forbidden.some((p) => p.source === 'ZOSSTORAGE:MKFS'),
            `${name}: the boot after the cut forbids mkfs`,
          );
        }
      } else {
        t.not(first.exitCode, 0, `${name}: refused with a non-zero exit code`);
        const last = scenario.boots.at(-1);
        for (const disk of scenario.disks)
          t.equal(last?.disks[disk.id]?.unchanged, true, `${name}: ${disk.id} unchanged by the last boot`);
      }
    }
  },
);
