import t from 'tap';
import { makeConfig } from '../plan/plan-fixtures.ts';
import { buildMountCommand } from './build-mount-command.ts';
import { buildMountOptions } from './build-mount-options.ts';

t.test(
  'a degraded filesystem (a member missing) is mounted with degraded; fstab never says so',
  async (t) => {
    const config = makeConfig();
    const btrfs = { type: 'btrfs' as const, members: ['/dev/vda3'], uuid: 'u', state: 'degraded' as const };
    t.same(buildMountCommand(btrfs, '/var/cache/u', config).argv, [
      'mount',
      '-t',
      'btrfs',
      '-o',
      'compress=zstd:1,degraded',
      '/dev/vda3',
      '/var/cache/u',
    ]);
    const bcachefs = {
      type: 'bcachefs' as const,
      members: ['/dev/vda3', '/dev/vdb3'],
      uuid: 'b',
      state: 'degraded' as const,
    };
    t.same(buildMountCommand(bcachefs, '/var/cache/b', config).argv, [
      'mount',
      '-i',
      '-t',
      'bcachefs',
      '-o',
      'degraded',
      '/dev/vda3:/dev/vdb3',
      '/var/cache/b',
    ]);
    t.notOk(
      buildMountOptions({ filesystem: btrfs, config, withDevices: false }).includes('degraded'),
      'fstab',
    );
    t.notOk(
      buildMountCommand({ ...btrfs, state: 'complete' }, '/var/cache/u', config).argv.includes(
        'compress=zstd:1,degraded',
      ),
      'a complete one is mounted as ever',
    );
  },
);
