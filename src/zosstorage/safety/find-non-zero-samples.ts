// The sampled emptiness scan (safety.scan_samples): small reads spread evenly over the whole disk, so a
// disk that was only quick-wiped (first MiB zeroed, data further in) is not taken for an empty one.
import type { Evidence } from './disk-state.ts';
import { firstNonZeroIndex } from './find-non-zero-edges.ts';
import { formatOffset } from './format-offset.ts';
import type { ByteReader } from './open-device-reader.ts';
import { matchHead } from './find-former-partitions.ts';

/** Bytes read per sample: one 4 KiB block. */
export const SAMPLE_BYTES = 4096;
/** Samples read concurrently. */
const SAMPLES_IN_FLIGHT = 16;

const MiB = 1024 * 1024;

/**
 * The sample offsets: `count` points from the first block to the last, evenly spread. Where they are 1 MiB or more
 * apart, each one sits on a MiB boundary (the last block aside), where partitions start: a sample there also reads
 * the first 4 KiB of a removed partition, and names its format when it has data (find-former-partitions.ts).
 */
export function listSampleOffsets(sizeBytes: number, count: number): number[] {
  const blocks = Math.floor(sizeBytes / SAMPLE_BYTES);
  if (count <= 0 || blocks === 0) return [];
  if (count === 1 || blocks === 1) return [0];
  const last = (blocks - 1) * SAMPLE_BYTES;
  const align = last / (count - 1) >= MiB ? MiB : SAMPLE_BYTES;
  const offsets = new Set<number>();
  for (let index = 0; index < count - 1; index += 1) {
    offsets.add(Math.round((index * last) / (count - 1) / align) * align);
  }
  offsets.add(last);
  return [...offsets];
}

/** The first sample that holds a non-zero byte, as evidence that names its offset and the fix; else null. */
export async function findNonZeroSample(
  read: ByteReader,
  sizeBytes: number,
  count: number,
): Promise<Evidence | null> {
  const offsets = listSampleOffsets(sizeBytes, count);
  const zeros = Buffer.alloc(SAMPLE_BYTES);
  // A few reads in flight at once (the disk queues them); the first sample with data, in order, is named.
  for (let start = 0; start < offsets.length; start += SAMPLES_IN_FLIGHT) {
    const batch = offsets.slice(start, start + SAMPLES_IN_FLIGHT);
    const batchBytes = await Promise.all(batch.map((offset) => read(offset, SAMPLE_BYTES)));
    const hit = batchBytes.findIndex((bytes) => !bytes.equals(zeros.subarray(0, bytes.length)));
    if (hit === -1) continue;
    const bytes = batchBytes[hit] ?? Buffer.alloc(0);
    const sampleOffset = batch[hit] ?? 0;
    const at = sampleOffset + firstNonZeroIndex(bytes);
    const why = `found by the emptiness scan (sample ${start + hit + 1} of ${offsets.length}), where a partition would start`;
    const named =
      sampleOffset % MiB === 0
        ? matchHead(bytes, { offset: sampleOffset, sizeBytes: null, why, depth: 'head' }, sizeBytes)
        : [];
    if (named[0] !== undefined) return named[0];
    return {
      kind: 'non-zero-sample',
      description:
        `data at offset ${formatOffset(at)} found by the emptiness scan (sample ${start + hit + 1} of ${offsets.length}; ` +
        'no known format recognised, but the disk is not blank)',
      offset: at,
    };
  }
  return null;
}
