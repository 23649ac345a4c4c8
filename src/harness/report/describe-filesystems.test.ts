import t from 'tap';
import { describeMembers, describeRedundancy, isSameLayout } from './describe-filesystems.ts';
import { makeFilesystem, makeZosDisk } from './make-report-fixtures.ts';

t.test('bcachefs with split targets: the cache and the backing devices by partition name', async (t) => {
  const fs = makeFilesystem('bcachefs', 'u', ['vda', 'vdb', 'vdc'], {
    targets: { foreground: 'ssd', background: 'hdd', promote: 'ssd' },
    dataReplicas: 2,
    metadataReplicas: 2,
  });
  const disks = [
    makeZosDisk('vda', 4096, 'zoscache', fs),
    makeZosDisk('vdb', 4096, 'zosdata', fs),
    makeZosDisk('vdc', 4096, 'zosdata', fs),
  ];
  t.same(describeMembers(fs, disks), [
    { member: 'vda p3 "zoscache"', role: 'cache (ssd)' },
    { member: 'vdb p3 "zosdata"', role: 'backing (hdd)' },
    { member: 'vdc p3 "zosdata"', role: 'backing (hdd)' },
  ]);
  t.equal(
    describeRedundancy(fs),
    'replicas data 2, metadata 2 · foreground ssd, background hdd, promote ssd',
  );
});

t.test(
  'btrfs raid1 members are replicas; a single device is a member; unknown partitions keep their number',
  async (t) => {
    const raid = makeFilesystem('btrfs', 'r', ['vda', 'vdb'], {
      dataProfile: 'raid1',
      metadataProfile: 'raid1',
    });
    const disks = [makeZosDisk('vda', 4096, 'zosdata', raid), makeZosDisk('vdb', 4096, 'zosdata', raid)];
    t.same(
      describeMembers(raid, disks).map((m) => m.role),
      ['replica', 'replica'],
    );
    t.equal(describeRedundancy(raid), 'data raid1, metadata raid1');
    const single = makeFilesystem('btrfs', 's', ['vdz']);
    t.same(describeMembers(single, disks), [{ member: 'vdz p3', role: 'member' }]);
    t.equal(describeRedundancy(single), '—');
  },
);

t.test('same layout: equal GUIDs, extents and filesystem UUIDs; any of them different is not', async (t) => {
  const fs = makeFilesystem('btrfs', 'u-1', ['vda']);
  const before = makeZosDisk('vda', 4096, 'zosdata', fs);
  t.ok(isSameLayout(before, makeZosDisk('vda', 4096, 'zosdata', fs)));
  t.notOk(
    isSameLayout(before, makeZosDisk('vda', 4096, 'zosdata', { ...fs, uuid: 'u-2' })),
    'a new filesystem UUID',
  );
  t.notOk(isSameLayout(before, makeZosDisk('vda', 8192, 'zosdata', fs)), 'a different data extent');
  t.notOk(isSameLayout(before, { ...before, gpt: null, partitions: [] }), 'the table gone');
});
