import t from 'tap';
import { partitionPath } from './partition-path.ts';

t.test('disks whose name ends in a letter get the number appended', async (t) => {
  t.equal(partitionPath('/dev/vda', 1), '/dev/vda1');
  t.equal(partitionPath('/dev/sda', 3), '/dev/sda3');
  t.equal(partitionPath('sdaa', 12), 'sdaa12');
});

t.test('disks whose name ends in a digit get a p separator', async (t) => {
  t.equal(partitionPath('/dev/nvme0n1', 1), '/dev/nvme0n1p1');
  t.equal(partitionPath('/dev/nvme1n12', 3), '/dev/nvme1n12p3');
  t.equal(partitionPath('/dev/mmcblk0', 2), '/dev/mmcblk0p2');
  t.equal(partitionPath('loop0', 1), 'loop0p1');
});

t.test('rejects a partition number that is not a positive integer', async (t) => {
  t.throws(() => partitionPath('/dev/vda', 0), RangeError);
  t.throws(() => partitionPath('/dev/vda', 1.5), RangeError);
});
