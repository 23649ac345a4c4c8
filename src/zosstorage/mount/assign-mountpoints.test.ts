import t from 'tap';
import { makeConfig } from '../plan/plan-fixtures.ts';
import type { ReportFilesystem } from '../types.ts';
import { assignMountpoints } from './assign-mountpoints.ts';

/** A layout as found on disk (what P2 hands over for an already provisioned server). */
const FOUND: ReportFilesystem[] = [
  { type: 'vfat', label: 'ZOSBOOT', uuid: 'AAAA-0001', members: ['/dev/vda2'], mountpoint: null },
  { type: 'btrfs', label: 'ZOSDATA', uuid: 'u-one', members: ['/dev/vda3'], mountpoint: null },
  { type: 'vfat', label: 'ZOSBOOT', uuid: 'AAAA-0002', members: ['/dev/vdb2'], mountpoint: null },
  { type: 'btrfs', label: 'ZOSDATA', uuid: 'u-two', members: ['/dev/vdb3'], mountpoint: '/stale' },
];

t.test('per_uuid: data filesystems under base_dir by UUID, ESPs never mounted', async (t) => {
  t.same(
    assignMountpoints(FOUND, makeConfig()).map((fs) => fs.mountpoint),
    [null, '/var/cache/u-one', null, '/var/cache/u-two'],
  );
  t.same(
    assignMountpoints(FOUND, makeConfig({ mount: { base_dir: '/mnt/zos/' } })).map((fs) => fs.mountpoint),
    [null, '/mnt/zos/u-one', null, '/mnt/zos/u-two'],
  );
});

t.test('explicit: paths in data-filesystem order; extra paths stay unused', async (t) => {
  const config = makeConfig({ mount: { scheme: 'explicit', paths: ['/data/a', '/data/b', '/data/c'] } });
  t.same(
    assignMountpoints(FOUND, config).map((fs) => fs.mountpoint),
    [null, '/data/a', null, '/data/b'],
  );
});

t.test('mount disabled: nothing gets a mountpoint', async (t) => {
  t.same(
    assignMountpoints(FOUND, makeConfig({ mount: { enabled: false } })).map((fs) => fs.mountpoint),
    [null, null, null, null],
  );
});

t.test('fewer explicit paths than data filesystems is CONFIG_INVALID', async (t) => {
  t.throws(
    () => assignMountpoints(FOUND, makeConfig({ mount: { scheme: 'explicit', paths: ['/data/a'] } })),
    {
      code: 'CONFIG_INVALID',
      message:
        /mount\.paths lists 1 path\(s\) for 2 data filesystem\(s\); add 1 more path\(s\) to mount\.paths/,
    },
  );
});

t.test('the input is not modified', async (t) => {
  const copy = structuredClone(FOUND);
  assignMountpoints(FOUND, makeConfig());
  t.same(FOUND, copy);
});
