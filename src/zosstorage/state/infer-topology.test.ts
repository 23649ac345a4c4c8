import t from 'tap';
import { inferTopology, type FoundDataPartition } from './infer-topology.ts';

const part = (diskPath: string, fsType: string, uuid: string, name = 'zosdata'): FoundDataPartition => ({
  diskPath,
  name,
  fsType,
  uuid,
});

t.test('btrfs topologies', async (t) => {
  t.same(inferTopology([part('a', 'btrfs', 'u')]), { ok: true, topology: 'btrfs_single' });
  t.same(inferTopology([part('a', 'btrfs', 'u'), part('b', 'btrfs', 'u')]), {
    ok: true,
    topology: 'btrfs_raid1',
  });
  t.same(inferTopology([part('a', 'btrfs', 'u'), part('b', 'btrfs', 'v')]), {
    ok: true,
    topology: 'btrfs_independent',
  });
  t.match(inferTopology([part('a', 'btrfs', 'u', 'zoscache'), part('b', 'btrfs', 'u')]), { ok: false });
});

t.test('bcachefs topologies', async (t) => {
  t.same(inferTopology([part('a', 'bcachefs', 'u')]), { ok: true, topology: 'bcachefs_single' });
  t.same(inferTopology([part('a', 'bcachefs', 'u'), part('b', 'bcachefs', 'u')]), {
    ok: true,
    topology: 'bcachefs_raid1',
  });
  t.same(inferTopology([part('a', 'bcachefs', 'u', 'zoscache'), part('b', 'bcachefs', 'u')]), {
    ok: true,
    topology: 'bcachefs_cached',
  });
  t.match(inferTopology([part('a', 'bcachefs', 'u', 'zoscache')]), {
    ok: false,
    reason: /without a backing/,
  });
  t.match(inferTopology([part('a', 'bcachefs', 'u'), part('b', 'bcachefs', 'v')]), {
    ok: false,
    reason: '2 bcachefs filesystems over 2 disks',
  });
});

t.test('nothing or something else', async (t) => {
  t.match(inferTopology([]), { ok: false, reason: 'no data partitions' });
  t.match(inferTopology([part('a', 'ext4', 'u')]), {
    ok: false,
    reason: 'unexpected data filesystem type ext4',
  });
});
