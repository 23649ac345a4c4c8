import t from 'tap';
import { createFakeRunner, createRecordingLogger } from '../testing/test-doubles.ts';
import { startModuleLoads } from './start-module-loads.ts';

t.test('one modprobe for the data filesystems whose module is not in sysfs yet', async (t) => {
  const sysRoot = t.testdir({ module: { btrfs: {} } });
  const runner = createFakeRunner();
  await startModuleLoads({
    types: ['vfat', 'btrfs', 'bcachefs', 'bcachefs'],
    sysRoot,
    runner,
    logger: createRecordingLogger(),
  });
  t.same(runner.lines(), ['modprobe -q -a bcachefs']);
});

t.test('nothing runs when every module is there or no type needs one', async (t) => {
  const sysRoot = t.testdir({ module: { btrfs: {}, bcachefs: {} } });
  const runner = createFakeRunner();
  const logger = createRecordingLogger();
  await startModuleLoads({ types: ['btrfs', 'bcachefs'], sysRoot, runner, logger });
  await startModuleLoads({ types: ['vfat'], sysRoot: t.testdir({}), runner, logger });
  t.same(runner.calls, []);
});

t.test('a failing or missing modprobe never rejects; it is a debug line', async (t) => {
  const sysRoot = t.testdir({});
  const failing = createRecordingLogger();
  await startModuleLoads({
    types: ['bcachefs'],
    sysRoot,
    runner: createFakeRunner(() => ({ exitCode: 1 })),
    logger: failing,
  });
  t.match(failing.lines, [
    { level: 'debug', message: /modprobe failed/, fields: { modules: 'bcachefs', exit: 1 } },
  ]);
  const missing = createRecordingLogger();
  await startModuleLoads({
    types: ['btrfs'],
    sysRoot,
    runner: createFakeRunner(() => 'missing'),
    logger: missing,
  });
  t.match(missing.lines, [
    { level: 'debug', message: /could not run/, fields: { reason: /`modprobe` not found/ } },
  ]);
});

t.test('a module entry that cannot be looked at counts as not loaded; the call never rejects', async (t) => {
  // A symlink loop: stat fails with ELOOP, neither "there" nor ENOENT.
  const sysRoot = t.testdir({ module: { bcachefs: t.fixture('symlink', 'bcachefs') } });
  const runner = createFakeRunner();
  await startModuleLoads({ types: ['bcachefs'], sysRoot, runner, logger: createRecordingLogger() });
  t.same(runner.lines(), ['modprobe -q -a bcachefs']);
});
