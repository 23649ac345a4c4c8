import t from 'tap';
import { buildDefaultConfig } from '../config/config-schema.ts';
import type { DiskState, FoundPartition } from '../safety/disk-state.ts';
import { GPT_TYPE_GUIDS } from '../../shared/gpt/gpt-type-guids.ts';
import type { Config, TopologyMode } from '../types.ts';
import { ZosError } from '../errors/zos-error.ts';
import { classifyTargets } from './classify-targets.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function config(mode: TopologyMode = 'auto'): Config {
  const base = buildDefaultConfig();
  return { ...base, topology: { ...base.topology, mode } };
}

function device(name: string, rotational = true) {
  return {
    name,
    path: `/dev/${name}`,
    sizeBytes: 40 * GiB,
    logicalSectorSize: 512,
    physicalSectorSize: 512,
    rotational,
    removable: false,
    transport: 'virtio' as const,
    model: null,
    serial: `S-${name}`,
    wwid: null,
  };
}

interface DataSpec {
  name?: 'zosdata' | 'zoscache';
  fsType?: string | null;
  uuid?: string | null;
  label?: string | null;
  membership?: FoundPartition['membership'];
}

function partition(disk: string, number: number, fields: Partial<FoundPartition>): FoundPartition {
  return {
    number,
    name: 'zosboot',
    typeGuid: GPT_TYPE_GUIDS.EF02,
    guid: `0000000${number}-0000-4000-8000-${disk.padStart(12, '0')}`,
    startBytes: number * MiB,
    sizeBytes: MiB,
    path: `/dev/${disk}${number}`,
    fsType: null,
    label: null,
    uuid: null,
    uuidSub: null,
    probeProblem: null,
    mountpoints: [],
    membership: null,
    ...fields,
  };
}

function zos(name: string, data: DataSpec = {}, esp: Partial<FoundPartition> = {}): DiskState {
  return {
    device: device(name),
    state: 'zos',
    found: {
      diskGuid: `dddddddd-0000-4000-8000-${name.padStart(12, '0')}`,
      sectorSize: 512,
      partitions: [
        partition(name, 1, {}),
        partition(name, 2, {
          typeGuid: GPT_TYPE_GUIDS.EF00,
          sizeBytes: 512 * MiB,
          fsType: 'vfat',
          label: 'ZOSBOOT',
          uuid: `AB${name.length}D-0001`,
          ...esp,
        }),
        partition(name, 3, {
          name: data.name ?? 'zosdata',
          typeGuid: GPT_TYPE_GUIDS['8300'],
          startBytes: 514 * MiB,
          sizeBytes: 39 * GiB,
          fsType: data.fsType === undefined ? 'btrfs' : data.fsType,
          label: data.label === undefined ? 'ZOSDATA' : data.label,
          uuid: data.uuid === undefined ? `uuid-${name}` : data.uuid,
          membership: data.membership ?? null,
        }),
      ],
    },
  };
}

/** Runs `fn`, which must throw a ZosError, and returns it. */
function catchZosError(fn: () => unknown): ZosError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ZosError) return error;
    throw error;
  }
  throw new Error('expected a ZosError');
}

const empty = (name: string): DiskState => ({ device: device(name), state: 'empty' });
const dirty = (
  name: string,
  description: string,
  kind = 'btrfs',
  offset: number | null = 65600,
): DiskState => ({
  device: device(name),
  state: 'not_empty',
  evidence: [{ kind, description, offset }],
});

t.test('all targets empty → empty', async (t) => {
  t.same(classifyTargets([empty('vda'), empty('vdb')], config()), { kind: 'empty' });
});

t.test('one non-empty disk aborts the run and the message lists every non-empty disk', async (t) => {
  const states = [
    empty('vda'),
    dirty('vdb', 'btrfs superblock magic "_BHRfS_M" at offset 65600 (0x10040)'),
    dirty('vdc', 'MBR boot signature 0x55AA at offset 510 (0x1fe)', 'mbr', 510),
  ];
  const error = catchZosError(() => classifyTargets(states, config()));
  t.equal(error.code, 'DISK_NOT_EMPTY');
  t.match(error.message, /refusing to touch any disk: 2 target disks are not empty:/);
  t.match(error.message, '/dev/vdb (btrfs superblock magic "_BHRfS_M" at offset 65600 (0x10040))');
  t.match(error.message, '/dev/vdc (MBR boot signature 0x55AA at offset 510 (0x1fe))');
  t.match(error.message, /Nothing was written/);
  t.notMatch(error.message, '/dev/vda');
  t.match(error.details, { disks: [{ path: '/dev/vdb' }, { path: '/dev/vdc' }] });
});

t.test('a disk with our partitions but foreign extras is a partial layout', async (t) => {
  const states = [
    dirty('vda', 'zos GPT layout that is incomplete or damaged: 0 ESPs instead of 1', 'incomplete-gpt', 512),
  ];
  t.throws(() => classifyTargets(states, config()), {
    code: 'PARTIAL_LAYOUT',
    message: /\/dev\/vda \(zos GPT layout that is incomplete/,
  });
});

t.test(
  'a disk added to a provisioned node: the layout stands, the new empty disk is reported, untouched',
  async (t) => {
    const result = classifyTargets([zos('vda'), empty('vdb')], config());
    if (result.kind !== 'provisioned') throw new Error('expected provisioned');
    t.equal(result.layout.topology, 'btrfs_single');
    t.same(result.layout.otherDisks, [
      {
        path: '/dev/vdb',
        serial: 'S-vdb',
        wwid: null,
        sizeBytes: 40 * GiB,
        state: 'unprovisioned',
        reason: null,
      },
    ]);
  },
);

t.test(
  'a disk with data next to a provisioned node: refused and left untouched, the layout still stands',
  async (t) => {
    const result = classifyTargets(
      [zos('vda'), dirty('vdb', 'wipefs finds a ext4 signature at offset 1080 (0x438)', 'wipefs:ext4', 1080)],
      config(),
    );
    if (result.kind !== 'provisioned') throw new Error('expected provisioned');
    t.same(
      result.layout.otherDisks?.map((disk) => [disk.path, disk.state, disk.reason]),
      [['/dev/vdb', 'refused', 'wipefs finds a ext4 signature at offset 1080 (0x438)']],
    );
  },
);

t.test('no refusal message advises clearing a disk with our partitions', async (t) => {
  const states = [
    zos('vda'),
    zos('vdb', { fsType: null, uuid: null, label: null }, { fsType: null, label: null, uuid: null }),
  ];
  const error = catchZosError(() => classifyTargets(states, config()));
  t.equal(error.code, 'PARTIAL_LAYOUT');
  t.match(error.message, /a disk that holds a ZOSDATA filesystem keeps its data: never clear it/);
  t.notMatch(error.message, /To reuse a disk, clear all of it/);
});

t.test('our GPT without filesystems (interrupted provisioning) is a partial layout', async (t) => {
  const states = [
    zos('vda', { fsType: null, uuid: null, label: null }, { fsType: null, label: null, uuid: null }),
  ];
  const error = catchZosError(() => classifyTargets(states, config()));
  t.equal(error.code, 'PARTIAL_LAYOUT');
  t.match(error.message, 'ESP /dev/vda2 holds no filesystem instead of vfat labelled ZOSBOOT');
  t.match(
    error.message,
    'zosdata partition /dev/vda3 holds no filesystem instead of a ZOSDATA btrfs or bcachefs',
  );
});

t.test('a wrong label or an ambiguous probe is not provisioned', async (t) => {
  t.throws(() => classifyTargets([zos('vda', { label: 'OTHER' })], config()), {
    code: 'PARTIAL_LAYOUT',
    message: /btrfs labelled OTHER instead of a ZOSDATA/,
  });
  t.throws(() => classifyTargets([zos('vda', {}, { fsType: 'vfat', label: 'EFI' })], config()), {
    message: /ESP \/dev\/vda2 holds vfat labelled EFI instead of vfat labelled ZOSBOOT/,
  });
  const ambiguous = zos('vda');
  if (ambiguous.state === 'zos') {
    const esp = ambiguous.found.partitions[1] as FoundPartition;
    ambiguous.found.partitions[1] = { ...esp, fsType: null, probeProblem: 'ambivalent result' };
  }
  t.throws(() => classifyTargets([ambiguous], config()), {
    message: /an ambiguous signature \(ambivalent result\)/,
  });
});

t.test('provisioned btrfs_single: layout built from what was found', async (t) => {
  const result = classifyTargets([zos('vda')], config());
  t.equal(result.kind, 'provisioned');
  if (result.kind !== 'provisioned') return;
  t.equal(result.layout.topology, 'btrfs_single');
  t.same(
    result.layout.disks.map((disk) => [
      disk.path,
      disk.role,
      disk.diskGuid,
      disk.partitions.map((p) => p.path),
    ]),
    [['/dev/vda', 'data', 'dddddddd-0000-4000-8000-000000000vda', ['/dev/vda1', '/dev/vda2', '/dev/vda3']]],
  );
  t.same(result.layout.filesystems, [
    { type: 'vfat', label: 'ZOSBOOT', uuid: 'AB3D-0001', members: ['/dev/vda2'], mountpoint: null },
    {
      type: 'btrfs',
      label: 'ZOSDATA',
      uuid: 'uuid-vda',
      members: ['/dev/vda3'],
      mountpoint: null,
      state: 'complete',
      devices: 1,
    },
  ]);
});

t.test('provisioned btrfs_independent: one btrfs per disk', async (t) => {
  const result = classifyTargets([zos('vda'), zos('vdb')], config());
  t.match(result, { kind: 'provisioned', layout: { topology: 'btrfs_independent' } });
  if (result.kind !== 'provisioned') return;
  t.same(
    result.layout.filesystems.map((fs) => [fs.type, fs.members]),
    [
      ['vfat', ['/dev/vda2']],
      ['vfat', ['/dev/vdb2']],
      ['btrfs', ['/dev/vda3']],
      ['btrfs', ['/dev/vdb3']],
    ],
  );
});

t.test('provisioned btrfs_raid1: one btrfs UUID on every disk', async (t) => {
  const result = classifyTargets(
    [zos('vda', { uuid: 'shared' }), zos('vdb', { uuid: 'shared' })],
    config('btrfs_raid1'),
  );
  t.match(result, { kind: 'provisioned', layout: { topology: 'btrfs_raid1' } });
  if (result.kind !== 'provisioned') return;
  t.same(result.layout.filesystems[2], {
    type: 'btrfs',
    label: 'ZOSDATA',
    uuid: 'shared',
    members: ['/dev/vda3', '/dev/vdb3'],
    mountpoint: null,
    state: 'complete',
    devices: 2,
  });
});

/** A member's view of its filesystem, as read-filesystem-members.ts reads it from the superblock. */
function member(type: 'btrfs' | 'bcachefs', devices: number, self: number, tolerance = 1) {
  return {
    type,
    devices,
    self,
    known: Array.from({ length: devices }, (_, index) => ({
      id: type === 'btrfs' ? index + 1 : index,
      uuid: `00000000-0000-4000-8000-00000000000${index}`,
    })),
    tolerance,
    labelled: false,
  };
}

t.test(
  'a raid1 member missing: the filesystem says it has 2, one is here: degraded, named, not btrfs_single',
  async (t) => {
    const states = [zos('vda', { uuid: 'shared', membership: member('btrfs', 2, 1) })];
    const result = classifyTargets(states, config());
    if (result.kind !== 'provisioned') throw new Error('expected provisioned');
    t.equal(result.layout.topology, 'btrfs_raid1', 'from the filesystem, not from the one disk present');
    t.match(result.layout.filesystems[1], {
      state: 'degraded',
      devices: 2,
      missing: ['devid 2 (UUID 00000000-0000-4000-8000-000000000001)'],
    });
  },
);

t.test(
  'more members missing than the filesystem can lose: MEMBERS_MISSING, exit 4, nothing advised to wipe',
  async (t) => {
    const states = [zos('vdb', { fsType: 'bcachefs', uuid: 'b', membership: member('bcachefs', 3, 1) })];
    const error = catchZosError(() => classifyTargets(states, config()));
    t.equal(error.code, 'MEMBERS_MISSING');
    t.equal(error.exitCode, 4);
    t.match(
      error.message,
      /bcachefs b has 1 of its 3 members \(\/dev\/vdb3\); missing: member 0 \(UUID .*\), member 2 \(UUID .*\); it can lose 1\./,
    );
    t.match(error.message, /Attach the missing disks again/);
    t.notMatch(error.message, /clear|wipe|blkdiscard/);
  },
);

t.test('provisioned bcachefs_single and bcachefs_raid1', async (t) => {
  t.match(classifyTargets([zos('vda', { fsType: 'bcachefs' })], config('bcachefs_single')), {
    layout: { topology: 'bcachefs_single' },
  });
  const raid = [zos('vda', { fsType: 'bcachefs', uuid: 'b' }), zos('vdb', { fsType: 'bcachefs', uuid: 'b' })];
  t.match(classifyTargets(raid, config('bcachefs_raid1')), { layout: { topology: 'bcachefs_raid1' } });
});

t.test('provisioned bcachefs_cached: roles from partition names, cache members first', async (t) => {
  const states = [
    zos('vda', { fsType: 'bcachefs', uuid: 'c' }),
    zos('vdb', { fsType: 'bcachefs', uuid: 'c', name: 'zoscache' }),
    zos('vdc', { fsType: 'bcachefs', uuid: 'c' }),
  ];
  const result = classifyTargets(states, config());
  t.match(result, { kind: 'provisioned', layout: { topology: 'bcachefs_cached' } });
  if (result.kind !== 'provisioned') return;
  t.same(
    result.layout.disks.map((disk) => [disk.path, disk.role]),
    [
      ['/dev/vda', 'backing'],
      ['/dev/vdb', 'cache'],
      ['/dev/vdc', 'backing'],
    ],
  );
  t.same(result.layout.filesystems.at(-1)?.members, ['/dev/vdb3', '/dev/vda3', '/dev/vdc3']);
});

t.test('current mountpoints are carried into the layout', async (t) => {
  const state = zos('vda');
  if (state.state === 'zos') {
    const data = state.found.partitions[2] as FoundPartition;
    state.found.partitions[2] = { ...data, mountpoints: ['/var/cache/uuid-vda'] };
  }
  const result = classifyTargets([state], config());
  t.equal(
    result.kind === 'provisioned' ? result.layout.filesystems[1]?.mountpoint : 'x',
    '/var/cache/uuid-vda',
  );
});

t.test('an explicit topology must match what is on the disks', async (t) => {
  t.throws(() => classifyTargets([zos('vda'), zos('vdb')], config('btrfs_raid1')), {
    code: 'DISK_NOT_EMPTY',
    message: /already provisioned as btrfs_independent, but the configuration asks for btrfs_raid1/,
  });
  t.throws(() => classifyTargets([zos('vda')], config('bcachefs_single')), {
    message: /already provisioned as btrfs_single, but the configuration asks for bcachefs_single/,
  });
});

t.test('filesystems that form no topology are refused', async (t) => {
  t.throws(() => classifyTargets([zos('vda'), zos('vdb', { fsType: 'bcachefs' })], config()), {
    code: 'PARTIAL_LAYOUT',
    message: /form no known topology \(mixed filesystem types \(bcachefs, btrfs\)\)/,
  });
  const threeTwo = [zos('vda', { uuid: 'x' }), zos('vdb', { uuid: 'x' }), zos('vdc', { uuid: 'y' })];
  t.throws(() => classifyTargets(threeTwo, config()), { message: /2 btrfs filesystems over 3 disks/ });
});
