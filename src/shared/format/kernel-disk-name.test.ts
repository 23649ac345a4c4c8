// Disk names as the kernel counts them, including past z, where a naive `97 + index` gives `vd{`.
import t from 'tap';
import { kernelDiskName } from './kernel-disk-name.ts';

t.test('the kernel order: a…z, then aa…zz, then aaa', async (t) => {
  const names = [0, 1, 25, 26, 27, 51, 52, 63, 701, 702].map((index) => kernelDiskName('vd', index));
  t.same(names, ['vda', 'vdb', 'vdz', 'vdaa', 'vdab', 'vdaz', 'vdba', 'vdbl', 'vdzz', 'vdaaa']);
  t.equal(kernelDiskName('sd', 2), 'sdc');
  t.throws(() => kernelDiskName('sd', -1), /disk index -1 is not a whole number ≥ 0/);
});

t.test('every index has its own name, in sorted order within one length', async (t) => {
  const names = Array.from({ length: 800 }, (_, index) => kernelDiskName('sd', index));
  t.equal(new Set(names).size, names.length);
  for (let i = 1; i < names.length; i += 1) {
    const [a, b] = [names[i - 1] as string, names[i] as string];
    if (a.length === b.length) t.ok(a < b, `${a} < ${b}`);
    else t.equal(b.length, a.length + 1, `${a} → ${b}: one letter more`);
  }
});
