import t from 'tap';
import { drawTimelineSvg } from './draw-timeline-svg.ts';

const events = [
  { atMs: 900, deltaMs: 900, name: 'kernel started', subject: '', line: 'Linux version 6.12' },
  { atMs: 3050, deltaMs: 2150, name: 'INIT', subject: '', line: 'ZOSTEST:INIT' },
  { atMs: 3400, deltaMs: 350, name: 'MKFS', subject: 'btrfs vda3', line: 'ZOSSTORAGE:MKFS fs=<btrfs>' },
];

t.test(
  'one row per milestone, a bar from the previous one, slow steps marked, the axis spans the boot',
  async (t) => {
    const svg = drawTimelineSvg(events, 10_000, 'boot 1 timeline');
    t.equal((svg.match(/<rect /g) ?? []).length, 3);
    t.equal((svg.match(/fill="#f08c00"/g) ?? []).length, 1, 'only the 2.15 s step is a slow one');
    const widths = [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    t.same(
      widths,
      [
        [230, 37.8],
        [267.8, 90.3],
        [358.1, 14.7],
      ],
      'x and width in proportion: 420 px for 10 s',
    );
    t.match(svg, />10 s</, 'the axis reaches the end of the boot');
    t.match(svg, /fs=&lt;btrfs&gt;/, 'lines are escaped');
    t.match(svg, />MKFS btrfs vda3</, 'a row names what it is about');
    t.match(svg, /3\.05 s \(\+2\.15\)/);
  },
);
