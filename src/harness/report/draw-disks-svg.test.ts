import t from 'tap';
import { describeWholeDisk, drawDisksSvg, splitDiskSegments } from './draw-disks-svg.ts';
import { makeDisk, makeFilesystem, makePartition, makeZosDisk } from './make-report-fixtures.ts';

const TiB = 1024 * 1024;

t.test('a 1 MiB and a 512 MiB partition stay visible beside a 2 TiB one (log scale)', async (t) => {
  const disk = makeDisk('vda', 2 * TiB + 1024, [
    makePartition(1, 'zosboot', 1, 1),
    makePartition(2, 'zosboot', 2, 512, { type: 'vfat' }),
    makePartition(3, 'zosdata', 514, 2 * TiB, { type: 'btrfs' }),
  ]);
  const segments = splitDiskSegments(disk);
  t.same(
    segments.map((s) => [s.kind, s.partition?.number ?? null]),
    [
      ['partition', 1],
      ['partition', 2],
      ['partition', 3],
      ['free', null],
    ],
    'the 510 MiB left at the end is free space; the 1 MiB alignment gap at the start is not drawn',
  );
  const [bios, esp, data] = segments.map((s) => s.width);
  t.ok((bios ?? 0) >= 15, `BIOS boot partition drawn ${bios?.toFixed(1)} px wide (linear: 0.0003 px)`);
  t.ok((esp ?? 0) >= 100, `ESP drawn ${esp?.toFixed(1)} px wide (linear: 0.16 px)`);
  t.ok((data ?? 0) > (esp ?? 0), 'the bigger partition is still wider');
  const total = segments.reduce((sum, s) => sum + s.width, 0);
  t.ok(Math.abs(total - 640) < 1, `segments fill the bar (${total.toFixed(1)} px)`);
  for (const [i, s] of segments.entries())
    if (i > 0)
      t.equal(s.x, (segments[i - 1]?.x ?? 0) + (segments[i - 1]?.width ?? 0), 'segments follow each other');
});

t.test('a disk without partitions is one segment, described by what lies on it', async (t) => {
  const blank = makeDisk('vdb', 2048, []);
  t.same(
    splitDiskSegments(blank).map((s) => s.kind),
    ['whole'],
  );
  t.equal(describeWholeDisk(blank), 'blank: no partition table, no signature');
  const ext4 = {
    ...blank,
    wholeDiskProbe: { type: 'ext4', label: 'old', uuid: null, version: null, raw: {} },
  };
  t.equal(describeWholeDisk(ext4), 'ext4 "old" on the whole disk');
  const mbr = {
    ...blank,
    wholeDiskProbe: { type: null, label: null, uuid: null, version: null, raw: { PTTYPE: 'dos' } },
  };
  t.equal(describeWholeDisk(mbr), 'dos partition table');
});

t.test('members of one filesystem are joined by a bracket in its colour; other disks are not', async (t) => {
  const fs = makeFilesystem('btrfs', 'u-1', ['vda', 'vdb'], { dataProfile: 'raid1' });
  const svg = drawDisksSvg(
    [
      makeZosDisk('vda', 4096, 'zosdata', fs),
      makeZosDisk('vdb', 4096, 'zosdata', fs),
      makeDisk('vdc', 2048, []),
    ],
    [fs],
    [
      { id: 'vda', bus: 'virtio', identical: null, sameLayout: true },
      { id: 'vdc', bus: 'usb', identical: true, sameLayout: null },
    ],
    'after boot 2',
  );
  t.match(svg, /^<svg [^>]*viewBox="0 0 \d+ \d+"/);
  t.equal((svg.match(/<circle /g) ?? []).length, 2, 'one dot per member row');
  t.equal(
    (svg.match(/stroke="#d9480f" stroke-width="3"/g) ?? []).length,
    3,
    'two member outlines and the bracket',
  );
  t.match(svg, /layout unchanged/);
  t.match(svg, /unchanged \(byte-identical\)/);
  t.match(svg, /blank: no partition table/);
  t.match(svg, /partition 3 &quot;zosdata&quot;: Linux filesystem, 3\.5 GiB at 514 MiB, btrfs ZOSDATA/);
});

t.test('a disk expected unchanged that changed is flagged, and names are escaped', async (t) => {
  const disk = makeDisk('vda', 4096, [makePartition(1, '<b>evil</b>', 1, 100)]);
  const svg = drawDisksSvg(
    [disk],
    [],
    [{ id: 'vda', bus: 'virtio', identical: false, sameLayout: false }],
    'a & b',
  );
  t.match(svg, /class="bad">CHANGED \(expected unchanged\)/);
  t.notMatch(svg, /<b>/);
  t.match(svg, /&lt;b&gt;evil/);
  t.match(svg, /<title>a &amp; b<\/title>/);
});
