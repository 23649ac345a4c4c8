import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { excerptConsole } from './excerpt-console.ts';

const LOG = readFileSync(
  join(import.meta.dirname, '../../../fixtures/serial-logs/single-vda-boot1-provisioned.log'),
  'utf8',
)
  .trimEnd()
  .split(/\r?\n/);

t.test(
  'a real console: report data and dumped files are one line each, the rest kept in order',
  async (t) => {
    const excerpt = excerptConsole(LOG, 1000);
    t.notOk(
      excerpt.some((line) => line.includes('ZOSTEST:REPORT_DATA')),
      'no base64 report line',
    );
    t.ok(excerpt.includes('[… 31 lines of report data (base64) left out: see serial.log]'));
    t.ok(excerpt.includes('[… 1 line of the dump of /etc/fstab left out: see serial.log]'));
    t.ok(excerpt.includes('ZOSSTORAGE:PLAN topology=btrfs_single disks=1 filesystems=2'));
    t.equal(excerpt.at(-1), 'ZOSTEST:POWEROFF byte=64', 'ends where the console ends');
    t.ok(excerpt.indexOf('ZOSTEST:DUMP_END name=/proc/mounts') < excerpt.indexOf('ZOSTEST:POWEROFF byte=64'));
  },
);

t.test('the last lines worth reading, at most the count asked for', async (t) => {
  const lines = ['a', 'ZOSTEST:REPORT_DATA xx', 'ZOSTEST:REPORT_DATA yy', 'b', 'c'];
  t.same(excerptConsole(lines, 2), ['b', 'c']);
  t.same(excerptConsole(lines, 9), [
    'a',
    '[… 2 lines of report data (base64) left out: see serial.log]',
    'b',
    'c',
  ]);
  t.same(excerptConsole([], 5), []);
});
