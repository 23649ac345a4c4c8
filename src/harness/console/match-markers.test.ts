import t from 'tap';
import { compileConsolePattern } from '../scenario/console-pattern.ts';
import { createConsoleMonitor } from './console-monitor.ts';
import { matchMarkers } from './match-markers.ts';

const p = (sources: string[]) => sources.map(compileConsolePattern);
const log = [
  'ZOSTEST:INIT',
  'ZOSSTORAGE:START version=1',
  'ZOSSTORAGE:PLAN topology=btrfs_single',
  'ZOSSTORAGE:DONE status=provisioned',
];

t.test('markers must appear in order', async (t) => {
  t.same(matchMarkers(log, p(['ZOSTEST:INIT', 'ZOSSTORAGE:PLAN', 'ZOSSTORAGE:DONE']), []).missing, []);
  const swapped = matchMarkers(log, p(['ZOSSTORAGE:DONE', 'ZOSSTORAGE:PLAN']), []);
  t.same(swapped.missing, ['ZOSSTORAGE:PLAN'], 'PLAN before DONE does not count after DONE');
  t.same(
    swapped.found.map((f) => f.lineNumber),
    [4],
  );
  t.same(matchMarkers(log, p(['/topology=btrfs_(raid1|single)$/', 'ZOSSTORAGE:ERROR']), []).missing, [
    'ZOSSTORAGE:ERROR',
  ]);
});

t.test('a marker line is used once', async (t) => {
  t.same(matchMarkers(log, p(['ZOSTEST:INIT', 'ZOSTEST:INIT']), []).missing, ['ZOSTEST:INIT']);
});

t.test('forbidden markers are found anywhere with their line', async (t) => {
  const hits = matchMarkers(
    [...log, 'ZOSSTORAGE:ERROR code=X'],
    [],
    p(['ZOSSTORAGE:ERROR', '/MKFS/']),
  ).forbiddenHits;
  t.same(hits, [{ pattern: 'ZOSSTORAGE:ERROR', lineNumber: 5, line: 'ZOSSTORAGE:ERROR code=X' }]);
});

t.test('the streaming monitor reports stages, crashes and forbidden lines', async (t) => {
  const monitor = createConsoleMonitor(p(['ZOSSTORAGE:ERROR']));
  t.equal(monitor.feed('Linux version 6.12'), null);
  t.equal(monitor.initSeen, false);
  t.same(monitor.feed('ZOSTEST:INIT'), { kind: 'stage', stage: 'booting' });
  t.equal(monitor.initSeen, true);
  t.same(monitor.feed('ZOSTEST:RUN_ZOSSTORAGE boot=1'), { kind: 'stage', stage: 'provisioning' });
  t.match(monitor.feed('[ 5.1] Kernel panic - not syncing: Attempted to kill init!'), {
    kind: 'crash',
    pattern: 'Kernel panic',
    lineNumber: 4,
  });
  t.match(monitor.feed('[ 5.2] Oops: 0000 [#1] SMP'), { kind: 'crash' });
  t.equal(monitor.feed('Oopsie is not a crash'), null);
  t.match(monitor.feed('ZOSSTORAGE:ERROR code=TOOL_FAILED'), {
    kind: 'forbidden',
    pattern: 'ZOSSTORAGE:ERROR',
    lineNumber: 7,
  });
  t.equal(monitor.lineCount, 7);
});

t.test('with power_off_at the monitor reports the line to cut the power at, once it appears', async (t) => {
  const [cutAt] = p(['/ZOSSTORAGE:MKFS type=btrfs/']);
  const monitor = createConsoleMonitor(p(['ZOSSTORAGE:ERROR']), cutAt ?? null);
  t.equal(monitor.feed('ZOSSTORAGE:MKFS type=vfat label=ZOSBOOT'), null);
  t.same(monitor.feed('ZOSSTORAGE:MKFS type=btrfs label=ZOSDATA'), {
    kind: 'power-off',
    pattern: '/ZOSSTORAGE:MKFS type=btrfs/',
    line: 'ZOSSTORAGE:MKFS type=btrfs label=ZOSDATA',
    lineNumber: 2,
  });
  t.match(monitor.feed('[ 5.1] Kernel panic'), { kind: 'crash' }, 'a crash still comes first');
});
