import t from 'tap';
import { checkCacheSizes, checkFreeSpace, checkNodeVersion, formatFinding } from './run-doctor-checks.ts';

t.test('node: 20 or newer passes, older fails with what to do', async (t) => {
  t.same(checkNodeVersion('20.20.2'), { status: 'ok', subject: 'node', text: 'v20.20.2' });
  t.same(checkNodeVersion('18.19.0'), {
    status: 'fail',
    subject: 'node',
    text: 'v18.19.0; the harness needs Node.js 20 or newer',
  });
});

t.test('one aligned line per finding', async (t) => {
  t.equal(formatFinding({ status: 'ok', subject: 'a', text: 'b' }), 'ok    a: b');
  t.equal(formatFinding({ status: 'warn', subject: 'a', text: 'b' }), 'warn  a: b');
  t.equal(formatFinding({ status: 'fail', subject: 'a', text: 'b' }), 'FAIL  a: b');
});

t.test('free space and cache sizes of a folder that does not exist yet', async (t) => {
  const dir = t.testdir({ cache: { debs: { 'a.deb': 'x'.repeat(5000) } } });
  const context = { root: dir, outDir: `${dir}/out`, cacheDir: `${dir}/cache`, env: {}, offline: true };
  t.match(await checkFreeSpace(context), { subject: 'disk space', text: /GiB free under .*\/out/ });
  t.match(checkCacheSizes(context), {
    status: 'ok',
    text: /^downloads 0 MiB .*, image 0 MiB .*, runs 0 MiB/,
  });
});
