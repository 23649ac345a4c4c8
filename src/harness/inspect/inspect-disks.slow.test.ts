// Host inspection of multi-member filesystems reads the whole set: a btrfs raid1 and a bcachefs over three disks,
// their disks given in every order, give the same profiles, device counts and checks (a raid1 over three members keeps
// its system chunk on two of them: reading the chunk tree from the first disk only failed for one order in three).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { ensureImage } from '../image/ensure-image.ts';
import { guestToolArgv } from './guest-tool.ts';
import { inspectDisks } from './inspect-disks.ts';

const MiB = 1024 ** 2;
const SIZE = 2048 * MiB;
const DATA_START = 66 * MiB;
const repoRoot = join(import.meta.dirname, '../../..');
const image = await ensureImage({ outDir: join(repoRoot, 'out'), bundlePath: process.env.ZOS_TEST_BUNDLE });

const run = (argv: string[]): string =>
  execFileSync(argv[0] as string, argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Three qcow2 disks with the zos partitions; `format` makes one filesystem over their data partitions. */
function makeDisks(dir: string, format: (devices: string[]) => void): string[] {
  const raws = ['a', 'b', 'c'].map((id) => join(dir, `${id}.raw`));
  const loops: string[] = [];
  try {
    for (const raw of raws) {
      writeFileSync(raw, '');
      truncateSync(raw, SIZE);
      run(['sgdisk', '-n1:1M:+1M', '-t1:EF02', '-n2:2M:+64M', '-t2:EF00', '-n3:66M:0', '-t3:8300', raw]);
      loops.push(
        run([
          'losetup',
          '-f',
          '--show',
          '-o',
          String(DATA_START),
          '--sizelimit',
          String(SIZE - DATA_START - MiB),
          raw,
        ]).trim(),
      );
    }
    format(loops);
  } finally {
    for (const loop of loops) run(['losetup', '-d', loop]);
  }
  return raws.map((raw) => {
    const qcow2 = raw.replace(/\.raw$/, '.qcow2');
    run(['qemu-img', 'convert', '-q', '-f', 'raw', '-O', 'qcow2', raw, qcow2]);
    rmSync(raw);
    return qcow2;
  });
}

const ORDERS = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];

async function inspectInEveryOrder(t: Test, disks: string[]) {
  const seen = [];
  for (const order of ORDERS) {
    const work = mkdtempSync(join(tmpdir(), 'zos-inspect-'));
    const inspection = await inspectDisks({
      boot: 1,
      images: order.map((index) => ({ id: `d${index}`, path: disks[index] as string, sizeBytes: SIZE })),
      workDir: work,
      guestRoot: image.guestRoot,
    });
    rmSync(work, { recursive: true, force: true });
    t.equal(inspection.filesystems.length, 1, `order ${order.join(',')}: one filesystem`);
    seen.push({ order, filesystem: inspection.filesystems[0], notes: inspection.notes });
  }
  return seen;
}

t.test(
  'a btrfs raid1 over three disks, in every order: raid1 data and metadata, 3 devices, checked whole',
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'zos-btrfs3-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const disks = makeDisks(
      dir,
      (devices) => void run(['mkfs.btrfs', '-q', '-f', '-d', 'raid1', '-m', 'raid1', ...devices]),
    );
    for (const { order, filesystem, notes } of await inspectInEveryOrder(t, disks)) {
      t.match(
        filesystem,
        {
          type: 'btrfs',
          numDevices: 3,
          dataProfile: 'raid1',
          metadataProfile: 'raid1',
          check: { ok: true, skipped: null },
        },
        `order ${order.join(',')} (notes: ${notes.join('; ') || 'none'})`,
      );
    }
  },
);

t.test('a bcachefs over three disks (2 replicas), in every order: 3 devices, 2 replicas', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'zos-bcachefs3-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const disks = makeDisks(dir, (devices) => {
    const [loader, ...args] = guestToolArgv(image.guestRoot, 'bcachefs', [
      'format',
      '-q',
      '--no_initialize',
      '--fs_label=ZOSDATA',
      '--replicas=2',
      ...devices,
    ]);
    execFileSync(loader as string, args, { stdio: 'ignore' });
  });
  for (const { order, filesystem } of await inspectInEveryOrder(t, disks)) {
    t.match(
      filesystem,
      { type: 'bcachefs', numDevices: 3, dataReplicas: 2, metadataReplicas: 2 },
      `order ${order.join(',')}`,
    );
  }
});
