// Finds partition-table signatures by reading the disk: MBR boot signature, MBR entries, GPT headers.
import type { Evidence } from './disk-state.ts';
import { formatOffset } from './format-offset.ts';
import type { ByteReader } from './open-device-reader.ts';

const GPT_SIGNATURE = 'EFI PART';

/**
 * Looks for an MBR (0x55AA at 510, then its four entries), a primary GPT header at LBA 1 and a
 * backup GPT header at the last LBA, for the disk's logical sector size and for 512 and 4096
 * (a table written with another sector size still means the disk is in use).
 */
export async function probePartitionTables(
  read: ByteReader,
  sizeBytes: number,
  logicalSectorSize: number,
): Promise<Evidence[]> {
  const evidence: Evidence[] = [...(await probeMbr(read))];
  const sectorSizes = [...new Set([logicalSectorSize, 512, 4096])];
  for (const sectorSize of sectorSizes) {
    if (sizeBytes < sectorSize * 3) continue;
    const lastLba = Math.floor(sizeBytes / sectorSize) - 1;
    const locations = [
      { kind: 'gpt-primary', label: 'primary', lba: 1 },
      { kind: 'gpt-backup', label: 'backup', lba: lastLba },
    ];
    for (const { kind, label, lba } of locations) {
      const offset = lba * sectorSize;
      const bytes = await read(offset, GPT_SIGNATURE.length);
      if (bytes.toString('latin1') === GPT_SIGNATURE) {
        evidence.push({
          kind,
          format: 'GPT',
          copy: `${label} header`,
          description: `${label} GPT header "EFI PART" at offset ${formatOffset(offset)} (LBA ${lba}, ${sectorSize}-byte sectors)`,
          offset,
        });
      }
    }
  }
  return evidence;
}

async function probeMbr(read: ByteReader): Promise<Evidence[]> {
  const sector = await read(0, 512);
  if (sector.length < 512 || sector[510] !== 0x55 || sector[511] !== 0xaa) return [];
  const evidence: Evidence[] = [
    {
      kind: 'mbr',
      format: 'MBR',
      copy: 'boot signature',
      description: `MBR boot signature 0x55AA at offset ${formatOffset(510)}`,
      offset: 510,
    },
  ];
  for (let index = 0; index < 4; index += 1) {
    const entry = 446 + index * 16;
    const type = sector[entry + 4] as number;
    if (type === 0) continue;
    const hex = `0x${type.toString(16).padStart(2, '0').toUpperCase()}`;
    evidence.push(
      type === 0xee
        ? {
            kind: 'protective-mbr',
            format: 'GPT',
            copy: 'protective MBR',
            description: `protective MBR (partition type 0xEE) at offset ${formatOffset(entry)}`,
            offset: entry,
          }
        : {
            kind: 'mbr-partition',
            format: 'MBR',
            copy: `partition entry ${index + 1}`,
            description: `MBR partition ${index + 1} of type ${hex} at offset ${formatOffset(entry)}`,
            offset: entry,
          },
    );
  }
  return evidence;
}
