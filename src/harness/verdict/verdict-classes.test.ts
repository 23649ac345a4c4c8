import t from 'tap';
import { readFileSync } from 'node:fs';
import {
  formatExitCodesHelp,
  listExitCodes,
  pickWorseVerdict,
  renderHarnessExitCodeTable,
  VERDICT_CLASSES,
} from './verdict-classes.ts';

t.test('one exit code per verdict or class, all distinct, usage 2 and interrupted 130', async (t) => {
  const codes = listExitCodes().map((entry) => entry.code);
  t.same(
    codes,
    [...new Set(codes)].sort((a, b) => a - b),
    'distinct and sorted',
  );
  t.equal(listExitCodes().find((e) => e.name === 'usage')?.code, 2);
  t.equal(VERDICT_CLASSES.interrupted.exitCode, 130);
  t.match(formatExitCodesHelp(), /^Exit codes: 0 passed, 1 assertion_failed, 2 usage, 3 timed_out,/);
});

t.test('interrupted outranks every other verdict; harness_error every guest verdict', async (t) => {
  t.equal(pickWorseVerdict('harness_error', 'interrupted'), 'interrupted');
  t.equal(pickWorseVerdict('interrupted', 'assertion_failed'), 'interrupted');
  t.equal(pickWorseVerdict('kernel_panic', 'harness_error'), 'harness_error');
  t.equal(pickWorseVerdict('passed', 'assertion_failed'), 'assertion_failed');
});

t.test("the README's harness exit-code table is the generated one", async (t) => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  t.ok(readme.includes(renderHarnessExitCodeTable()), renderHarnessExitCodeTable());
});
