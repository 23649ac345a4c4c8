import { writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { createWaitForPath } from './wait-for-path.ts';

t.test('resolves true once the path appears', async (t) => {
  const dir = t.testdir({});
  const node = path.join(dir, 'vda1');
  setTimeout(() => writeFileSync(node, ''), 30);
  t.equal(await createWaitForPath(5)(node, 2000), true);
});

t.test('resolves false after the timeout', async (t) => {
  const started = Date.now();
  t.equal(await createWaitForPath(5)(path.join(t.testdir({}), 'never'), 50), false);
  t.ok(Date.now() - started >= 45, 'waited about the timeout');
});

t.test('an existing path resolves at once', async (t) => {
  const dir = t.testdir({ vda2: '' });
  t.equal(await createWaitForPath(5)(path.join(dir, 'vda2'), 0), true);
});
