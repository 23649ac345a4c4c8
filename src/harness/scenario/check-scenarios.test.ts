import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkScenarios } from './check-scenarios.ts';

const ROOT = join(import.meta.dirname, '../../..');
const BROKEN = join(ROOT, 'fixtures/scenarios/broken');

t.test('every scenario of scenarios/ and every group passes the check', async (t) => {
  const result = await checkScenarios(ROOT, []);
  t.same(result.problems, [], 'no problem (run ./scripts/run-scenario --check to see them)');
  t.equal(result.files, readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.toml')).length);
});

t.test(
  'one check of the broken fixtures reports every expected problem, each with a line and a fix',
  async (t) => {
    const result = await checkScenarios(ROOT, [BROKEN]);
    const files = readdirSync(BROKEN).filter((f) => f.endsWith('.toml'));
    t.equal(result.files, files.length, 'every file checked in one run');
    for (const line of result.problems)
      t.match(
        line,
        /^fixtures\/scenarios\/broken\/[a-z-]+\.toml:\d+: .+; .+$/,
        `file:line, problem and fix: ${line}`,
      );
    for (const file of files) {
      const shown = relative(process.cwd(), join(BROKEN, file));
      const mine = result.problems.filter((p) => p.startsWith(`${shown}:`));
      t.ok(mine.length > 0, `${file} has problems`);
      const expected = [
        ...readFileSync(join(BROKEN, file), 'utf8').matchAll(/^# expect line (\d+): (.+)$/gm),
      ];
      t.ok(expected.length > 0, `${file} says what the check must report`);
      for (const [, line, text] of expected)
        t.ok(
          mine.some((p) => p.startsWith(`${shown}:${line}: `) && p.includes(text!)),
          `${file}:${line}: ${text}\n  reported:\n  ${mine.join('\n  ')}`,
        );
    }
  },
);

t.test('a scenario in no group is flagged with the fix, a self-test is not', async (t) => {
  const root = t.testdir({
    scenarios: {
      'in-all.toml':
        'description = "x"\n[[disks]]\nid = "vda"\nbus = "virtio"\nsize = "12G"\n[[boots]]\nverdict = "refused"\nexit_code = 4\n',
      'lonely.toml':
        'description = "x"\n[[disks]]\nid = "vda"\nbus = "virtio"\nsize = "12G"\n[[boots]]\nverdict = "refused"\nexit_code = 4\n',
      'self.toml':
        'description = "harness self-test: y"\n[[disks]]\nid = "vda"\nbus = "virtio"\nsize = "12G"\n[[boots]]\nverdict = "refused"\nexit_code = 4\n',
    },
    'scenario-groups': { 'all.txt': 'in-all\nin-al\n' },
  });
  const result = await checkScenarios(root, []);
  const shown = (path: string) => relative(process.cwd(), join(root, path));
  t.same(result.problems, [
    `${shown('scenario-groups/all.txt')}:2: "in-al" has no scenario file (scenarios/in-al.toml); did you mean "in-all"?`,
    `${shown('scenarios/lonely.toml')}:1: the scenario is in no group, so CI never runs it; add "lonely" to scenario-groups/all.txt and to the topical groups it belongs to (ls scenario-groups/)`,
  ]);
});
