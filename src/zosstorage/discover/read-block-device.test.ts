import t from 'tap';
import { parseUnitSerialPage, readBlockDevice } from './read-block-device.ts';

t.test('partition entries, hidden devices and missing attributes', async (t) => {
  const root = t.testdir({
    devices: {
      virtual: {
        block: {
          odd: { size: '2048\n' },
          part1: { size: '2048\n', partition: '1\n', ro: '0\n' },
          nvme0c0n1: { size: '2048\n', hidden: '1\n', ro: '0\n' },
        },
      },
    },
    block: {
      odd: t.fixture('symlink', '../devices/virtual/block/odd'),
      part1: t.fixture('symlink', '../devices/virtual/block/part1'),
      nvme0c0n1: t.fixture('symlink', '../devices/virtual/block/nvme0c0n1'),
    },
  });
  const odd = await readBlockDevice(root, 'odd');
  t.same(odd, {
    name: 'odd',
    devicePath: 'devices/virtual/block/odd',
    isPartition: false,
    hidden: false,
    sizeBytes: 2048 * 512,
    readOnly: true,
    removable: false,
    rotational: true,
    logicalSectorSize: 512,
    physicalSectorSize: 512,
    transport: 'unknown',
    model: null,
    serial: null,
    wwid: null,
  });
  t.equal((await readBlockDevice(root, 'part1')).isPartition, true);
  t.equal((await readBlockDevice(root, 'nvme0c0n1')).hidden, true);
});

t.test('4Kn disks report their sector sizes', async (t) => {
  const root = t.testdir({
    devices: {
      vd: {
        size: '8388608\n',
        ro: '0\n',
        queue: { logical_block_size: '4096\n', physical_block_size: '4096\n', rotational: '0\n' },
      },
    },
    block: { vdz: t.fixture('symlink', '../devices/vd') },
  });
  const facts = await readBlockDevice(root, 'vdz');
  t.equal(facts.sizeBytes, 8388608 * 512, 'size counts 512-byte sectors even on a 4Kn disk');
  t.equal(facts.logicalSectorSize, 4096);
  t.equal(facts.physicalSectorSize, 4096);
  t.equal(facts.rotational, false);
  t.equal(facts.readOnly, false);
});

t.test('parseUnitSerialPage', async (t) => {
  t.equal(parseUnitSerialPage(Buffer.from([0, 0x80, 0, 4, 0x41, 0x42, 0x20, 0x20])), 'AB');
  t.equal(parseUnitSerialPage(Buffer.from([0, 0x83, 0, 2, 0x41, 0x42])), null, 'wrong page code');
  t.equal(parseUnitSerialPage(Buffer.from([0, 0x80])), null, 'truncated');
  t.equal(parseUnitSerialPage(Buffer.from([0, 0x80, 0, 2, 0x20, 0x20])), null, 'blank serial');
});
