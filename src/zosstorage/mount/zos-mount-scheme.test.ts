import t from 'tap';
import { buildMountSteps, listMountCommands } from '../commands/build-mount-steps.ts';
import { describePlan } from '../plan/describe-plan.ts';
import { planProvisioning } from '../plan/plan-provisioning.ts';
import {
  makeConfig,
  makeDevice,
  makeGuidCounter,
  NVME_AND_HDD,
  THREE_VIRTIO,
  TWO_NVME,
} from '../plan/plan-fixtures.ts';
import type { Device, TopologyName } from '../types.ts';
import { buildFstabEntries } from './render-fstab.ts';
import { chooseSubvolumeCarrier } from './zos-mount-scheme.ts';

const ONE = [makeDevice('vda')];

/** The mount argv and fstab of a fresh plan under the zos scheme, UUIDs shortened to u<n>. */
function planZos(topology: TopologyName, devices: Device[], fstab = true) {
  const config = makeConfig({
    topology: { mode: topology },
    mount: { scheme: 'zos' },
    fstab: { enabled: fstab },
  });
  const plan = planProvisioning({ devices, config, newGuid: makeGuidCounter() });
  const filesystems = describePlan(plan).filesystems;
  const short = (text: string): string =>
    filesystems.reduce((out, fs, index) => out.replaceAll(fs.uuid, `u${index}`), text);
  return {
    argv: listMountCommands(buildMountSteps(filesystems, config, '/')).map((c) => short(c.argv.join(' '))),
    fstab: (plan.fstab?.entries ?? []).map(short),
    fstabFromLayout: buildFstabEntries(filesystems, config).map(short),
  };
}

/** The four subvolume mounts of a btrfs on `device` (`devices`: the device= options of a multi-device one). */
const BTRFS_SUBVOLUMES = (device: string, devices = ''): string[] =>
  ['system', 'etc', 'modules', 'vm-meta'].map(
    (name) =>
      `mount -t btrfs -o subvol=${name},noatime,compress=zstd:1${devices} ${device} /var/cache/${name}`,
  );
const CREATE = (tool: string, uuid: string) =>
  ['system', 'etc', 'modules', 'vm-meta'].map(
    (name) => `${tool} subvolume create /var/mounts/${uuid}/${name}`,
  );

t.test(
  'btrfs_single: the root at /var/mounts/UUID with subvolid=5, four subvolumes at /var/cache',
  async (t) => {
    const { argv, fstab, fstabFromLayout } = planZos('btrfs_single', ONE);
    t.same(argv, [
      'mount -t btrfs -o subvolid=5,compress=zstd:1 /dev/vda3 /var/mounts/u1',
      ...CREATE('btrfs', 'u1'),
      ...BTRFS_SUBVOLUMES('/dev/vda3'),
    ]);
    t.same(
      fstab,
      [
        'UUID=u1 /var/mounts/u1 btrfs subvolid=5,compress=zstd:1 0 0',
        'UUID=u1 /var/cache/system btrfs subvol=system,noatime,compress=zstd:1 0 0',
        'UUID=u1 /var/cache/etc btrfs subvol=etc,noatime,compress=zstd:1 0 0',
        'UUID=u1 /var/cache/modules btrfs subvol=modules,noatime,compress=zstd:1 0 0',
        'UUID=u1 /var/cache/vm-meta btrfs subvol=vm-meta,noatime,compress=zstd:1 0 0',
      ],
      'by UUID; the ESP has no entry',
    );
    t.same(fstabFromLayout, fstab, 'the found layout of a later boot gives the same fstab');
  },
);

t.test(
  'bcachefs_single: subvolumes created with bcachefs, bound in place; fstab with X-mount.subdir',
  async (t) => {
    const { argv, fstab } = planZos('bcachefs_single', ONE);
    t.same(argv, [
      'mount -t bcachefs /dev/vda3 /var/mounts/u1',
      ...CREATE('bcachefs', 'u1'),
      ...['system', 'etc', 'modules', 'vm-meta'].map(
        (name) => `mount --bind -o noatime /var/mounts/u1/${name} /var/cache/${name}`,
      ),
    ]);
    t.same(fstab, [
      'UUID=u1 /var/mounts/u1 bcachefs defaults 0 0',
      ...['system', 'etc', 'modules', 'vm-meta'].map(
        (name) => `UUID=u1 /var/cache/${name} bcachefs X-mount.subdir=${name},noatime 0 0`,
      ),
    ]);
  },
);

t.test(
  "btrfs_independent: both roots mounted, the first disk's filesystem carries the subvolumes",
  async (t) => {
    const { argv, fstab } = planZos('btrfs_independent', TWO_NVME);
    t.same(argv, [
      'mount -t btrfs -o subvolid=5,compress=zstd:1 /dev/nvme0n1p3 /var/mounts/u2',
      ...CREATE('btrfs', 'u2'),
      ...BTRFS_SUBVOLUMES('/dev/nvme0n1p3'),
      'mount -t btrfs -o subvolid=5,compress=zstd:1 /dev/nvme1n1p3 /var/mounts/u3',
    ]);
    t.equal(fstab.length, 6, 'two roots and four subvolumes');
    t.same(
      fstab
        .slice(0, 2)
        .map((l) => l.split(' ')[1])
        .sort(),
      ['/var/mounts/u2', '/var/mounts/u3'],
    );
    t.ok(
      fstab.slice(2).every((l) => l.startsWith('UUID=u2 /var/cache/')),
      "subvolumes on the first disk's filesystem",
    );
  },
);

t.test('btrfs_raid1: one filesystem over both disks; every mount names both devices', async (t) => {
  const { argv } = planZos('btrfs_raid1', TWO_NVME);
  const devices = ',device=/dev/nvme0n1p3,device=/dev/nvme1n1p3';
  t.same(argv, [
    `mount -t btrfs -o subvolid=5,compress=zstd:1${devices} /dev/nvme0n1p3 /var/mounts/u2`,
    ...CREATE('btrfs', 'u2'),
    ...BTRFS_SUBVOLUMES('/dev/nvme0n1p3', devices),
  ]);
});

t.test('bcachefs_raid1 and bcachefs_cached: one multi-device bcachefs carries them', async (t) => {
  for (const [topology, devices, source] of [
    ['bcachefs_raid1', TWO_NVME, '/dev/nvme0n1p3:/dev/nvme1n1p3'],
    ['bcachefs_cached', NVME_AND_HDD, null],
  ] as const) {
    const { argv, fstab } = planZos(topology, [...devices]);
    t.equal(argv.length, 9, `${topology}: one mount, four creates, four binds`);
    t.match(argv[0], /^mount -t bcachefs \S+:\S+ \/var\/mounts\/u\d$/, `${topology}: all members joined`);
    if (source) t.equal(argv[0]?.split(' ')[3], source);
    t.same(
      fstab.map((l) => l.split(' ').slice(1, 4).join(' ')).slice(1),
      ['system', 'etc', 'modules', 'vm-meta'].map(
        (name) => `/var/cache/${name} bcachefs X-mount.subdir=${name},noatime`,
      ),
    );
  }
  t.equal(planZos('bcachefs_raid1', THREE_VIRTIO.slice(0, 2)).argv.length, 9);
});

t.test('the carrier is chosen by device order, not by the order given or the UUID', async (t) => {
  const a = { uuid: 'ffff', members: ['/dev/nvme10n1p3'] };
  const b = { uuid: '0000', members: ['/dev/nvme2n1p3'] };
  const c = { uuid: '8888', members: ['/dev/vdb3', '/dev/nvme1n1p3'] };
  t.equal(chooseSubvolumeCarrier([a, b]), b, 'nvme2 before nvme10');
  t.equal(chooseSubvolumeCarrier([b, a]), b);
  t.equal(chooseSubvolumeCarrier([a, b, c]), c, 'a member on nvme1n1 comes first');
  t.equal(chooseSubvolumeCarrier([]), null);
});

t.test('per_uuid stays the default and mounts no subvolume', async (t) => {
  const config = makeConfig();
  t.equal(config.mount.scheme, 'per_uuid');
  const plan = planProvisioning({ devices: ONE, config, newGuid: makeGuidCounter() });
  const steps = buildMountSteps(describePlan(plan).filesystems, config, '/');
  t.same(
    steps.map((s) => [s.target.startsWith('/var/cache/'), s.subvolumes, s.subvolumeMounts]),
    [[true, [], []]],
  );
});
