import t from 'tap';
import { findFormatArgv, isCrash, readFormatBenchLimits } from './bcachefs-format-bench.ts';

t.test('the format argv comes from the plan; none is an error', async (t) => {
  const plan = JSON.stringify({
    commands: [
      ['sgdisk', '--clear', '/dev/vda'],
      ['bcachefs', 'format', '--no_initialize', '--fs_label=ZOSDATA', '/dev/vda3'],
      ['mkdir', '-p', '/run/x'],
    ],
  });
  t.same(findFormatArgv(plan), ['bcachefs', 'format', '--no_initialize', '--fs_label=ZOSDATA', '/dev/vda3']);
  t.throws(() => findFormatArgv('{"commands":[]}'), /no bcachefs format command/);
});

t.test('crashes: signals, 128+n exits and glibc heap aborts; an ordinary error is not one', async (t) => {
  t.ok(isCrash({ exitCode: 139, stderr: '' }));
  t.ok(isCrash({ signal: 'SIGSEGV', stderr: '' }));
  t.ok(isCrash({ exitCode: 134, stderr: 'tcache_thread_shutdown(): unaligned tcache chunk detected' }));
  t.notOk(isCrash({ exitCode: 1, stderr: 'invalid option' }));
  t.notOk(isCrash({ exitCode: 0, stderr: '' }));
});

t.test('limits: 200 runs and 900 s by default, env overrides, nonsense ignored', async (t) => {
  t.same(readFormatBenchLimits({}), { runs: 200, seconds: 900, compare: false });
  t.same(
    readFormatBenchLimits({
      ZOS_BENCH_BCACHEFS_RUNS: '500',
      ZOS_BENCH_BCACHEFS_SECONDS: '60',
      ZOS_BENCH_BCACHEFS_COMPARE: '1',
    }),
    { runs: 500, seconds: 60, compare: true },
  );
  t.same(readFormatBenchLimits({ ZOS_BENCH_BCACHEFS_RUNS: 'x' }), {
    runs: 200,
    seconds: 900,
    compare: false,
  });
});
