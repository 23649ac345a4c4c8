// The sfdisk command that writes one disk's planned GPT in a single call: an input script with explicit sectors,
// type GUIDs, names and GUIDs.
import type { Command } from '../exec/command.ts';
import { firstUsableSector, toSectorRange } from '../plan/disk-geometry.ts';
import type { PlannedDisk } from '../types.ts';

/** Partition names the script can carry between its double quotes as they are. */
const SCRIPT_NAME = /^[A-Za-z0-9_.-]{1,36}$/;

/**
 * `sfdisk --quiet --no-reread --no-tell-kernel <disk>` with a script on stdin: a new GPT (`label: gpt`) with the
 * planned disk GUID, sgdisk's first usable sector, and one line per partition (`start=`, `size=` in logical
 * sectors, `type=`, `uuid=`, `name=`). The kernel learns of the table in the `reread` step that follows: sfdisk's
 * own telling of the kernel sleeps 250 ms, and sgdisk (the tool before it) slept a whole second per disk.
 */
export function buildPartitionCommand(disk: PlannedDisk): Command {
  const { device } = disk;
  const lines = [
    'label: gpt',
    `label-id: ${disk.diskGuid.toUpperCase()}`,
    'unit: sectors',
    `first-lba: ${firstUsableSector(device.logicalSectorSize)}`,
    '',
  ];
  // The script numbers its lines 1, 2, 3…: the plan's numbers must be that sequence.
  disk.partitions.forEach((partition, index) => {
    if (partition.number !== index + 1)
      throw new Error(`partition ${partition.path} is not number ${index + 1}`);
  });
  for (const partition of disk.partitions) {
    if (partition.sizeMiB === null) throw new Error(`partition ${partition.path} has no planned size`);
    if (!SCRIPT_NAME.test(partition.name))
      throw new Error(`partition name ${partition.name} cannot be scripted`);
    const { first, last } = toSectorRange(partition.startMiB, partition.sizeMiB, device.logicalSectorSize);
    lines.push(
      `start=${first}, size=${last - first + 1}, type=${partition.typeGuid.toUpperCase()}, ` +
        `uuid=${partition.guid.toUpperCase()}, name="${partition.name}"`,
    );
  }
  return {
    argv: ['sfdisk', '--quiet', '--no-reread', '--no-tell-kernel', device.path],
    input: `${lines.join('\n')}\n`,
    purpose: `partition ${device.path}`,
  };
}
