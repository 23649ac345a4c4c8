// Sector/MiB arithmetic of a GPT disk: where the usable area ends, MiB ↔ sector conversion.

export const MIB = 1024 * 1024;

/** Bytes of the GPT partition entry array (128 entries of 128 bytes), at each end of the disk. */
const GPT_ENTRY_ARRAY_BYTES = 128 * 128;

/** Sectors in one MiB; the logical sector size must divide 1 MiB (512 and 4096 do). */
export function sectorsPerMiB(logicalSectorSize: number): number {
  if (!Number.isInteger(logicalSectorSize) || logicalSectorSize <= 0 || MIB % logicalSectorSize !== 0) {
    throw new RangeError(`logical sector size ${logicalSectorSize} does not divide 1 MiB`);
  }
  return MIB / logicalSectorSize;
}

/**
 * The last whole MiB boundary before the backup GPT (entry array + header in the last sectors).
 * The data partition ends there, so every partition ends on a 1 MiB boundary.
 */
export function computeUsableEndMiB(sizeBytes: number, logicalSectorSize: number): number {
  sectorsPerMiB(logicalSectorSize);
  const totalSectors = Math.floor(sizeBytes / logicalSectorSize);
  const backupSectors = 1 + Math.ceil(GPT_ENTRY_ARRAY_BYTES / logicalSectorSize);
  const usableEndSector = totalSectors - backupSectors; // exclusive
  return Math.max(0, Math.floor((usableEndSector * logicalSectorSize) / MIB));
}

/** First and last (inclusive) sector of a MiB range. */
/**
 * The first usable sector of a GPT: after the protective MBR, the header and the entry array (34 for 512-byte
 * sectors, 6 for 4096): what sgdisk wrote before sfdisk replaced it (sfdisk's own default is 2048).
 */
export function firstUsableSector(logicalSectorSize: number): number {
  sectorsPerMiB(logicalSectorSize);
  return 2 + Math.ceil(GPT_ENTRY_ARRAY_BYTES / logicalSectorSize);
}

export function toSectorRange(
  startMiB: number,
  sizeMiB: number,
  logicalSectorSize: number,
): { first: number; last: number } {
  const perMiB = sectorsPerMiB(logicalSectorSize);
  return { first: startMiB * perMiB, last: (startMiB + sizeMiB) * perMiB - 1 };
}
