import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Config } from '../types.ts';
import { discoverDevices } from './discover-devices.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/sysfs/', import.meta.url));
const GiB = 1024 ** 3;

const RULES: Config['device_selection'] = {
  include_patterns: ['sd*', 'nvme*n*', 'vd*'],
  exclude_patterns: [],
  allow_removable: false,
  min_size_gib: 10,
};

function discover(fixture: string, rules: Partial<Config['device_selection']> = {}) {
  return discoverDevices({
    sysRoot: `${FIXTURES}${fixture}`,
    devRoot: '/dev',
    rules: { ...RULES, ...rules },
  });
}

t.test('one-virtio: one 40 GiB virtio disk with its serial', async (t) => {
  const { candidates, skipped } = await discover('one-virtio');
  t.same(candidates, [
    {
      name: 'vda',
      path: '/dev/vda',
      sizeBytes: 40 * GiB,
      logicalSectorSize: 512,
      physicalSectorSize: 512,
      rotational: true,
      removable: false,
      transport: 'virtio',
      model: null,
      serial: 'ZOS-VDA-0001',
      wwid: null,
    },
  ]);
  t.same(skipped, []);
});

t.test('three-virtio: three disks in kernel order', async (t) => {
  const { candidates } = await discover('three-virtio');
  t.same(
    candidates.map((device) => [device.path, device.serial, device.transport]),
    [
      ['/dev/vda', 'ZOS-VDA-0001', 'virtio'],
      ['/dev/vdb', 'ZOS-VDB-0001', 'virtio'],
      ['/dev/vdc', 'ZOS-VDC-0001', 'virtio'],
    ],
  );
});

t.test('two-nvme: multipath-style NVMe namespaces with model and serial from the subsystem', async (t) => {
  const { candidates, skipped } = await discover('two-nvme');
  t.same(
    candidates.map((device) => ({
      name: device.name,
      transport: device.transport,
      rotational: device.rotational,
      model: device.model,
      serial: device.serial,
      sizeBytes: device.sizeBytes,
    })),
    [
      {
        name: 'nvme0n1',
        transport: 'nvme',
        rotational: false,
        model: 'QEMU NVMe Ctrl',
        serial: 'NVME-A-0001',
        sizeBytes: 40 * GiB,
      },
      {
        name: 'nvme1n1',
        transport: 'nvme',
        rotational: false,
        model: 'QEMU NVMe Ctrl',
        serial: 'NVME-B-0001',
        sizeBytes: 40 * GiB,
      },
    ],
  );
  t.same(skipped, []);
});

t.test('nvme-two-namespaces: one controller serial, a wwid and a block size per namespace', async (t) => {
  const { candidates } = await discover('nvme-two-namespaces');
  t.same(
    candidates.map((device) => [
      device.name,
      device.serial,
      device.wwid,
      device.logicalSectorSize,
      device.sizeBytes,
    ]),
    [
      ['nvme0n1', 'ZOS-NVME-CTL0', 'uuid.5ad1c3e0-8f0e-4b7a-9a64-000000000001', 512, 40 * GiB],
      ['nvme0n2', 'ZOS-NVME-CTL0', 'uuid.5ad1c3e0-8f0e-4b7a-9a64-000000000002', 4096, 20 * GiB],
    ],
  );
});

t.test('nvme-plus-sata-hdd: a PCI NVMe SSD and a rotating SATA disk', async (t) => {
  const { candidates } = await discover('nvme-plus-sata-hdd');
  t.same(
    candidates.map((device) => [
      device.name,
      device.transport,
      device.rotational,
      device.model,
      device.serial,
    ]),
    [
      ['nvme0n1', 'nvme', false, 'Samsung SSD 980 PRO 1TB', 'S5GXNF0R000001'],
      ['sda', 'sata', true, 'WDC WD5000AAKX-0', 'WD-WCC2E0000001'],
    ],
  );
  t.equal(candidates[1]?.sizeBytes, 500 * GiB);
});

t.test('busy-host: only real disks survive, every other device says why', async (t) => {
  const { candidates, skipped } = await discover('busy-host');
  t.same(
    candidates.map((device) => device.name),
    ['vda', 'vdb'],
  );
  const reasons = Object.fromEntries(skipped.map((entry) => [entry.name, entry.reason]));
  t.same(Object.keys(reasons).sort(), ['dm-0', 'loop0', 'md0', 'ram0', 'sda', 'sdb', 'sr0', 'vdc', 'zram0']);
  t.match(reasons['dm-0'], /pseudo or stacked device \(dm-\*\)/);
  t.match(reasons['md0'], /pseudo or stacked device \(md\*\)/);
  t.match(reasons['ram0'], /\(ram\*\)/);
  t.match(reasons['zram0'], /\(zram\*\)/);
  t.match(reasons['loop0'], /\(loop\*\)/);
  t.match(reasons['sr0'], /\(sr\*\)/);
  t.equal(reasons['sda'], 'read-only (ro=1)');
  t.equal(reasons['sdb'], 'removable media (set device_selection.allow_removable to use it)');
  t.equal(reasons['vdc'], 'too small: 1 GiB < device_selection.min_size_gib (10 GiB)');
});

t.test('busy-host: removable media and small disks can be allowed by the rules', async (t) => {
  const { candidates } = await discover('busy-host', { allow_removable: true, min_size_gib: 1 });
  t.same(
    candidates.map((device) => [device.name, device.transport, device.removable]),
    [
      ['sdb', 'usb', true],
      ['vda', 'virtio', false],
      ['vdb', 'virtio', false],
      ['vdc', 'virtio', false],
    ],
  );
  t.equal(candidates[0]?.model, 'Cruzer Blade');
  t.equal(candidates[0]?.serial, '4C530001230000000001', 'serial from the SCSI unit serial number page');
});

t.test(
  'partitioned-disk: a disk with a partition stays a candidate (the safety check refuses it)',
  async (t) => {
    const { candidates, skipped } = await discover('partitioned-disk');
    t.same(
      candidates.map((device) => device.name),
      ['vda', 'vdb'],
    );
    t.same(skipped, [{ name: 'dm-0', reason: 'pseudo or stacked device (dm-*), never a target' }]);
  },
);

t.test('include and exclude patterns', async (t) => {
  const excluded = await discover('three-virtio', { exclude_patterns: ['vdb'] });
  t.same(
    excluded.candidates.map((device) => device.name),
    ['vda', 'vdc'],
  );
  t.same(excluded.skipped, [{ name: 'vdb', reason: 'excluded by device_selection.exclude_patterns (vdb)' }]);
  const onlySd = await discover('three-virtio', { include_patterns: ['sd*'] });
  t.same(onlySd.candidates, []);
  t.equal(onlySd.skipped.length, 3);
  t.match(onlySd.skipped[0]?.reason, 'not matched by device_selection.include_patterns (sd*)');
});

t.test('pseudo devices are dropped even when an include pattern names them', async (t) => {
  const { candidates, skipped } = await discover('busy-host', { include_patterns: ['*'] });
  t.same(
    candidates.map((device) => device.name),
    ['vda', 'vdb'],
  );
  t.match(skipped.find((entry) => entry.name === 'loop0')?.reason, /pseudo or stacked/);
});

t.test('no-disks: nothing eligible, every device explained', async (t) => {
  const { candidates, skipped } = await discover('no-disks');
  t.same(candidates, []);
  t.same(
    skipped.map((entry) => entry.name),
    ['loop0', 'loop1', 'loop2', 'loop3', 'ram0', 'sr0', 'zram0'],
  );
  t.ok(skipped.every((entry) => entry.reason.length > 0));
});

t.test('device paths are built under the dev root', async (t) => {
  const { candidates } = await discoverDevices({
    sysRoot: `${FIXTURES}one-virtio`,
    devRoot: '/tmp/fake-dev/',
    rules: RULES,
  });
  t.equal(candidates[0]?.path, '/tmp/fake-dev/vda');
});

t.test('a sysfs root without a block directory is an error, not an empty host', async (t) => {
  const dir = t.testdir({});
  await t.rejects(discoverDevices({ sysRoot: dir, devRoot: '/dev', rules: RULES }), { code: 'ENOENT' });
});
