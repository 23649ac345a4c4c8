import t from 'tap';
import { findFirstNonZero, findNonZeroEdges, firstNonZeroIndex } from './find-non-zero-edges.ts';

const MiB = 1024 * 1024;
const withByteAt = (length: number, at: number): Buffer => {
  const bytes = Buffer.alloc(length);
  bytes[at] = 0x5a;
  return bytes;
};

t.test('firstNonZeroIndex finds the first non-zero byte at block edges and anywhere in a MiB', async (t) => {
  t.equal(firstNonZeroIndex(Buffer.alloc(MiB)), -1);
  t.equal(firstNonZeroIndex(Buffer.alloc(0)), -1);
  t.equal(firstNonZeroIndex(Buffer.alloc(10)), -1);
  for (const at of [0, 1, 4095, 4096, 4097, 8191, MiB - 16.5 * 1024, MiB - 1]) {
    t.equal(firstNonZeroIndex(withByteAt(MiB, at)), at, `a byte at ${at}`);
  }
  t.equal(firstNonZeroIndex(withByteAt(5000, 4999)), 4999, 'a short last block');
  t.equal(firstNonZeroIndex(withByteAt(3 * MiB, 2 * MiB + 7)), 2 * MiB + 7, 'longer than one chunk');
  const two = withByteAt(MiB, 9000);
  two[700_000] = 1;
  t.equal(firstNonZeroIndex(two), 9000, 'the first of two');
});

t.test('findFirstNonZero and the edge check name the offset on the disk', async (t) => {
  const size = 8 * MiB;
  const disk = Buffer.alloc(size);
  disk[size - 100] = 1;
  const read = async (offset: number, length: number) => disk.subarray(offset, offset + length);
  t.equal(await findFirstNonZero(read, 0, MiB), null);
  t.equal(await findFirstNonZero(read, size - MiB, size), size - 100);
  const evidence = await findNonZeroEdges(read, size);
  t.same(
    evidence.map((finding) => [finding.kind, finding.offset]),
    [['non-zero-tail', size - 100]],
  );
});
