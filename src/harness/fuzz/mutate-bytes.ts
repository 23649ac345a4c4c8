// Byte-image inputs for fuzzing the disk inspection: what real tools wrote (sfdisk, mkfs.*), changed where the
// structures are: single bytes, integers at their extremes, zeroed or copied sectors.
import fc from 'fast-check';

export type ByteEdit =
  | { kind: 'byte'; block: number; at: number; value: number }
  | {
      kind: 'integer';
      block: number;
      at: number;
      width: 2 | 4 | 8;
      value: 'zero' | 'max' | 'high-bit' | 'one';
    }
  | { kind: 'zero'; block: number; at: number; length: number }
  | { kind: 'copy'; block: number; from: number; at: number };

/** Blocks are chosen among the image's written ones (where the structures are); offsets within a 4 KiB block. */
export const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({
    kind: fc.constant('byte' as const),
    block: fc.nat(),
    at: fc.nat({ max: 4095 }),
    value: fc.nat({ max: 255 }),
  }),
  fc.record({
    kind: fc.constant('integer' as const),
    block: fc.nat(),
    at: fc.nat({ max: 511 }).map((n) => n * 8),
    width: fc.constantFrom(2 as const, 4 as const, 8 as const),
    value: fc.constantFrom('zero' as const, 'max' as const, 'high-bit' as const, 'one' as const),
  }),
  fc.record({
    kind: fc.constant('zero' as const),
    block: fc.nat(),
    at: fc.nat({ max: 4095 }),
    length: fc.integer({ min: 1, max: 4096 }),
  }),
  fc.record({
    kind: fc.constant('copy' as const),
    block: fc.nat(),
    from: fc.nat(),
    at: fc.nat({ max: 7 }).map((n) => n * 512),
  }),
);

/** A sparse image: its size and its non-zero 4 KiB blocks by index. */
export interface SparseImage {
  name: string;
  sizeBytes: number;
  blocks: Map<number, Buffer>;
}

/** The little-endian integer of `width` bytes an edit writes. */
function integerValue(width: 2 | 4 | 8, value: 'zero' | 'max' | 'high-bit' | 'one'): bigint {
  const bits = BigInt(width * 8);
  if (value === 'zero') return 0n;
  if (value === 'one') return 1n;
  return value === 'max' ? (1n << bits) - 1n : 1n << (bits - 1n);
}

/** A copy of `image` with `edits` applied to its written blocks (block numbers wrap around the written ones). */
export function applyByteEdits(image: SparseImage, edits: readonly ByteEdit[]): SparseImage {
  const blocks = new Map([...image.blocks].map(([index, data]) => [index, Buffer.from(data)]));
  const indices = [...blocks.keys()];
  if (indices.length === 0) return { ...image, blocks };
  const pick = (n: number) => blocks.get(indices[n % indices.length] as number) as Buffer;
  for (const edit of edits) {
    const block = pick(edit.block);
    if (edit.kind === 'byte') block[edit.at] = edit.value;
    else if (edit.kind === 'zero') block.fill(0, edit.at, Math.min(4096, edit.at + edit.length));
    else if (edit.kind === 'copy') pick(edit.from).copy(block, edit.at, 0, 512);
    else {
      const value = integerValue(edit.width, edit.value);
      for (let i = 0; i < edit.width; i += 1) block[edit.at + i] = Number((value >> BigInt(8 * i)) & 0xffn);
    }
  }
  return { ...image, blocks };
}
