import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { START_GATE_VARIABLE, waitForStartGate } from './wait-start-gate.ts';

t.test('without the variable (every run outside the guest init) there is no wait', async (t) => {
  const timing = await waitForStartGate('bundle', {}, () => 1234.4);
  t.same(timing, { start: 'bundle', readyMs: 1234, waitedMs: 0 });
  t.same(await waitForStartGate('snapshot', { [START_GATE_VARIABLE]: '' }, () => 10), {
    start: 'snapshot',
    readyMs: 10,
    waitedMs: 0,
  });
});

t.test('with the variable the run waits until the init renames the gate file into place', async (t) => {
  const dir = t.testdir({});
  const gate = join(dir, 'start-gate');
  let opened = false;
  setTimeout(() => {
    writeFileSync(`${gate}.tmp`, 'go\n');
    renameSync(`${gate}.tmp`, gate);
    opened = true;
  }, 120);
  const timing = await waitForStartGate('snapshot', { [START_GATE_VARIABLE]: gate });
  t.ok(opened, 'it went on only after the gate existed');
  t.notOk(
    existsSync(gate),
    'the gate is removed once passed (the init reads a gate left behind as "nothing ran")',
  );
  t.ok(timing.waitedMs >= 100, `waited ${timing.waitedMs} ms`);
  t.ok(timing.readyMs >= 0);
});

t.test('a gate that is already open lets the run go on at once', async (t) => {
  const dir = t.testdir({ 'start-gate': 'go\n' });
  const timing = await waitForStartGate(
    'bundle',
    { [START_GATE_VARIABLE]: join(dir, 'start-gate') },
    () => 50,
  );
  t.same(timing, { start: 'bundle', readyMs: 50, waitedMs: 0 });
  t.notOk(existsSync(join(dir, 'start-gate')));
});
