import t from 'tap';
import { computeUsableEndMiB, MIB, sectorsPerMiB, toSectorRange } from './disk-geometry.ts';

t.test('the usable area ends at the last whole MiB before the backup GPT (512-byte sectors)', async (t) => {
  // 2 GiB = 4194304 sectors; the backup GPT takes the last 33 (32 entry sectors + header).
  t.equal(computeUsableEndMiB(2 * 1024 * MIB, 512), 2047);
  // One extra MiB plus the 33 backup sectors fits exactly: the end moves to 2048.
  t.equal(computeUsableEndMiB(2048 * MIB + 33 * 512, 512), 2048);
  t.equal(computeUsableEndMiB(2048 * MIB + 32 * 512, 512), 2047);
});

t.test('4096-byte sectors need 5 backup sectors (4 entry sectors + header)', async (t) => {
  t.equal(computeUsableEndMiB(2048 * MIB, 4096), 2047);
  t.equal(computeUsableEndMiB(2048 * MIB + 5 * 4096, 4096), 2048);
  t.equal(computeUsableEndMiB(2048 * MIB + 4 * 4096, 4096), 2047);
});

t.test('a size that is not a whole number of sectors is rounded down', async (t) => {
  t.equal(computeUsableEndMiB(2048 * MIB + 33 * 512 + 511, 512), 2048);
});

t.test('MiB ranges become inclusive sector ranges', async (t) => {
  t.same(toSectorRange(1, 1, 512), { first: 2048, last: 4095 });
  t.same(toSectorRange(2, 512, 512), { first: 4096, last: 1052671 });
  t.same(toSectorRange(1, 1, 4096), { first: 256, last: 511 });
  t.same(toSectorRange(514, 100, 4096), { first: 131584, last: 157183 });
});

t.test('sector sizes that do not divide a MiB are rejected', async (t) => {
  t.equal(sectorsPerMiB(4096), 256);
  t.throws(() => sectorsPerMiB(520), RangeError);
  t.throws(() => computeUsableEndMiB(MIB * 100, 0), RangeError);
});
