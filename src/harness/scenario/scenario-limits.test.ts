// The harness's input limits: each gives one problem with its fix, never a stack trace, and `--check` goes on.
import t, { type Test } from 'tap';
import { join } from 'node:path';
import { readGroupFile } from '../matrix/read-scenario-groups.ts';
import { checkScenarioFile } from './load-scenario.ts';
import { SCENARIO_INPUT_LIMITS } from './scenario-limits.ts';

const VALID = '[[disks]]\nid = "vda"\nbus = "virtio"\nsize = "12G"\n[[boots]]\nverdict = "provisioned"\n';

async function check(t: Test, text: string) {
  const dir = t.testdir({ 'x.toml': text });
  return (await checkScenarioFile(dir, join(dir, 'x.toml'), 'x.toml')).problems;
}

t.test('a file over the size or line limit is one problem on line 1', async (t) => {
  t.same(await check(t, `${VALID}# ${'x'.repeat(SCENARIO_INPUT_LIMITS.scenarioBytes)}\n`), [
    `x.toml:1: the file is ${VALID.length + SCENARIO_INPUT_LIMITS.scenarioBytes + 3} bytes, over the limit of 64 KiB (a scenario is a few KiB); is it the right file?`,
  ]);
  t.same(await check(t, `${VALID}${'#\n'.repeat(SCENARIO_INPUT_LIMITS.scenarioLines)}`), [
    'x.toml:1: the file has 2007 lines, over the limit of 2000 (a scenario is about 50); is it the right file?',
  ]);
});

t.test('nesting: refused before a recursive parser could overflow its stack', async (t) => {
  for (const depth of [SCENARIO_INPUT_LIMITS.scenarioDepth + 1, 30_000]) {
    const problems = await check(t, `${VALID}x = ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    t.same(
      problems,
      [
        'x.toml:1: tables and arrays nest deeper than 16 levels; a scenario nests 5 levels deep: is it the right file?',
      ],
      `depth ${depth}`,
    );
  }
  t.same(
    await check(t, `description = "[[[[[[[[[[[[[[[[[[[[ # not nesting"\n${VALID}`),
    [],
    'brackets in strings do not count',
  );
});

t.test('many problems: the first 20 with their lines, then how many more', async (t) => {
  const keys = Array.from({ length: 100 }, (_, i) => `unknown${i} = 1`).join('\n');
  const problems = await check(t, `${keys}\n${VALID}`);
  t.equal(problems.length, 21);
  t.match(problems[0], /^x\.toml:1: unknown0: unknown key "unknown0"; remove it; the keys here are: /);
  t.equal(problems[20], 'x.toml: … and 80 more problem(s) like these; fix the first ones and check again');
});

t.test('a group file over its limits is refused in one line', async (t) => {
  const dir = t.testdir({
    'scenario-groups': {
      'big.txt': `${'# filler\n'.repeat(8000)}`,
      'many.txt': Array.from({ length: 1001 }, (_, i) => `s${i}`).join('\n'),
      'ok.txt': 'single-vda\n',
    },
  });
  await t.rejects(readGroupFile(dir, 'big'), {
    code: 'SCENARIO_INVALID',
    message:
      /big\.txt is over the limit of 64 KiB \(a group lists a few dozen names\): is it the right file\?$/,
  });
  await t.rejects(readGroupFile(dir, 'many'), {
    code: 'SCENARIO_INVALID',
    message: /many\.txt names 1001 scenarios, over the limit of 1000: is it the right file\?$/,
  });
  t.same(await readGroupFile(dir, 'ok'), ['single-vda']);
  await t.rejects(readGroupFile(dir, 'mnay'), {
    code: 'SCENARIO_NOT_FOUND',
    message: /did you mean "many"\?/,
  });
});
