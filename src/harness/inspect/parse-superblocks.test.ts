import t from 'tap';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { parseBcachefsShowSuper } from './parse-bcachefs-show-super.ts';
import { parseBlkidExport } from './parse-blkid-export.ts';
import { parseBtrfsChunkProfiles, parseBtrfsDumpSuper } from './parse-btrfs-dump-super.ts';

// Trimmed output of the guest root's `bcachefs show-super` (bcachefs-tools 1.13 format) on a two-device
// filesystem made on the host with the guest's own bcachefs binary.
const SHOW_SUPER = `Device:                                     (reg file)
External UUID:                             674e8ab8-d658-47fa-a32d-6796613b29d9
Internal UUID:                             7e08097c-dcf6-4a09-9e6f-2017e6349bf6
Magic number:                              c68573f6-66ce-90a9-d96a-60cf803df7ef
Device index:                              0
Label:                                     (none)
Version:                                   1.13: inode_has_child_snapshots
Version upgrade complete:                  1.13: inode_has_child_snapshots
Oldest version on disk:                    1.13: inode_has_child_snapshots
Created:                                   Sun Nov 22 00:45:10 2026
Sequence number:                           14
Time of last write:                        Sun Nov 22 00:45:11 2026
Superblock size:                           4.76 KiB/1.00 MiB
Clean:                                     1
Devices:                                   2
Sections:                                  members_v1,replicas_v0,disk_groups,clean,journal_v2,counters,members_v2,errors,ext,downgrade
Features:                                  new_siphash,new_extent_overwrite,btree_ptr_v2,new_varint,journal_no_flush,alloc_v2,extents_across_btree_nodes
Compat features:                           alloc_info,alloc_metadata,extents_above_btree_updates_done,bformat_overflow_done

Options:
  metadata_replicas:                       2
  data_replicas:                           2
  metadata_target:                         none
  foreground_target:                       cache
  background_target:                       backing
  promote_target:                          cache

members_v2 (size 304):
Device:                                    0
  Label:                                   vda3 (1)
  UUID:                                    14370666-421b-49b4-8adf-9e818f84921e
  Size:                                    1.00 GiB
  State:                                   rw
Device:                                    1
  Label:                                   vdb3 (3)
  UUID:                                    3d0cb547-1302-4854-90f7-e26f4d1f8f01
  Size:                                    1.00 GiB
  State:                                   rw

errors (size 8):

`;

// The same tool's output for `bcachefs format --no_initialize` that was never mounted (trimmed).
const NEVER_MOUNTED = `Device:                                     (reg file)
External UUID:                             a1b00436-56bb-495c-b4fc-243450e81e51
Label:                                     ZOSDATA
Sequence number:                           0
Time of last write:                        Thu Jan  1 00:00:00 1970
Clean:                                     0
Devices:                                   1
Sections:                                  members_v1,members_v2

members_v2 (size 160):
Device:                                    0
  Label:                                   (none)
  Last mount:                              (never)
  Last superblock write:                   0
  State:                                   rw
`;

t.test('bcachefs show-super: a --no_initialize format nobody mounted is not initialised', async (t) => {
  t.match(parseBcachefsShowSuper(NEVER_MOUNTED), { label: 'ZOSDATA', members: 1, initialized: false });
  const mounted = NEVER_MOUNTED.replace('(never)', 'Tue Dec  1 07:22:41 2026').replace(
    /Sequence number:\s+0/,
    'Sequence number: 5',
  );
  t.equal(parseBcachefsShowSuper(mounted).initialized, true);
  t.equal(parseBcachefsShowSuper('Label: x\n').initialized, null, 'neither field: unknown');
});

const ENV = { PATH: `${process.env.PATH}:/sbin:/usr/sbin` };

t.test('bcachefs show-super: uuid, replicas, targets, members', async (t) => {
  t.same(parseBcachefsShowSuper(SHOW_SUPER), {
    uuid: '674e8ab8-d658-47fa-a32d-6796613b29d9',
    label: null,
    dataReplicas: 2,
    metadataReplicas: 2,
    foregroundTarget: 'cache',
    backgroundTarget: 'backing',
    promoteTarget: 'cache',
    members: 2,
    initialized: true,
  });
  const labelled = SHOW_SUPER.replace(
    /^Label:.*$/m,
    'Label:                                     ZOSDATA',
  ).replace(/^Devices:.*\n/m, '');
  t.match(
    parseBcachefsShowSuper(labelled),
    { label: 'ZOSDATA', members: 2 },
    'members counted from the member section',
  );
});

t.test('btrfs dump-super and chunk profiles from a real two-device raid1', async (t) => {
  const dir = t.testdir();
  const files = ['a', 'b'].map((name) => {
    const path = join(dir, name);
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 300 * 1024 * 1024);
    closeSync(fd);
    return path;
  });
  execFileSync('mkfs.btrfs', ['-q', '-f', '-L', 'ZOSDATA', '-d', 'raid1', '-m', 'raid1', ...files], {
    env: ENV,
    stdio: 'ignore',
  });
  const superblock = parseBtrfsDumpSuper(
    execFileSync('btrfs', ['inspect-internal', 'dump-super', '-f', files[0] as string], {
      env: ENV,
      encoding: 'utf8',
    }),
  );
  t.match(superblock, { label: 'ZOSDATA', numDevices: 2, devid: 1, fsid: /^[0-9a-f-]{36}$/ });
  const tree = execFileSync('btrfs', ['inspect-internal', 'dump-tree', '-t', 'chunk', files[0] as string], {
    env: ENV,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  t.same(parseBtrfsChunkProfiles(tree), { data: ['raid1'], metadata: ['raid1'], system: ['raid1'] });
});

t.test('chunk profiles: no profile bit means single', async (t) => {
  t.same(parseBtrfsChunkProfiles('type DATA\ntype METADATA|DUP\ntype SYSTEM|DUP'), {
    data: ['single'],
    metadata: ['dup'],
    system: ['dup'],
  });
  t.same(parseBtrfsDumpSuper('label\t\t\t\nnum_devices\t\t1\n'), {
    fsid: null,
    label: null,
    numDevices: 1,
    devid: null,
  });
});

t.test('blkid export', async (t) => {
  t.same(
    parseBlkidExport(
      'DEVNAME=/x\nLABEL=ZOSBOOT\nUUID=F6EC-9A1C\nVERSION=FAT32\nTYPE=vfat\nUSAGE=filesystem\n',
    ),
    {
      type: 'vfat',
      label: 'ZOSBOOT',
      uuid: 'F6EC-9A1C',
      version: 'FAT32',
      raw: {
        DEVNAME: '/x',
        LABEL: 'ZOSBOOT',
        UUID: 'F6EC-9A1C',
        VERSION: 'FAT32',
        TYPE: 'vfat',
        USAGE: 'filesystem',
      },
    },
  );
  t.same(parseBlkidExport(''), { type: null, label: null, uuid: null, version: null, raw: {} });
  t.equal(parseBlkidExport('LABEL=my\\ disk\n').label, 'my disk');
});
