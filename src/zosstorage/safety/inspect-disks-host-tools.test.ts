import { execFileSync } from 'node:child_process';
import path from 'node:path';
import t, { type Test } from 'tap';
import { buildDefaultConfig } from '../config/config-schema.ts';
import { classifyTargets } from '../state/classify-targets.ts';
import type { Config } from '../types.ts';
import type { DiskState } from './inspect-disks.ts';
import { MiB } from '../testing/make-fake-disk.ts';
import { hasTools, inspectRealImage } from '../testing/inspect-real-image.ts';

// The real blkid and wipefs (through the real runner) on image files in a temp dir, never on /dev.
const SIZE = 300 * MiB;
const STRICT: Config['safety'] = { require_zeroed_edges: true, scan_samples: 256, former_partitions: true };

const skip = !hasTools('blkid', 'wipefs', 'sgdisk', 'mkfs.vfat', 'mkfs.btrfs', 'mkfs.ext4', 'dd');

// The tests below skip without the tools; this one fails instead, so a missing tool never passes silently.
t.test('the host tools these tests run are installed (./scripts/test installs them)', async (t) => {
  t.notOk(skip, 'blkid, wipefs, sgdisk, mkfs.vfat, mkfs.btrfs, mkfs.ext4 and dd are on PATH');
  t.ok(hasTools('sfdisk'), 'sfdisk is on PATH');
});

const inspect = (t: Test, prepare: (file: string, dir: string) => void): Promise<DiskState> =>
  inspectRealImage(t, SIZE, STRICT, prepare);

/** Makes a filesystem in its own sparse file and copies it into the image at `offsetMiB`. */
function placeFilesystem(
  image: string,
  dir: string,
  offsetMiB: number,
  sizeMiB: number,
  mkfs: string[],
): void {
  const part = path.join(dir, `part-${offsetMiB}.img`);
  execFileSync('truncate', ['-s', `${sizeMiB}M`, part]);
  execFileSync(mkfs[0] as string, [...mkfs.slice(1), part], { stdio: 'ignore' });
  execFileSync('dd', [
    `if=${part}`,
    `of=${image}`,
    'bs=1M',
    `seek=${offsetMiB}`,
    'conv=notrunc,sparse',
    'status=none',
  ]);
}

t.test('real tools: an all-zero image is empty', { skip }, async (t) => {
  t.equal((await inspect(t, () => {})).state, 'empty');
});

t.test(
  'real tools: ext4 on the whole disk is refused with wipefs and own-probe evidence',
  { skip },
  async (t) => {
    const state = await inspect(t, (file) =>
      execFileSync('mkfs.ext4', ['-q', '-F', file], { stdio: 'ignore' }),
    );
    t.equal(state.state, 'not_empty');
    if (state.state !== 'not_empty') return;
    const lines = state.evidence.map((entry) => entry.description);
    t.ok(lines.includes('ext4 primary superblock at offset 1024 (0x400)'), lines.join('\n'));
    t.ok(
      lines.some((line) =>
        /^wipefs finds a ext4 signature at offset 1080 \(0x438\) \(UUID=[0-9a-f-]+\)$/.test(line),
      ),
    );
  },
);

t.test('real tools: btrfs on the whole disk is refused at its superblock offset', { skip }, async (t) => {
  const state = await inspect(t, (file) =>
    execFileSync('mkfs.btrfs', ['-q', '-f', file], { stdio: 'ignore' }),
  );
  const lines = state.state === 'not_empty' ? state.evidence.map((entry) => entry.description) : [];
  t.ok(lines.includes('btrfs primary superblock at offset 65536 (0x10000)'), lines.join('\n'));
  t.ok(lines.some((line) => /^wipefs finds a btrfs signature at offset 65600 \(0x10040\)/.test(line)));
  t.ok(lines.includes('btrfs superblock mirror 1 at offset 67108864 (0x4000000)'));
});

t.test('real tools: an MBR made by sfdisk is refused', { skip: skip || !hasTools('sfdisk') }, async (t) => {
  const state = await inspect(t, (file) =>
    execFileSync('sfdisk', ['--quiet', file], {
      input: 'label: dos\n,,83\n',
      stdio: ['pipe', 'ignore', 'ignore'],
    }),
  );
  const lines = state.state === 'not_empty' ? state.evidence.map((entry) => entry.description) : [];
  t.ok(lines.includes('MBR boot signature 0x55AA at offset 510 (0x1fe)'), lines.join('\n'));
  t.ok(lines.includes('MBR partition 1 of type 0x83 at offset 446 (0x1be)'));
  t.ok(lines.some((line) => /^wipefs finds a dos signature at offset 510 \(0x1fe\)/.test(line)));
});

t.test('real tools: a provisioned btrfs_single disk is recognized and classified', { skip }, async (t) => {
  const state = await inspect(t, (file, dir) => {
    execFileSync(
      'sgdisk',
      [
        ...['-n', '1:1M:+1M', '-t', '1:EF02', '-c', '1:zosboot'],
        ...['-n', '2:2M:+33M', '-t', '2:EF00', '-c', '2:zosboot'],
        ...['-n', '3:35M:+264M', '-t', '3:8300', '-c', '3:zosdata'],
        file,
      ],
      { stdio: 'ignore' },
    );
    placeFilesystem(file, dir, 2, 33, ['mkfs.vfat', '-F', '32', '-n', 'ZOSBOOT']);
    placeFilesystem(file, dir, 35, 264, ['mkfs.btrfs', '-q', '-L', 'ZOSDATA']);
  });
  t.equal(state.state, 'zos');
  if (state.state !== 'zos') return;
  t.same(
    state.found.partitions.map((p) => [p.number, p.name, p.fsType, p.label]),
    [
      [1, 'zosboot', null, null],
      [2, 'zosboot', 'vfat', 'ZOSBOOT'],
      [3, 'zosdata', 'btrfs', 'ZOSDATA'],
    ],
  );
  t.match(state.found.partitions[2]?.uuidSub, /^[0-9a-f-]{36}$/, 'btrfs member UUID_SUB');
  const result = classifyTargets([state], buildDefaultConfig());
  t.match(result, { kind: 'provisioned', layout: { topology: 'btrfs_single' } });
});
