import t from 'tap';
import { findNonZeroSample, listSampleOffsets, SAMPLE_BYTES } from './find-non-zero-samples.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

t.test(
  'sample offsets: evenly spread from the first block to the last, on MiB boundaries where they are a MiB apart',
  async (t) => {
    const size = 40 * GiB;
    const offsets = listSampleOffsets(size, 256);
    t.equal(offsets.length, 256);
    t.equal(offsets[0], 0);
    t.equal(offsets.at(-1), size - SAMPLE_BYTES, 'the last block of the disk');
    t.ok(
      offsets.slice(0, -1).every((offset) => offset % MiB === 0),
      'every sample but the last on a MiB boundary, where a partition would start',
    );
    const gaps = offsets.slice(1, -1).map((offset, i) => offset - (offsets[i] ?? 0));
    t.ok(Math.max(...gaps) - Math.min(...gaps) <= MiB, 'even spacing (within one MiB)');
    const small = listSampleOffsets(64 * MiB, 256);
    t.ok(
      small.every((offset) => offset % SAMPLE_BYTES === 0),
      'samples closer than a MiB stay block aligned',
    );
    t.equal(small.length, 256);
    t.same(listSampleOffsets(size, 0), [], '0 turns the scan off');
    t.same(listSampleOffsets(3 * SAMPLE_BYTES, 256), [0, 4096, 8192], 'a tiny disk: each block once');
  },
);

t.test('a sample with data on a MiB boundary names the format that starts there', async (t) => {
  const size = 40 * GiB;
  const at = listSampleOffsets(size, 256)[100] ?? 0;
  const read = async (offset: number, length: number) => {
    const bytes = Buffer.alloc(length);
    // an XFS superblock: where a removed partition started
    if (offset === at) bytes.write('XFSB', 0, 'latin1');
    return bytes;
  };
  const found = await findNonZeroSample(read, size, 256);
  t.equal(found?.kind, 'xfs');
  t.equal(found?.containerStart, at);
  t.match(
    found?.description,
    /^XFS primary superblock at offset \d+ .*found by the emptiness scan \(sample 101 of 256\)/,
  );
});

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
