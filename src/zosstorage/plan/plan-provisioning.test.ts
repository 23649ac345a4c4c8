import t from 'tap';
import { ZosError } from '../errors/zos-error.ts';
import type { Plan, PlannedPartition } from '../types.ts';
import { planProvisioning } from './plan-provisioning.ts';
import {
  makeConfig,
  makeDevice,
  makeGuidCounter,
  NVME_AND_HDD,
  ONE_VIRTIO,
  THREE_VIRTIO,
  TWO_NVME,
} from './plan-fixtures.ts';

const MIB = 1024 * 1024;
const EF02 = '21686148-6449-6e6f-744e-656564454649';
const EF00 = 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b';
const LINUX = '0fc63daf-8483-4772-8e79-3d69d8477de4';

function guid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** The standard three partitions of a disk whose usable area ends at `endMiB`; GUIDs from `firstGuid`. */
function zosPartitions(
  disk: string,
  endMiB: number,
  firstGuid: number,
  dataName = 'zosdata',
): PlannedPartition[] {
  const sep = /\d$/.test(disk) ? 'p' : '';
  return [
    {
      number: 1,
      name: 'zosboot',
      typeCode: 'EF02',
      typeGuid: EF02,
      guid: guid(firstGuid),
      startMiB: 1,
      sizeMiB: 1,
      path: `/dev/${disk}${sep}1`,
    },
    {
      number: 2,
      name: 'zosboot',
      typeCode: 'EF00',
      typeGuid: EF00,
      guid: guid(firstGuid + 1),
      startMiB: 2,
      sizeMiB: 512,
      path: `/dev/${disk}${sep}2`,
    },
    {
      number: 3,
      name: dataName as 'zosdata' | 'zoscache',
      typeCode: '8300',
      typeGuid: LINUX,
      guid: guid(firstGuid + 2),
      startMiB: 514,
      sizeMiB: endMiB - 514,
      path: `/dev/${disk}${sep}3`,
    },
  ];
}

function plan(devices = ONE_VIRTIO, overrides?: Parameters<typeof makeConfig>[0]): Plan {
  return planProvisioning({ devices, config: makeConfig(overrides), newGuid: makeGuidCounter() });
}

t.test('one virtio disk: btrfs_single, the whole plan', async (t) => {
  const expected: Plan = {
    topology: 'btrfs_single',
    disks: [
      { device: ONE_VIRTIO[0]!, role: 'data', diskGuid: guid(1), partitions: zosPartitions('vda', 20479, 2) },
    ],
    filesystems: [
      {
        kind: 'vfat',
        label: 'ZOSBOOT',
        uuid: '0000-0005',
        members: ['/dev/vda2'],
        options: { volume_id: '00000005' },
        mountpoint: null,
      },
      {
        kind: 'btrfs',
        label: 'ZOSDATA',
        uuid: guid(6),
        members: ['/dev/vda3'],
        options: { compression: 'zstd:1', mkfs_extra_args: [] },
        mountpoint: `/var/cache/${guid(6)}`,
      },
    ],
    fstab: null,
  };
  t.same(plan(), expected);
  t.strictSame(plan(), expected, 'deterministic with the same GUID source');
});

t.test('two NVMe disks: btrfs_independent, one btrfs per disk, p-separated partition names', async (t) => {
  const result = plan(TWO_NVME);
  t.equal(result.topology, 'btrfs_independent');
  t.same(
    result.disks.map((disk) => [disk.device.path, disk.role, disk.diskGuid]),
    [
      ['/dev/nvme0n1', 'data', guid(1)],
      ['/dev/nvme1n1', 'data', guid(5)],
    ],
  );
  t.same(result.disks[0]!.partitions, zosPartitions('nvme0n1', 20479, 2));
  t.same(result.disks[1]!.partitions, zosPartitions('nvme1n1', 20479, 6));
  t.same(result.filesystems, [
    {
      kind: 'vfat',
      label: 'ZOSBOOT',
      uuid: '0000-0009',
      members: ['/dev/nvme0n1p2'],
      options: { volume_id: '00000009' },
      mountpoint: null,
    },
    {
      kind: 'vfat',
      label: 'ZOSBOOT',
      uuid: '0000-000A',
      members: ['/dev/nvme1n1p2'],
      options: { volume_id: '0000000A' },
      mountpoint: null,
    },
    {
      kind: 'btrfs',
      label: 'ZOSDATA',
      uuid: guid(11),
      members: ['/dev/nvme0n1p3'],
      options: { compression: 'zstd:1', mkfs_extra_args: [] },
      mountpoint: `/var/cache/${guid(11)}`,
    },
    {
      kind: 'btrfs',
      label: 'ZOSDATA',
      uuid: guid(12),
      members: ['/dev/nvme1n1p3'],
      options: { compression: 'zstd:1', mkfs_extra_args: [] },
      mountpoint: `/var/cache/${guid(12)}`,
    },
  ]);
});

t.test(
  'NVMe + rotating SATA: auto picks bcachefs_cached, the SSD caches (zoscache), the HDD backs',
  async (t) => {
    const expected: Plan = {
      topology: 'bcachefs_cached',
      disks: [
        {
          device: NVME_AND_HDD[0]!,
          role: 'cache',
          diskGuid: guid(1),
          partitions: zosPartitions('nvme0n1', 20479, 2, 'zoscache'),
        },
        {
          device: NVME_AND_HDD[1]!,
          role: 'backing',
          diskGuid: guid(5),
          partitions: zosPartitions('sda', 102399, 6),
        },
      ],
      filesystems: [
        {
          kind: 'vfat',
          label: 'ZOSBOOT',
          uuid: '0000-0009',
          members: ['/dev/nvme0n1p2'],
          options: { volume_id: '00000009' },
          mountpoint: null,
        },
        {
          kind: 'vfat',
          label: 'ZOSBOOT',
          uuid: '0000-000A',
          members: ['/dev/sda2'],
          options: { volume_id: '0000000A' },
          mountpoint: null,
        },
        {
          kind: 'bcachefs',
          label: 'ZOSDATA',
          uuid: guid(11),
          members: ['/dev/nvme0n1p3', '/dev/sda3'],
          options: {
            replicas: 1,
            device_labels: ['ssd.ssd1', 'hdd.hdd1'],
            foreground_target: 'ssd',
            promote_target: 'ssd',
            background_target: 'hdd',
            mkfs_extra_args: [],
          },
          mountpoint: `/var/cache/${guid(11)}`,
        },
      ],
      fstab: null,
    };
    t.same(plan(NVME_AND_HDD), expected);
  },
);

t.test('three virtio disks of one class: btrfs_independent with three filesystems', async (t) => {
  const result = plan(THREE_VIRTIO);
  t.equal(result.topology, 'btrfs_independent');
  t.same(
    result.filesystems.map((fs) => [fs.kind, fs.members]),
    [
      ['vfat', ['/dev/vda2']],
      ['vfat', ['/dev/vdb2']],
      ['vfat', ['/dev/vdc2']],
      ['btrfs', ['/dev/vda3']],
      ['btrfs', ['/dev/vdb3']],
      ['btrfs', ['/dev/vdc3']],
    ],
  );
  const guids = [
    ...result.disks.flatMap((disk) => [disk.diskGuid, ...disk.partitions.map((p) => p.guid)]),
    ...result.filesystems.map((fs) => fs.uuid),
  ];
  t.equal(new Set(guids).size, guids.length, 'every disk/partition GUID and filesystem UUID is unique');
});

t.test(
  'three virtio disks as btrfs_raid1: one btrfs over all data partitions with the configured profiles',
  async (t) => {
    const result = plan(THREE_VIRTIO, {
      topology: { mode: 'btrfs_raid1' },
      filesystem: { btrfs: { metadata_profile: 'raid1c3' } },
    });
    t.same(result.filesystems.slice(3), [
      {
        kind: 'btrfs',
        label: 'ZOSDATA',
        uuid: guid(16),
        members: ['/dev/vda3', '/dev/vdb3', '/dev/vdc3'],
        options: {
          data_profile: 'raid1',
          metadata_profile: 'raid1c3',
          compression: 'zstd:1',
          mkfs_extra_args: [],
        },
        mountpoint: `/var/cache/${guid(16)}`,
      },
    ]);
    t.same(
      result.disks.map((disk) => disk.role),
      ['data', 'data', 'data'],
    );
  },
);

t.test('bcachefs_single and bcachefs_raid1 carry replicas and compression from the config', async (t) => {
  const single = plan(ONE_VIRTIO, {
    topology: { mode: 'bcachefs_single' },
    filesystem: { bcachefs: { compression: 'zstd' } },
  });
  t.same(single.filesystems[1], {
    kind: 'bcachefs',
    label: 'ZOSDATA',
    uuid: guid(6),
    members: ['/dev/vda3'],
    options: { compression: 'zstd', mkfs_extra_args: [] },
    mountpoint: `/var/cache/${guid(6)}`,
  });
  const raid = plan(THREE_VIRTIO, {
    topology: { mode: 'bcachefs_raid1' },
    filesystem: { bcachefs: { replicas: 3, mkfs_extra_args: ['--discard'] } },
  });
  t.same(raid.filesystems[3], {
    kind: 'bcachefs',
    label: 'ZOSDATA',
    uuid: guid(16),
    members: ['/dev/vda3', '/dev/vdb3', '/dev/vdc3'],
    options: { replicas: 3, mkfs_extra_args: ['--discard'] },
    mountpoint: `/var/cache/${guid(16)}`,
  });
});

t.test(
  '4096-byte sectors: the data partition ends earlier when the backup GPT would cross the MiB',
  async (t) => {
    const size = 10240 * MIB + 17408; // room for 512-byte backup GPT (33 sectors) but not for 4K (5 sectors)
    const small = plan([makeDevice('vda', { sizeBytes: size, logicalSectorSize: 512 })]);
    const big = plan([
      makeDevice('vda', { sizeBytes: size, logicalSectorSize: 4096, physicalSectorSize: 4096 }),
    ]);
    t.equal(small.disks[0]!.partitions[2]!.sizeMiB, 10240 - 514);
    t.equal(big.disks[0]!.partitions[2]!.sizeMiB, 10239 - 514);
    t.same(big.disks[0]!.partitions, zosPartitions('vda', 10239, 2));
  },
);

t.test('explicit roles by path: one named cache disk makes the other disks backing', async (t) => {
  const result = plan(THREE_VIRTIO, { topology: { roles: { cache: ['/dev/vda'], backing: [] } } });
  t.equal(result.topology, 'bcachefs_cached');
  t.same(
    result.disks.map((disk) => disk.role),
    ['cache', 'backing', 'backing'],
  );
  t.same(
    result.disks.map((disk) => disk.partitions[2]!.name),
    ['zoscache', 'zosdata', 'zosdata'],
  );
  t.same(result.filesystems[3]!.options, {
    replicas: 2,
    device_labels: ['ssd.ssd1', 'hdd.hdd1', 'hdd.hdd2'],
    foreground_target: 'ssd',
    promote_target: 'ssd',
    background_target: 'hdd',
    mkfs_extra_args: [],
  });
  t.same(result.filesystems[3]!.members, ['/dev/vda3', '/dev/vdb3', '/dev/vdc3']);
});

t.test(
  'explicit roles by serial win over the rotational flag, members list cache devices first',
  async (t) => {
    const result = plan(NVME_AND_HDD, {
      topology: { mode: 'bcachefs_cached', roles: { cache: ['serial-sda'], backing: ['serial-nvme0n1'] } },
    });
    t.same(
      result.disks.map((disk) => [disk.device.name, disk.role]),
      [
        ['nvme0n1', 'backing'],
        ['sda', 'cache'],
      ],
    );
    t.same(result.filesystems[2]!.members, ['/dev/sda3', '/dev/nvme0n1p3']);
    t.match(
      result.filesystems[2],
      { kind: 'bcachefs', options: { replicas: 1 } },
      'one backing device: 1 replica',
    );
  },
);

t.test('explicit roles by wwid tell apart two namespaces of one NVMe controller (same serial)', async (t) => {
  const namespaces = [
    makeDevice('nvme0n1', { serial: 'CTRL0', wwid: 'uuid.0c1f0f2e-0000-4000-8000-000000000001' }),
    makeDevice('nvme0n2', { serial: 'CTRL0', wwid: 'uuid.0c1f0f2e-0000-4000-8000-000000000002' }),
  ];
  const result = plan(namespaces, {
    topology: { mode: 'bcachefs_cached', roles: { cache: ['uuid.0c1f0f2e-0000-4000-8000-000000000002'] } },
  });
  t.same(
    result.disks.map((disk) => [disk.device.name, disk.role]),
    [
      ['nvme0n1', 'backing'],
      ['nvme0n2', 'cache'],
    ],
  );
});

t.test('only a backing list: every other disk becomes cache', async (t) => {
  const result = plan(THREE_VIRTIO, { topology: { roles: { cache: [], backing: ['serial-vdc'] } } });
  t.same(
    result.disks.map((disk) => disk.role),
    ['cache', 'cache', 'backing'],
  );
});

t.test('both role lists given: unnamed disks follow the rotational flag', async (t) => {
  const devices = [...THREE_VIRTIO, makeDevice('nvme0n1')];
  const result = plan(devices, { topology: { roles: { cache: ['/dev/vda'], backing: ['/dev/vdb'] } } });
  t.same(
    result.disks.map((disk) => [disk.device.name, disk.role]),
    [
      ['vda', 'cache'],
      ['vdb', 'backing'],
      ['vdc', 'backing'],
      ['nvme0n1', 'cache'],
    ],
  );
  const cached = result.filesystems[4];
  t.same(cached?.kind === 'bcachefs' && cached.options.device_labels, [
    'ssd.ssd1',
    'ssd.ssd2',
    'hdd.hdd1',
    'hdd.hdd2',
  ]);
  t.same(result.filesystems[4]!.members, ['/dev/vda3', '/dev/nvme0n1p3', '/dev/vdb3', '/dev/vdc3']);
});

t.test('bios_boot disabled: the ESP becomes partition 1 at 1 MiB, data partition 2', async (t) => {
  const result = plan(ONE_VIRTIO, { boot: { bios_boot: { enabled: false } } });
  t.same(
    result.disks[0]!.partitions.map((p) => [p.number, p.name, p.typeCode, p.startMiB, p.sizeMiB, p.path]),
    [
      [1, 'zosboot', 'EF00', 1, 512, '/dev/vda1'],
      [2, 'zosdata', '8300', 513, 20479 - 513, '/dev/vda2'],
    ],
  );
  t.same(
    result.filesystems.map((fs) => fs.members),
    [['/dev/vda1'], ['/dev/vda2']],
  );
});

t.test('configured boot sizes move the data partition', async (t) => {
  const result = plan(ONE_VIRTIO, { boot: { bios_boot: { size_mib: 2 }, esp: { size_mib: 1024 } } });
  t.same(
    result.disks[0]!.partitions.map((p) => [p.startMiB, p.sizeMiB]),
    [
      [1, 2],
      [3, 1024],
      [1027, 20479 - 1027],
    ],
  );
});

t.test('explicit mount paths in filesystem order, fstab entries sorted by mountpoint', async (t) => {
  const result = plan(TWO_NVME, {
    mount: { scheme: 'explicit', paths: ['/var/cache/b', '/var/cache/a'] },
    fstab: { enabled: true },
  });
  t.same(
    result.filesystems.map((fs) => fs.mountpoint),
    [null, null, '/var/cache/b', '/var/cache/a'],
  );
  t.same(result.fstab, {
    path: '/etc/fstab',
    entries: [
      `UUID=${guid(12)} /var/cache/a btrfs compress=zstd:1 0 0`,
      `UUID=${guid(11)} /var/cache/b btrfs compress=zstd:1 0 0`,
    ],
  });
});

t.test('mount disabled: no mountpoints and no fstab even when fstab is enabled', async (t) => {
  const result = plan(ONE_VIRTIO, { mount: { enabled: false }, fstab: { enabled: true } });
  t.same(
    result.filesystems.map((fs) => fs.mountpoint),
    [null, null],
  );
  t.equal(result.fstab, null);
});

type RejectionCase = [name: string, run: () => unknown, code: string, message: RegExp];

/** Impossible combinations: each is a clear ZosError (CONFIG_INVALID names the fix). */
const REJECTIONS: RejectionCase[] = [
  [
    'btrfs_raid1 on one disk',
    () => plan(ONE_VIRTIO, { topology: { mode: 'btrfs_raid1' } }),
    'CONFIG_INVALID',
    /btrfs_raid1 .*needs 2 or more disks, found 1 \(\/dev\/vda\); attach more disks or use btrfs_single/,
  ],
  [
    'btrfs_raid1 raid1c3 on two disks',
    () =>
      plan(TWO_NVME, {
        topology: { mode: 'btrfs_raid1' },
        filesystem: { btrfs: { data_profile: 'raid1c3' } },
      }),
    'CONFIG_INVALID',
    /data profile raid1c3 .*needs 3 or more disks, found 2/,
  ],
  [
    'bcachefs_raid1 on one disk',
    () => plan(ONE_VIRTIO, { topology: { mode: 'bcachefs_raid1' } }),
    'CONFIG_INVALID',
    /bcachefs_raid1 with replicas=2 needs 2 or more disks, found 1/,
  ],
  [
    'bcachefs_raid1 with more replicas than disks',
    () => plan(TWO_NVME, { topology: { mode: 'bcachefs_raid1' }, filesystem: { bcachefs: { replicas: 3 } } }),
    'CONFIG_INVALID',
    /replicas=3 needs 3 or more disks, found 2.*lower filesystem\.bcachefs\.replicas/,
  ],
  [
    'bcachefs_cached without a backing device',
    () => plan(TWO_NVME, { topology: { mode: 'bcachefs_cached' } }),
    'CONFIG_INVALID',
    /needs at least 1 cache and 1 backing disk; cache: \/dev\/nvme0n1, \/dev\/nvme1n1, backing: none; name them in topology\.roles/,
  ],
  [
    'bcachefs_cached without a cache device',
    () => plan(THREE_VIRTIO, { topology: { mode: 'bcachefs_cached' } }),
    'CONFIG_INVALID',
    /cache: none, backing: \/dev\/vda/,
  ],
  [
    'bcachefs_cached with every disk named cache',
    () => plan(TWO_NVME, { topology: { roles: { cache: ['/dev/nvme0n1', 'nvme1n1'] } } }),
    'CONFIG_INVALID',
    /backing: none/,
  ],
  [
    'bcachefs_cached on one disk',
    () => plan(ONE_VIRTIO, { topology: { mode: 'bcachefs_cached' } }),
    'CONFIG_INVALID',
    /needs at least 1 cache and 1 backing/,
  ],
  [
    'a role naming no discovered disk',
    () => plan(TWO_NVME, { topology: { roles: { cache: ['/dev/sdz'] } } }),
    'CONFIG_INVALID',
    /topology\.roles\.cache\[0\] "\/dev\/sdz" names no discovered disk; discovered: \/dev\/nvme0n1 \(serial serial-nvme0n1\), \/dev\/nvme1n1/,
  ],
  [
    'a role serial naming no disk',
    () => plan(TWO_NVME, { topology: { roles: { cache: ['serial-nvme0n1'], backing: ['nope'] } } }),
    'CONFIG_INVALID',
    /topology\.roles\.backing\[0\] "nope" names no discovered disk/,
  ],
  [
    'a disk named in both role lists',
    () => plan(TWO_NVME, { topology: { roles: { cache: ['/dev/nvme0n1'], backing: ['serial-nvme0n1'] } } }),
    'CONFIG_INVALID',
    /\/dev\/nvme0n1 is named both in topology\.roles\.cache and topology\.roles\.backing/,
  ],
  [
    'a serial shared by two namespaces of one NVMe controller',
    () =>
      plan([makeDevice('nvme0n1', { serial: 'same' }), makeDevice('nvme0n2', { serial: 'same' })], {
        topology: { roles: { cache: ['same'] } },
      }),
    'CONFIG_INVALID',
    /^topology\.roles\.cache\[0\] "same" matches several disks \(\/dev\/nvme0n1 \(serial same\), \/dev\/nvme0n2 \(serial same\)\); name one by device path or wwid instead$/,
  ],
  [
    'roles with a topology that has none',
    () => plan(TWO_NVME, { topology: { mode: 'btrfs_raid1', roles: { cache: ['/dev/nvme0n1'] } } }),
    'CONFIG_INVALID',
    /topology\.roles only apply to bcachefs_cached, but the topology is btrfs_raid1/,
  ],
  [
    'fewer explicit mount paths than data filesystems',
    () => plan(THREE_VIRTIO, { mount: { scheme: 'explicit', paths: ['/data/one'] } }),
    'CONFIG_INVALID',
    /mount\.paths lists 1 path\(s\) for 3 data filesystem\(s\); add 2 more/,
  ],
  [
    'btrfs_single with three disks',
    () => plan(THREE_VIRTIO, { topology: { mode: 'btrfs_single' } }),
    'CONFIG_INVALID',
    /btrfs_single takes exactly 1 disk, found 3/,
  ],
  [
    'bcachefs_single with two disks',
    () => plan(TWO_NVME, { topology: { mode: 'bcachefs_single' } }),
    'CONFIG_INVALID',
    /bcachefs_single takes exactly 1 disk, found 2/,
  ],
  [
    'btrfs_independent with one disk',
    () => plan(ONE_VIRTIO, { topology: { mode: 'btrfs_independent' } }),
    'CONFIG_INVALID',
    /btrfs_independent needs 2 or more disks, found 1 .*use btrfs_single/,
  ],
  [
    'a disk too small for the layout',
    () => plan([makeDevice('vda', { sizeBytes: 600 * MIB })]),
    'CONFIG_INVALID',
    /disk \/dev\/vda \(600 MiB\) is too small for the zos layout: it needs 771 MiB/,
  ],
  ['no devices at all', () => plan([]), 'NO_ELIGIBLE_DISKS', /no eligible disk/],
];

for (const [name, run, code, message] of REJECTIONS) {
  t.test(`rejected: ${name}`, async (t) => {
    const error = t.throws(run) as unknown;
    t.ok(error instanceof ZosError, 'a ZosError');
    t.equal((error as ZosError).code, code);
    t.match((error as ZosError).message, message);
  });
}

t.test('a disk just large enough holds the minimum data partition', async (t) => {
  const result = plan([makeDevice('vda', { sizeBytes: 771 * MIB })]);
  t.equal(result.disks[0]!.partitions[2]!.sizeMiB, 256);
});
