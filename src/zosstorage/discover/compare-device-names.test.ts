import t from 'tap';
import { compareDeviceNames } from './compare-device-names.ts';

t.test('orders like the kernel names disks', async (t) => {
  const names = ['sdaa', 'nvme0n10', 'sdb', 'vdb', 'nvme1n1', 'sda', 'nvme0n2', 'sdz', 'vda'];
  t.same([...names].sort(compareDeviceNames), [
    'nvme0n2',
    'nvme0n10',
    'nvme1n1',
    'sda',
    'sdb',
    'sdz',
    'sdaa',
    'vda',
    'vdb',
  ]);
});

t.test('equal names compare equal', async (t) => {
  t.equal(compareDeviceNames('vda', 'vda'), 0);
  t.ok(compareDeviceNames('vda', 'vda1') < 0, 'a prefix sorts first');
});
