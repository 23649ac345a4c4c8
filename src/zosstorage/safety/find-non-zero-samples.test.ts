import t from 'tap';
import { findNonZeroSample, listSampleOffsets, SAMPLE_BYTES } from './find-non-zero-samples.ts';

const GiB = 1024 ** 3;

t.test(
  'sample offsets: evenly spread 4 KiB blocks from the first to the last, none past the end',
  async (t) => {
    const size = 40 * GiB;
    const offsets = listSampleOffsets(size, 256);
    t.equal(offsets.length, 256);
    t.equal(offsets[0], 0);
    t.equal(offsets.at(-1), size - SAMPLE_BYTES, 'the last block of the disk');
    t.ok(
      offsets.every((offset) => offset % SAMPLE_BYTES === 0),
      'block aligned',
    );
    const gaps = offsets.slice(1).map((offset, i) => offset - (offsets[i] ?? 0));
    t.ok(Math.max(...gaps) - Math.min(...gaps) <= SAMPLE_BYTES, 'even spacing (within one block)');
    t.same(listSampleOffsets(size, 0), [], '0 turns the scan off');
    t.same(listSampleOffsets(3 * SAMPLE_BYTES, 256), [0, 4096, 8192], 'a tiny disk: each block once');
  },
);

t.test('the first non-zero sample names its exact offset; an all-zero disk has none', async (t) => {
  const size = 1 * GiB;
  const dataAt = listSampleOffsets(size, 40)[5] ?? 0;
  const reads: number[] = [];
  const read = async (offset: number, length: number) => {
    reads.push(offset);
    const bytes = Buffer.alloc(length);
    if (offset === dataAt) bytes[100] = 7;
    return bytes;
  };
  const found = await findNonZeroSample(read, size, 40);
  t.equal(found?.offset, dataAt + 100);
  t.match(found?.description, /emptiness scan \(sample 6 of 40;/);
  t.equal(reads.length, 16, 'stops after the batch (16 in flight) holding the first sample with data');
  t.equal(await findNonZeroSample(async (_o, l) => Buffer.alloc(l), size, 16), null);
});
