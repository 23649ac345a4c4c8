import t from 'tap';
import { listCopyCandidates, readCoalesced } from './probe-superblocks.ts';

const GiB = 1024 ** 3;

t.test(
  'coalesced reads return exactly what one read per candidate would, in fewer bounded reads',
  async (t) => {
    const size = 40 * GiB;
    // Every byte's value is a function of its offset, so a misplaced slice shows.
    const byteAt = (offset: number) => (offset * 2654435761) >>> 24;
    const reads: { offset: number; length: number }[] = [];
    const read = async (offset: number, length: number) => {
      reads.push({ offset, length });
      return Buffer.from(
        Array.from({ length: Math.max(0, Math.min(length, size - offset)) }, (_, i) => byteAt(offset + i)),
      );
    };
    const ranges = listCopyCandidates(size).map(({ base, candidate }) => ({
      offset: base.offset + candidate.offset,
      length: candidate.length,
    }));
    const results = await readCoalesced(read, ranges);
    t.equal(results.length, ranges.length);
    const wrong = ranges.filter((range, i) => {
      const bytes = results[i];
      return !bytes || bytes.length !== range.length || bytes.some((b, j) => b !== byteAt(range.offset + j));
    });
    t.same(wrong, [], 'every candidate got its own bytes');
    t.ok(reads.length < ranges.length / 2, `${reads.length} reads for ${ranges.length} candidates`);
    t.ok(Math.max(...reads.map((r) => r.length)) <= 2 * 1024 * 1024, 'no read larger than 2 MiB');
  },
);
