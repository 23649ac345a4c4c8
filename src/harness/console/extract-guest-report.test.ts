import t from 'tap';
import { createHash } from 'node:crypto';
import { extractGuestReport } from './extract-guest-report.ts';
import { extractDumps } from './extract-dumps.ts';
import { splitConsoleLines } from './split-console-lines.ts';

const report = JSON.stringify(
  { status: 'provisioned', disks: [{ path: '/dev/vda', note: 'x'.repeat(300) }] },
  null,
  2,
);

function frame(text: string): string[] {
  const data = Buffer.from(text);
  const sha = createHash('sha256').update(data).digest('hex');
  const chunks = data.toString('base64').match(/.{1,76}/g) ?? [];
  return [
    `ZOSTEST:REPORT_BEGIN bytes=${data.length} sha256=${sha}`,
    ...chunks.map((c) => `ZOSTEST:REPORT_DATA ${c}`),
    'ZOSTEST:REPORT_END',
  ];
}

t.test('reassembles a framed report byte for byte', async (t) => {
  const result = extractGuestReport(['ZOSTEST:INIT', ...frame(report), 'ZOSTEST:POWEROFF byte=64']);
  t.equal(result.kind, 'ok');
  if (result.kind === 'ok') t.equal(result.text, report);
});

t.test('kernel lines between and in front of frame lines do not disturb it', async (t) => {
  const lines = frame(report);
  const mixed = [
    lines[0] as string,
    '[    3.141592] random: crng init done',
    `[    3.2] usb 1-1: new device ${lines[1] as string}`,
    ...lines.slice(2, 4),
    '[    3.3] EXT4-fs (vda): mounted',
    ...lines.slice(4),
  ];
  const result = extractGuestReport(splitConsoleLines(mixed.join('\r\n') + '\r\n'));
  t.equal(result.kind, 'ok');
  if (result.kind === 'ok') t.same(result.json, JSON.parse(report));
});

t.test('a damaged chunk is caught by length or sha256', async (t) => {
  const lines = frame(report);
  const dropped = [...lines.slice(0, 2), ...lines.slice(3)];
  t.match(extractGuestReport(dropped), { kind: 'corrupt', problem: /the frame announced/ });
  const flipped = lines.map((l, i) => (i === 2 ? l.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) : l));
  t.match(extractGuestReport(flipped), { kind: 'corrupt', problem: /sha256 [0-9a-f]{64} does not match/ });
  t.match(extractGuestReport(lines.slice(0, -1)), { kind: 'corrupt', problem: /no REPORT_END/ });
  t.match(extractGuestReport(['ZOSTEST:REPORT_BEGIN bytes=x']), {
    kind: 'corrupt',
    problem: /malformed frame header/,
  });
});

t.test('the byte-duplicating QEMU logfile from a real TCG run is detected as corrupt', async (t) => {
  const lines = frame(report);
  lines[3] = (lines[3] as string).replace('ZOSTEST', 'ZOSTTEST');
  lines[5] = (lines[5] as string).slice(0, 30) + (lines[5] as string).slice(28);
  t.equal(extractGuestReport(lines).kind, 'corrupt');
});

t.test('no report, and no frame at all, are told apart', async (t) => {
  t.same(extractGuestReport(['ZOSTEST:INIT', 'ZOSTEST:NO_REPORT']), { kind: 'no-report' });
  t.same(extractGuestReport(['ZOSTEST:INIT']), { kind: 'absent' });
});

t.test('non-JSON content is reported', async (t) => {
  t.match(extractGuestReport(frame('not json')), { kind: 'corrupt', problem: /not JSON/ });
});

t.test('dumps', async (t) => {
  const dumps = extractDumps([
    'ZOSTEST:DUMP_BEGIN name=/etc/fstab',
    'UUID=abc /var/cache/abc btrfs defaults 0 0',
    'ZOSTEST:DUMP_END name=/etc/fstab',
    'ZOSTEST:DUMP_BEGIN name=/proc/mounts',
    'proc /proc proc rw 0 0',
  ]);
  t.same(dumps, {
    '/etc/fstab': 'UUID=abc /var/cache/abc btrfs defaults 0 0',
    '/proc/mounts': 'proc /proc proc rw 0 0',
  });
});

t.test('console lines lose CR and escape sequences', async (t) => {
  t.same(splitConsoleLines('\u001b[2J\u001b[01;01Ha\r\nb\r\n'), ['a', 'b']);
  t.same(splitConsoleLines('a\nb'), ['a', 'b']);
});
