import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileConsolePattern } from '../scenario/console-pattern.ts';
import { describeMissingMarker } from './describe-missing-marker.ts';

const LOG = readFileSync(
  join(import.meta.dirname, '../../../fixtures/serial-logs/single-vda-boot1-provisioned.log'),
  'utf8',
)
  .trimEnd()
  .split(/\r?\n/);

function describe(source: string, from = 0): string[] {
  const pattern = compileConsolePattern(source);
  return describeMissingMarker(LOG, source, (line) => pattern.test(line), from);
}

t.test('the same event with other fields: the line and the fields that differ', async (t) => {
  t.same(describe('ZOSSTORAGE:PLAN topology=btrfs_raid1 disks=2'), [
    '1 ZOSSTORAGE:PLAN line(s) instead; line 9: ZOSSTORAGE:PLAN topology=btrfs_single disks=1 filesystems=2 — differs: topology=btrfs_single (want btrfs_raid1), disks=1 (want 2)',
  ]);
  t.same(describe('ZOSSTORAGE:SAFE device=/dev/vdb'), [
    '1 ZOSSTORAGE:SAFE line(s) instead; line 8: ZOSSTORAGE:SAFE device=/dev/vda state=empty — differs: device=/dev/vda (want /dev/vdb)',
  ]);
  t.match(describe('/^ZOSSTORAGE:PLAN topology=bcachefs/'), [
    /^1 ZOSSTORAGE:PLAN line\(s\) instead; line 9: /,
  ]);
});

t.test('a marker that is there, but before the previous expected one', async (t) => {
  t.same(describe('ZOSSTORAGE:SAFE device=/dev/vda', 10), [
    'it is at line 8, before the previous expected marker (line 10): markers are matched in the order written: ZOSSTORAGE:SAFE device=/dev/vda state=empty',
  ]);
});

t.test('an event that never appeared: the last line of its kind', async (t) => {
  const [said] = describe('ZOSSTORAGE:DEGRADED device=/dev/vdb');
  t.match(
    said,
    /^no ZOSSTORAGE:DEGRADED line at all; the last ZOSSTORAGE: line was line \d+: ZOSSTORAGE:DONE/,
  );
  t.same(describe('some free text'), [], 'not a marker: nothing to compare');
});
