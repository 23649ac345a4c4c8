// Pre-seeding writes real structures (host sgdisk/sfdisk/mkfs on sparse files); read back with our GPT parser and blkid.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { extractImageRange } from '../inspect/extract-image-range.ts';
import { readGptFile } from '../../shared/gpt/read-gpt-file.ts';
import type { PreseedStep, ScenarioDisk } from '../scenario/scenario-types.ts';
import { compareDiskImages, snapshotDiskImage } from './compare-disk-images.ts';
import { createDiskImages } from './create-disk-images.ts';
import { generateSeededBytes } from './build-preseed-argv.ts';
import { openDeviceReader } from '../../zosstorage/safety/open-device-reader.ts';
import { probeSuperblocks } from '../../zosstorage/safety/probe-superblocks.ts';

const MiB = 1024 * 1024;
const disk = (id: string, preseed: PreseedStep[], sizeBytes = 1024 * MiB): ScenarioDisk => ({
  id,
  bus: 'virtio',
  controller: null,
  logicalBlockSize: null,
  nvmeController: null,
  nvmeNamespaceId: null,
  wwid: null,
  physicalBlockSize: null,
  sizeBytes,
  serial: id,
  rotationRate: null,
  removable: false,
  preseed,
  blkdebug: null,
});

const CONTEXT = { root: process.cwd(), guestRoot: null };

function blkid(file: string): string {
  try {
    return execFileSync('blkid', ['-p', '-o', 'export', file], {
      encoding: 'utf8',
      env: { PATH: `${process.env.PATH}:/sbin:/usr/sbin` },
    });
  } catch {
    return '';
  }
}

t.test('every seed kind leaves what a probe finds', async (t) => {
  const dir = t.testdir();
  const images = await createDiskImages(
    [
      disk('empty', []),
      disk('gpt', [{ kind: 'gpt' }]),
      disk('mbr', [{ kind: 'mbr' }]),
      disk('ext4', [{ kind: 'ext4' }]),
      disk('btrfs', [{ kind: 'btrfs-superblock-only' }]),
      disk('backup', [{ kind: 'backup-gpt-only' }]),
      disk('random', [{ kind: 'random', offsetBytes: 4096, bytes: 512, seed: 7 }]),
      disk('partial', [{ kind: 'zos-partial' }]),
    ],
    dir,
    CONTEXT,
  );
  const raw = async (id: string, size = MiB): Promise<string> => {
    const out = join(dir, `${id}.head.raw`);
    await extractImageRange(join(dir, `${id}.qcow2`), 0, size, out);
    return out;
  };
  t.equal(images.length, 8);
  t.notOk(existsSync(join(dir, 'gpt.seed.raw')), 'raw seed files are removed');
  t.equal(blkid(await raw('empty')), '');
  t.match(blkid(await raw('gpt')), /PTTYPE=PMBR/);
  t.match(blkid(await raw('mbr')), /PTTYPE=dos/);
  t.match(blkid(await raw('ext4', 64 * MiB)), /TYPE=ext4/);
  t.match(blkid(await raw('btrfs')), /TYPE=btrfs/);
  t.equal(blkid(await raw('backup')), '', 'nothing at the head of a backup-only GPT disk');
  const full = join(dir, 'backup.raw');
  await extractImageRange(join(dir, 'backup.qcow2'), 0, 1024 * MiB, full);
  const backup = await readGptFile(full);
  t.equal(backup?.primary, null);
  t.equal(backup?.backup?.headerCrcValid, true);
  const randomHead = await raw('random');
  const bytes = execFileSync('dd', [`if=${randomHead}`, 'bs=512', 'skip=8', 'count=1', 'status=none']);
  t.same(bytes, generateSeededBytes(512, 7));
  const partial = join(dir, 'partial.raw');
  await extractImageRange(join(dir, 'partial.qcow2'), 0, 1024 * MiB, partial);
  const gpt = await readGptFile(partial);
  t.same(
    gpt?.partitions.map((p) => [p.name, p.startBytes / MiB]),
    [
      ['zosboot', 1],
      ['zosboot', 2],
      ['zosdata', 514],
    ],
  );
});

t.test('zos-partial refuses a disk too small for the layout', async (t) => {
  await t.rejects(
    createDiskImages([disk('tiny', [{ kind: 'zos-partial' }], 64 * MiB)], t.testdir(), CONTEXT),
    /zos-partial needs a disk of at least 600 MiB/,
  );
});

t.test('qemu-img compare sees a one-byte change', async (t) => {
  const dir = t.testdir();
  const [image] = await createDiskImages(
    [disk('d', [{ kind: 'random', offsetBytes: 0, bytes: 16, seed: 1 }], 64 * MiB)],
    dir,
    CONTEXT,
  );
  if (!image) throw new Error('no image');
  await snapshotDiskImage(image.path, join(dir, 'before.qcow2'));
  t.same(await compareDiskImages(join(dir, 'before.qcow2'), image.path), {
    identical: true,
    difference: null,
  });
  execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0x55 40M 1', image.path], { stdio: 'ignore' });
  const changed = await compareDiskImages(join(dir, 'before.qcow2'), image.path);
  t.equal(changed.identical, false);
  t.match(changed.difference, /Content mismatch at offset 41943040/);
});

t.test('the random generator is deterministic and seed-dependent', async (t) => {
  t.same(generateSeededBytes(32, 3), generateSeededBytes(32, 3));
  t.notSame(generateSeededBytes(32, 3), generateSeededBytes(32, 4));
});

t.test(
  'foreign kinds: host tools, hand-written md and LVM2, a zeroed first MiB, commands and images',
  async (t) => {
    const dir = t.testdir();
    // An image to copy: a small ext4, once gzip-compressed raw and once qcow2.
    const source = join(dir, 'src.raw');
    execFileSync('truncate', ['-s', '64M', source]);
    execFileSync('mkfs.ext4', ['-q', '-F', '-L', 'IMAGED', source]);
    execFileSync('gzip', ['-k', source]);
    execFileSync('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'qcow2', source, join(dir, 'src.qcow2')]);
    await createDiskImages(
      [
        disk('swap', [{ kind: 'swap' }]),
        disk('xfs', [{ kind: 'xfs' }]),
        disk('ntfs', [{ kind: 'ntfs' }]),
        disk('luks2', [{ kind: 'luks2' }]),
        disk('lvm', [{ kind: 'lvm2-pv' }]),
        disk('md12', [{ kind: 'md-1.2' }]),
        disk('md10', [{ kind: 'md-1.0' }]),
        disk('wiped', [{ kind: 'ext4-first-mib-zeroed' }]),
        disk('cmd', [{ kind: 'command', argv: ['mkfs.vfat', '-n', 'BYCMD', '{path}'] }]),
        disk('gz', [{ kind: 'image', path: 'src.raw.gz', format: 'raw', compression: 'gz' }]),
        disk('qcow', [{ kind: 'image', path: 'src.qcow2', format: 'qcow2', compression: null }]),
      ],
      dir,
      { root: dir, guestRoot: null },
    );
    const head = async (id: string, offset = 0, size = 64 * MiB): Promise<string> => {
      const out = join(dir, `${id}.part.raw`);
      await extractImageRange(join(dir, `${id}.qcow2`), offset, size, out);
      return blkid(out);
    };
    t.match(await head('swap'), /TYPE=swap/);
    t.match(await head('xfs'), /TYPE=xfs/);
    t.match(await head('ntfs'), /TYPE=ntfs/);
    t.match(await head('luks2'), /TYPE=crypto_LUKS/);
    t.match(await head('luks2'), /VERSION=2/);
    t.match(await head('lvm'), /TYPE=LVM2_member/);
    t.match(await head('md12'), /TYPE=linux_raid_member/);
    t.match(await head('md10', 0, 1024 * MiB), /VERSION=1\.0/);
    t.equal(await head('wiped', 0, MiB), '', 'the first MiB reads as zeros');
    const wiped = join(dir, 'wiped.full.raw');
    await extractImageRange(join(dir, 'wiped.qcow2'), 0, 1024 * MiB, wiped);
    const reader = await openDeviceReader(wiped);
    const found = await probeSuperblocks(reader.read, 1024 * MiB);
    await reader.close();
    t.match(
      found.map((evidence) => evidence.description).join('\n'),
      /ext4 backup superblock/,
      'the provisioner still finds the backup superblocks',
    );
    t.match(await head('cmd'), /LABEL=BYCMD/);
    t.match(await head('gz'), /LABEL=IMAGED/);
    t.match(await head('qcow'), /LABEL=IMAGED/);
  },
);

t.test(
  'a missing image, an image larger than its disk and bcachefs without a guest root are refused',
  async (t) => {
    const dir = t.testdir();
    await t.rejects(
      createDiskImages(
        [disk('a', [{ kind: 'image', path: 'nope.raw', format: 'raw', compression: null }])],
        dir,
        {
          root: dir,
          guestRoot: null,
        },
      ),
      { code: 'SCENARIO_INVALID', message: /^disk a: pre-seed image nope\.raw does not exist/ },
    );
    execFileSync('truncate', ['-s', '128M', join(dir, 'big.raw')]);
    await t.rejects(
      createDiskImages(
        [disk('b', [{ kind: 'image', path: 'big.raw', format: 'raw', compression: null }], 64 * MiB)],
        dir,
        { root: dir, guestRoot: null },
      ),
      {
        code: 'SCENARIO_INVALID',
        message: /^pre-seed image big\.raw is 134217728 bytes, larger than its disk/,
      },
    );
    await t.rejects(
      createDiskImages([disk('c', [{ kind: 'bcachefs' }])], dir, { root: dir, guestRoot: null }),
      {
        code: 'PRECONDITION',
        message: /needs the guest root/,
      },
    );
  },
);
