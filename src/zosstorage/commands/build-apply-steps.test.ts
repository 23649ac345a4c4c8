import t from 'tap';
import { planProvisioning } from '../plan/plan-provisioning.ts';
import {
  makeConfig,
  makeDevice,
  makeGuidCounter,
  NVME_AND_HDD,
  ONE_VIRTIO,
  THREE_VIRTIO,
  TWO_NVME,
} from '../plan/plan-fixtures.ts';
import type { Device } from '../types.ts';
import { buildApplySteps } from './build-apply-steps.ts';

function guid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** Each command's argv; a command with stdin ends with `<<` and the input's lines (the sfdisk script). */
function argvOf(devices: Device[], overrides?: Parameters<typeof makeConfig>[0]): string[][] {
  const plan = planProvisioning({ devices, config: makeConfig(overrides), newGuid: makeGuidCounter() });
  return buildApplySteps(plan).flatMap((step) =>
    step.commands.map((command) =>
      command.input === undefined
        ? command.argv
        : [...command.argv, '<<', ...command.input.split('\n').filter(Boolean)],
    ),
  );
}

const TYPE = {
  EF02: '21686148-6449-6E6F-744E-656564454649',
  EF00: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B',
  '8300': '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
};

/** One partition line of the sfdisk script (512-byte sectors unless `perMiB` says otherwise). */
function line(
  startMiB: number,
  endMiB: number,
  type: keyof typeof TYPE,
  g: number,
  name: string,
  perMiB = 2048,
) {
  const id = guid(g).toUpperCase();
  return `start=${startMiB * perMiB}, size=${(endMiB - startMiB) * perMiB}, type=${TYPE[type]}, uuid=${id}, name="${name}"`;
}

/** The sfdisk command of a 512-byte-sector disk whose data partition ends at `endMiB`, GUIDs from `g`. */
function sfdisk(disk: string, endMiB: number, g: number, dataName = 'zosdata'): string[] {
  return [
    'sfdisk',
    '--quiet',
    '--no-reread',
    '--no-tell-kernel',
    `/dev/${disk}`,
    '<<',
    'label: gpt',
    `label-id: ${guid(g).toUpperCase()}`,
    'unit: sectors',
    'first-lba: 34',
    line(1, 2, 'EF02', g + 1, 'zosboot'),
    line(2, 514, 'EF00', g + 2, 'zosboot'),
    line(514, endMiB, '8300', g + 3, dataName),
  ];
}

t.test('btrfs_single on one virtio disk', async (t) => {
  t.same(argvOf(ONE_VIRTIO), [
    sfdisk('vda', 20479, 1),
    ['blockdev', '--rereadpt', '/dev/vda'],
    ['mkfs.vfat', '-F', '32', '-n', 'ZOSBOOT', '-i', '00000005', '/dev/vda2'],
    ['mkfs.btrfs', '--nodiscard', '-L', 'ZOSDATA', '-U', guid(6), '/dev/vda3'],
  ]);
});

t.test(
  'btrfs_independent on two NVMe disks: each disk partitioned and re-read before any mkfs',
  async (t) => {
    t.same(argvOf(TWO_NVME), [
      sfdisk('nvme0n1', 20479, 1),
      ['blockdev', '--rereadpt', '/dev/nvme0n1'],
      sfdisk('nvme1n1', 20479, 5),
      ['blockdev', '--rereadpt', '/dev/nvme1n1'],
      ['mkfs.vfat', '-F', '32', '-n', 'ZOSBOOT', '-i', '00000009', '/dev/nvme0n1p2'],
      ['mkfs.vfat', '-F', '32', '-n', 'ZOSBOOT', '-i', '0000000A', '/dev/nvme1n1p2'],
      ['mkfs.btrfs', '--nodiscard', '-L', 'ZOSDATA', '-U', guid(11), '/dev/nvme0n1p3'],
      ['mkfs.btrfs', '--nodiscard', '-L', 'ZOSDATA', '-U', guid(12), '/dev/nvme1n1p3'],
    ]);
  },
);

t.test('bcachefs_cached on NVMe + HDD: zoscache name, labels before their devices, targets', async (t) => {
  t.same(argvOf(NVME_AND_HDD, { filesystem: { bcachefs: { compression: 'lz4' } } }), [
    sfdisk('nvme0n1', 20479, 1, 'zoscache'),
    ['blockdev', '--rereadpt', '/dev/nvme0n1'],
    sfdisk('sda', 102399, 5),
    ['blockdev', '--rereadpt', '/dev/sda'],
    ['mkfs.vfat', '-F', '32', '-n', 'ZOSBOOT', '-i', '00000009', '/dev/nvme0n1p2'],
    ['mkfs.vfat', '-F', '32', '-n', 'ZOSBOOT', '-i', '0000000A', '/dev/sda2'],
    [
      'bcachefs',
      'format',
      '--no_initialize',
      '--fs_label=ZOSDATA',
      `--uuid=${guid(11)}`,
      '--replicas=1',
      '--compression=lz4',
      '--foreground_target=ssd',
      '--promote_target=ssd',
      '--background_target=hdd',
      '--label=ssd.ssd1',
      '/dev/nvme0n1p3',
      '--label=hdd.hdd1',
      '/dev/sda3',
    ],
    ['mkdir', '-p', `/run/zosstorage/first-mount/${guid(11)}`],
    ['mount', '-t', 'bcachefs', '/dev/nvme0n1p3:/dev/sda3', `/run/zosstorage/first-mount/${guid(11)}`],
    ['umount', `/run/zosstorage/first-mount/${guid(11)}`],
    ['rmdir', `/run/zosstorage/first-mount/${guid(11)}`],
  ]);
});

t.test(
  'btrfs_raid1 on three virtio disks: profiles and extra args before the members, never -f',
  async (t) => {
    const argv = argvOf(THREE_VIRTIO, {
      topology: { mode: 'btrfs_raid1' },
      filesystem: { btrfs: { metadata_profile: 'raid1c3', mkfs_extra_args: ['--nodesize', '32k'] } },
    });
    t.same(argv.at(-1), [
      'mkfs.btrfs',
      '--nodiscard',
      '-L',
      'ZOSDATA',
      '-U',
      guid(16),
      '-d',
      'raid1',
      '-m',
      'raid1c3',
      '--nodesize',
      '32k',
      '/dev/vda3',
      '/dev/vdb3',
      '/dev/vdc3',
    ]);
    t.equal(argv.length, 3 * 2 + 3 + 1, 'partition + reread per disk, three ESPs, one btrfs');
    t.notOk(argv.flat().includes('-f'), 'mkfs is never forced');
  },
);

t.test('bcachefs_raid1 and bcachefs_single', async (t) => {
  const raid = argvOf(TWO_NVME, {
    topology: { mode: 'bcachefs_raid1' },
    filesystem: { bcachefs: { mkfs_extra_args: ['--discard'] } },
  });
  t.same(raid.at(-5), [
    'bcachefs',
    'format',
    '--no_initialize',
    '--fs_label=ZOSDATA',
    `--uuid=${guid(11)}`,
    '--replicas=2',
    '--discard',
    '/dev/nvme0n1p3',
    '/dev/nvme1n1p3',
  ]);
  const single = argvOf(ONE_VIRTIO, { topology: { mode: 'bcachefs_single' } });
  t.same(single.at(-5), [
    'bcachefs',
    'format',
    '--no_initialize',
    '--fs_label=ZOSDATA',
    `--uuid=${guid(6)}`,
    '/dev/vda3',
  ]);
  t.same(single.slice(-4), [
    ['mkdir', '-p', `/run/zosstorage/first-mount/${guid(6)}`],
    ['mount', '-t', 'bcachefs', '/dev/vda3', `/run/zosstorage/first-mount/${guid(6)}`],
    ['umount', `/run/zosstorage/first-mount/${guid(6)}`],
    ['rmdir', `/run/zosstorage/first-mount/${guid(6)}`],
  ]);
});

t.test('bcachefs_cached with three disks named by role: 2 replicas, cache members first', async (t) => {
  const argv = argvOf(THREE_VIRTIO, { topology: { roles: { cache: ['/dev/vdc'], backing: [] } } });
  t.same(argv.at(-3)?.slice(0, 4), ['mount', '-t', 'bcachefs', '/dev/vdc3:/dev/vda3:/dev/vdb3']);
  t.same(argv.at(-5), [
    'bcachefs',
    'format',
    '--no_initialize',
    '--fs_label=ZOSDATA',
    `--uuid=${guid(16)}`,
    '--replicas=2',
    '--foreground_target=ssd',
    '--promote_target=ssd',
    '--background_target=hdd',
    '--label=ssd.ssd1',
    '/dev/vdc3',
    '--label=hdd.hdd1',
    '/dev/vda3',
    '--label=hdd.hdd2',
    '/dev/vdb3',
  ]);
  t.same(argv[4], sfdisk('vdc', 20479, 9, 'zoscache'));
});

t.test('4096-byte sectors: 256 sectors per MiB', async (t) => {
  const disk = makeDevice('vda', { logicalSectorSize: 4096, physicalSectorSize: 4096 });
  const [partition] = argvOf([disk]);
  t.same(partition!.slice(6), [
    'label: gpt',
    `label-id: ${guid(1).toUpperCase()}`,
    'unit: sectors',
    'first-lba: 6',
    line(1, 2, 'EF02', 2, 'zosboot', 256),
    line(2, 514, 'EF00', 3, 'zosboot', 256),
    line(514, 20479, '8300', 4, 'zosdata', 256),
  ]);
});

t.test('bios_boot disabled: two partitions numbered 1 and 2', async (t) => {
  const [partition] = argvOf(ONE_VIRTIO, { boot: { bios_boot: { enabled: false } } });
  t.same(partition!.slice(10), [line(1, 513, 'EF00', 2, 'zosboot'), line(513, 20479, '8300', 3, 'zosdata')]);
});

t.test('steps carry their kind, device, expected nodes and filesystem facts', async (t) => {
  const plan = planProvisioning({ devices: ONE_VIRTIO, config: makeConfig(), newGuid: makeGuidCounter() });
  const steps = buildApplySteps(plan);
  t.same(
    steps.map((step) => [step.step, step.device, step.commands[0]!.purpose]),
    [
      ['partition', '/dev/vda', 'partition /dev/vda'],
      ['reread', '/dev/vda', 're-read the partition table of /dev/vda'],
      ['mkfs', '/dev/vda2', 'create vfat ZOSBOOT on /dev/vda2'],
      ['mkfs', '/dev/vda3', 'create btrfs ZOSDATA on /dev/vda3'],
    ],
  );
  t.same(steps[1]!.expectPaths, ['/dev/vda1', '/dev/vda2', '/dev/vda3']);
  t.same(steps[3]!.filesystem, { type: 'btrfs', label: 'ZOSDATA', uuid: guid(6), members: ['/dev/vda3'] });
});
