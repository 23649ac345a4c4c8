// Which byte ranges of a qcow2 disk hold data (qemu-img map), and which of them a boot added: the clusters it wrote.
import { execHostTool } from '../exec/exec-host-tool.ts';

export interface ByteRange {
  offset: number;
  length: number;
}

/** The guest-visible ranges of `image` that hold data (allocated clusters, written zeros included). */
export async function execMapDataRanges(image: string): Promise<ByteRange[]> {
  const { stdout } = await execHostTool(
    ['qemu-img', 'map', '--output=json', '-f', 'qcow2', image],
    `map the allocated clusters of ${image}`,
  );
  const entries = JSON.parse(stdout) as { start: number; length: number; data: boolean }[];
  return entries
    .filter((entry) => entry.data)
    .map((entry) => ({ offset: entry.start, length: entry.length }));
}

/** The parts of `ranges` that none of `covered` covers (both lists in any order), sorted. */
export function subtractRanges(ranges: readonly ByteRange[], covered: readonly ByteRange[]): ByteRange[] {
  const cuts = [...covered].sort((a, b) => a.offset - b.offset);
  const left: ByteRange[] = [];
  for (const range of [...ranges].sort((a, b) => a.offset - b.offset)) {
    let at = range.offset;
    const end = range.offset + range.length;
    for (const cut of cuts) {
      const cutEnd = cut.offset + cut.length;
      if (cutEnd <= at || cut.offset >= end) continue;
      if (cut.offset > at) left.push({ offset: at, length: cut.offset - at });
      at = Math.max(at, cutEnd);
      if (at >= end) break;
    }
    if (at < end) left.push({ offset: at, length: end - at });
  }
  return left;
}
