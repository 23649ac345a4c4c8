import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { createFakeRunner, createRecordingLogger } from '../testing/test-doubles.ts';
import { makeConfig } from '../plan/plan-fixtures.ts';
import type { ReportFilesystem } from '../types.ts';
import { mountFilesystems } from './mount-filesystems.ts';
import { parseMounts } from './parse-mounts.ts';

const ESP: ReportFilesystem = {
  type: 'vfat',
  label: 'ZOSBOOT',
  uuid: 'AAAA-0001',
  members: ['/dev/vda2'],
  mountpoint: null,
};
const RAID: ReportFilesystem = {
  type: 'btrfs',
  label: 'ZOSDATA',
  uuid: 'u-raid',
  members: ['/dev/vda3', '/dev/vdb3'],
  mountpoint: '/var/cache/u-raid',
};
const CACHED: ReportFilesystem = {
  type: 'bcachefs',
  label: 'ZOSDATA',
  uuid: 'u-bch',
  members: ['/dev/nvme0n1p3', '/dev/sda3'],
  mountpoint: '/var/cache/u-bch',
};

/** A root folder with a mount table written by `mounts(root)` (targets are real paths under root). */
function setUp(root: string, mounts: (root: string) => string = () => '') {
  return {
    root,
    mounts: parseMounts(mounts(root)),
    runner: createFakeRunner(),
    logger: createRecordingLogger(),
  };
}

t.test('mkdir -p and mount each data filesystem: btrfs device= options, bcachefs a:b source', async (t) => {
  const env = setUp(t.testdir({}));
  const config = makeConfig({ mount: { options: ['noatime'] } });
  await mountFilesystems({ filesystems: [ESP, RAID, CACHED], config, ...env });
  t.same(
    env.runner.calls.map((command) => command.argv),
    [
      [
        'mount',
        '-t',
        'btrfs',
        '-o',
        'compress=zstd:1,device=/dev/vda3,device=/dev/vdb3,noatime',
        '/dev/vda3',
        path.join(env.root, 'var/cache/u-raid'),
      ],
      [
        'mount',
        '-t',
        'bcachefs',
        '-o',
        'noatime',
        '/dev/nvme0n1p3:/dev/sda3',
        path.join(env.root, 'var/cache/u-bch'),
      ],
    ],
  );
  t.ok(statSync(path.join(env.root, 'var/cache/u-raid')).isDirectory());
  t.same(env.logger.markers, [
    'ZOSSTORAGE:MOUNTED uuid=u-raid path=/var/cache/u-raid',
    'ZOSSTORAGE:MOUNTED uuid=u-bch path=/var/cache/u-bch',
  ]);
});

t.test('a single-device btrfs without compression mounts without -o', async (t) => {
  const env = setUp(t.testdir({}));
  const config = makeConfig({ filesystem: { btrfs: { compression: null } } });
  await mountFilesystems({ filesystems: [{ ...RAID, members: ['/dev/vda3'] }], config, ...env });
  t.same(env.runner.calls[0]!.argv, [
    'mount',
    '-t',
    'btrfs',
    '/dev/vda3',
    path.join(env.root, 'var/cache/u-raid'),
  ]);
});

t.test('already mounted (by one of its members) is skipped, still reported', async (t) => {
  const env = setUp(
    t.testdir({}),
    (root) =>
      `/dev/vdb3 ${path.join(root, 'var/cache/u-raid')} btrfs rw 0 0\n` +
      `/dev/nvme0n1p3:/dev/sda3 ${path.join(root, 'var/cache/u-bch')} bcachefs rw 0 0\n`,
  );
  await mountFilesystems({ filesystems: [RAID, CACHED], config: makeConfig(), ...env });
  t.same(env.runner.calls, []);
  t.same(env.logger.markers, [
    'ZOSSTORAGE:MOUNTED uuid=u-raid path=/var/cache/u-raid already=true',
    'ZOSSTORAGE:MOUNTED uuid=u-bch path=/var/cache/u-bch already=true',
  ]);
});

t.test('something else mounted at the target is an error, nothing is mounted or created', async (t) => {
  const env = setUp(t.testdir({}), (root) => `tmpfs ${path.join(root, 'var/cache/u-raid')} tmpfs rw 0 0\n`);
  await t.rejects(mountFilesystems({ filesystems: [RAID], config: makeConfig(), ...env }), {
    code: 'MOUNTPOINT_BUSY',
    message:
      /tmpfs \(tmpfs\) is already mounted there; nothing was written\. Unmount it or choose another mount\.base_dir/,
  });
  t.same(env.runner.calls, []);
  t.notOk(existsSync(path.join(env.root, 'var/cache/u-raid')), 'no folder was created');
});

t.test('subvolumes: created after mounting, btrfs only', async (t) => {
  const env = setUp(t.testdir({}));
  const config = makeConfig({ mount: { subvolumes: ['system', 'vm-meta'] } });
  await mountFilesystems({ filesystems: [RAID, CACHED], config, ...env });
  const target = path.join(env.root, 'var/cache/u-raid');
  t.same(env.runner.lines().slice(0, 3), [
    `mount -t btrfs -o compress=zstd:1,device=/dev/vda3,device=/dev/vdb3 /dev/vda3 ${target}`,
    `btrfs subvolume create ${target}/system`,
    `btrfs subvolume create ${target}/vm-meta`,
  ]);
  t.equal(env.runner.calls.length, 4, 'no subvolume on bcachefs');
});

t.test('subvolumes that exist already are not created again', async (t) => {
  const env = setUp(t.testdir({ var: { cache: { 'u-raid': { system: {} } } } }));
  const config = makeConfig({ mount: { subvolumes: ['system', 'vm-meta'] } });
  await mountFilesystems({ filesystems: [RAID], config, ...env });
  t.same(
    env.runner.calls.map((command) => command.argv.slice(0, 3).join(' ')),
    ['mount -t btrfs', 'btrfs subvolume create'],
  );
  t.match(env.runner.calls[1]!.argv[3], /vm-meta$/);
});

t.test('a failing mount is TOOL_FAILED and stops before the next filesystem', async (t) => {
  const env = setUp(t.testdir({}));
  const runner = createFakeRunner((command) =>
    command.argv.includes('/dev/vda3')
      ? { exitCode: 32, stderr: 'mount: unknown filesystem type btrfs' }
      : undefined,
  );
  await t.rejects(mountFilesystems({ filesystems: [RAID, CACHED], config: makeConfig(), ...env, runner }), {
    code: 'TOOL_FAILED',
    message: /^mount btrfs u-raid at .*exited with 32: mount: unknown filesystem type btrfs$/,
  });
  t.equal(runner.calls.length, 1);
  t.same(env.logger.markers, []);
});
