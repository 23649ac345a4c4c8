// The sgdisk argv that writes one disk's planned GPT in a single call (explicit sectors, names, GUIDs).
import type { Command } from '../exec/command.ts';
import { sectorsPerMiB, toSectorRange } from '../plan/disk-geometry.ts';
import type { PlannedDisk } from '../types.ts';

/**
 * `sgdisk --clear --set-alignment=<1 MiB in sectors> --disk-guid=<g>` then, per partition,
 * `--new=N:first:last --typecode=N:XXXX --change-name=N:name --partition-guid=N:<g>`, then the disk.
 * sgdisk processes the options in order; `--clear` starts from an empty GPT with a protective MBR.
 */
export function buildPartitionCommand(disk: PlannedDisk): Command {
  const { device } = disk;
  const argv = ['sgdisk', '--clear', `--set-alignment=${sectorsPerMiB(device.logicalSectorSize)}`];
  argv.push(`--disk-guid=${disk.diskGuid}`);
  for (const partition of disk.partitions) {
    if (partition.sizeMiB === null) throw new Error(`partition ${partition.path} has no planned size`);
    const { first, last } = toSectorRange(partition.startMiB, partition.sizeMiB, device.logicalSectorSize);
    const n = partition.number;
    argv.push(
      `--new=${n}:${first}:${last}`,
      `--typecode=${n}:${partition.typeCode}`,
      `--change-name=${n}:${partition.name}`,
      `--partition-guid=${n}:${partition.guid}`,
    );
  }
  argv.push(device.path);
  return { argv, purpose: `partition ${device.path}` };
}
