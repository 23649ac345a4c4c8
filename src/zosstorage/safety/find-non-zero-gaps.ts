// On a zos-layout disk, the unused gaps inside the edge MiBs (between GPT structures and partitions) must be zeros.
import type { Gpt } from '../../shared/gpt/parse-gpt.ts';
import type { Evidence } from './disk-state.ts';
import { findFirstNonZero } from './find-non-zero-edges.ts';
import { formatOffset } from './format-offset.ts';
import type { ByteReader } from './open-device-reader.ts';

const EDGE = 1024 * 1024;

/**
 * Checks [end of the primary entry array, first partition) and [last partition end, backup entry
 * array) within the first and last MiB. The MBR boot code (bytes 0–445) is not checked: a BIOS
 * bootloader installed later writes there, and that must not turn a provisioned disk into a refusal.
 */
export async function findNonZeroGaps(read: ByteReader, gpt: Gpt, sizeBytes: number): Promise<Evidence[]> {
  const starts = gpt.partitions.map((partition) => partition.startBytes);
  const ends = gpt.partitions.map((partition) => partition.startBytes + partition.sizeBytes);
  const gaps: { where: string; start: number; end: number }[] = [];
  if (gpt.primary !== null) {
    const start = gpt.primary.entriesLba * gpt.sectorSize + gpt.primary.entryCount * gpt.primary.entrySize;
    gaps.push({ where: 'between the GPT and the first partition', start, end: Math.min(EDGE, ...starts) });
  }
  if (gpt.backup !== null) {
    const end = gpt.backup.entriesLba * gpt.sectorSize;
    const start = Math.max(sizeBytes - EDGE, ...ends);
    gaps.push({ where: 'between the last partition and the backup GPT', start, end });
  }
  const evidence: Evidence[] = [];
  for (const gap of gaps) {
    if (gap.end <= gap.start) continue;
    const offset = await findFirstNonZero(read, gap.start, gap.end);
    if (offset !== null) {
      evidence.push({
        kind: 'zos-gap-not-zero',
        description: `non-zero bytes at offset ${formatOffset(offset)} ${gap.where} (expected zeros)`,
        offset,
      });
    }
  }
  return evidence;
}
