import t from 'tap';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive, withBuildLock } from './with-build-lock.ts';

t.test('two builders in one folder never overlap', async (t) => {
  const dir = t.testdir({});
  const events: string[] = [];
  const job = (name: string) =>
    withBuildLock(dir, async () => {
      events.push(`${name} start`);
      await sleep(50);
      events.push(`${name} end`);
      return name;
    });
  t.same(await Promise.all([job('a'), job('b')]), ['a', 'b']);
  t.same(
    events.map((e) => e.split(' ')[1]),
    ['start', 'end', 'start', 'end'],
  );
  t.notOk(existsSync(join(dir, '.build-lock')), 'the lock is released');
});

t.test('a lock left by a dead process is taken over; a live owner times out with its pid', async (t) => {
  const dir = t.testdir({});
  mkdirSync(join(dir, '.build-lock'));
  writeFileSync(join(dir, '.build-lock', 'pid'), '999999999');
  t.notOk(isProcessAlive(999999999));
  t.equal(await withBuildLock(dir, async () => 'took over'), 'took over');
  mkdirSync(join(dir, '.build-lock'));
  writeFileSync(join(dir, '.build-lock', 'pid'), String(process.pid));
  await t.rejects(
    withBuildLock(dir, async () => 'never', { timeoutMs: 300 }),
    { message: new RegExp(`pid ${process.pid}`) },
  );
});
