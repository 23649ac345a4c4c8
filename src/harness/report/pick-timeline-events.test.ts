import t from 'tap';
import { formatConsoleTimes } from '../run/run-scenario.ts';
import { describeSubject, parseConsoleTimes, pickTimelineEvents } from './pick-timeline-events.ts';

const TSV = [
  '40\tSeaBIOS (version 1.16.2)',
  '900\t[    0.000000] Linux version 6.12.117+deb13-amd64 (debian-kernel@lists.debian.org)',
  '2100\t[    1.804512] Run /init as init process',
  '3050\tZOSTEST:INIT',
  '4200\tZOSTEST:MODULES_LOADED',
  '4900\t2026-12-01T12:00:00Z info ZOSSTORAGE:START version=0.1.0',
  '7100\tZOSSTORAGE:MKFS fs=btrfs device=/dev/vda3',
  '7200\tZOSTEST:REPORT_BEGIN bytes=10 sha256=00',
  '7210\tZOSTEST:REPORT_DATA eyJ4IjoxfQ==',
  '7220\tZOSTEST:REPORT_END',
  '7300\tZOSTEST:DUMP_BEGIN name=/etc/fstab',
  '7400\ta line\twith a tab',
  'garbage without a tab',
  '',
].join('\n');

t.test('receive times per line; a tab inside a line stays in the line', async (t) => {
  const lines = parseConsoleTimes(TSV);
  t.equal(lines.length, 12, 'the row without a tab is skipped');
  t.same(lines.at(-1), { atMs: 7400, line: 'a line\twith a tab' });
});

t.test(
  'milestones: kernel start, /init, every marker but report chunks and dumps, with deltas',
  async (t) => {
    const events = pickTimelineEvents(parseConsoleTimes(TSV));
    t.same(
      events.map((e) => [e.name, e.atMs, e.deltaMs]),
      [
        ['kernel started', 900, 900],
        ['initramfs unpacked, /init runs', 2100, 1200],
        ['INIT', 3050, 950],
        ['MODULES_LOADED', 4200, 1150],
        ['START', 4900, 700],
        ['MKFS', 7100, 2200],
        ['REPORT_BEGIN', 7200, 100],
      ],
    );
    t.equal(events[4]?.line, 'ZOSSTORAGE:START version=0.1.0', 'the line from its marker on (no log prefix)');
  },
);

t.test('what the runner writes (formatConsoleTimes) reads back line for line', async (t) => {
  const lines = ['ZOSTEST:INIT', 'tab\tinside', ''];
  const text = formatConsoleTimes({ lines, lineTimesMs: [5, 17, 30] });
  t.equal(text, '5\tZOSTEST:INIT\n17\ttab\tinside\n30\t\n');
  t.same(parseConsoleTimes(text), [
    { atMs: 5, line: 'ZOSTEST:INIT' },
    { atMs: 17, line: 'tab\tinside' },
    { atMs: 30, line: '' },
  ]);
});

t.test(
  'each row says what it is about: a device, the filesystem made and its members, a mount',
  async (t) => {
    t.equal(describeSubject('ZOSSTORAGE:SAFE device=/dev/vda state=empty probe_ms=3'), 'vda');
    t.equal(describeSubject('ZOSSTORAGE:PARTITIONED device=/dev/nvme0n1'), 'nvme0n1');
    t.equal(
      describeSubject('ZOSSTORAGE:MKFS type=btrfs label=ZOSDATA uuid=x members=/dev/vda3,/dev/vdb3'),
      'btrfs vda3,vdb3',
    );
    t.equal(describeSubject('ZOSSTORAGE:MOUNTED uuid=x path=/var/cache/x'), '/var/cache/x');
    t.equal(describeSubject('ZOSSTORAGE:PLAN topology=btrfs_raid1 disks=2 filesystems=3'), 'btrfs_raid1');
    t.equal(describeSubject('ZOSSTORAGE:ERROR code=X exit=4 message="no device= here"'), '');
    const events = pickTimelineEvents(parseConsoleTimes(TSV));
    t.same(
      events.map((e) => e.subject),
      ['', '', '', '', '', 'vda3', ''],
    );
  },
);
