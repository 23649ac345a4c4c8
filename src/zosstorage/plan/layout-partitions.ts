// The GPT partition table of one disk (SPEC 1.4): optional BIOS boot, ESP, data — all on 1 MiB boundaries.
import { partitionPath } from '../discover/partition-path.ts';
import { ZosError } from '../errors/zos-error.ts';
import type { Config, Device, DiskRole, PlannedPartition } from '../types.ts';
import { computeUsableEndMiB } from './disk-geometry.ts';
import { FIRST_PARTITION_MIB, ZOS_PARTITIONS } from '../layout/zos-layout.ts';

/** The data partition must leave room for a filesystem (btrfs needs ~114 MiB, bcachefs similar). */
export const MIN_DATA_PARTITION_MIB = 256;

export { FIRST_PARTITION_MIB };

export interface LayoutPartitionsInput {
  device: Device;
  role: DiskRole;
  boot: Config['boot'];
  newGuid: () => string;
}

/**
 * Partitions numbered consecutively: with BIOS boot 1 = EF02, 2 = ESP, 3 = data; without it
 * 1 = ESP, 2 = data. The data partition runs to the last whole MiB before the backup GPT.
 */
export function layoutPartitions({ device, role, boot, newGuid }: LayoutPartitionsInput): PlannedPartition[] {
  const endMiB = computeUsableEndMiB(device.sizeBytes, device.logicalSectorSize);
  const bootMiB = (boot.bios_boot.enabled ? boot.bios_boot.size_mib : 0) + boot.esp.size_mib;
  const dataMiB = endMiB - FIRST_PARTITION_MIB - bootMiB;
  if (dataMiB < MIN_DATA_PARTITION_MIB) {
    const sizeMiB = Math.floor(device.sizeBytes / 2 ** 20);
    throw new ZosError(
      'CONFIG_INVALID',
      `disk ${device.path} (${sizeMiB} MiB) is too small for the zos layout: it needs ` +
        `${FIRST_PARTITION_MIB + bootMiB + MIN_DATA_PARTITION_MIB + 1} MiB (${bootMiB} MiB boot partitions, ` +
        `at least ${MIN_DATA_PARTITION_MIB} MiB data, 1 MiB at each end for the GPT); ` +
        'use a larger disk or exclude it with device_selection',
      { details: { device: device.path, sizeBytes: device.sizeBytes } },
    );
  }

  const specs: Omit<PlannedPartition, 'number' | 'guid' | 'startMiB' | 'path'>[] = [];
  const spec = (
    { name, typeCode, typeGuid }: (typeof ZOS_PARTITIONS)[keyof typeof ZOS_PARTITIONS],
    sizeMiB: number,
  ) => ({
    name,
    typeCode,
    typeGuid,
    sizeMiB,
  });
  if (boot.bios_boot.enabled) specs.push(spec(ZOS_PARTITIONS.biosBoot, boot.bios_boot.size_mib));
  specs.push(spec(ZOS_PARTITIONS.esp, boot.esp.size_mib));
  specs.push(spec(role === 'cache' ? ZOS_PARTITIONS.cache : ZOS_PARTITIONS.data, dataMiB));

  let startMiB = FIRST_PARTITION_MIB;
  return specs.map(({ name, typeCode, typeGuid, sizeMiB }, index) => {
    const number = index + 1;
    const partition: PlannedPartition = {
      number,
      name,
      typeCode,
      typeGuid,
      guid: newGuid().toLowerCase(),
      startMiB,
      sizeMiB,
      path: partitionPath(device.path, number),
    };
    startMiB += sizeMiB ?? 0;
    return partition;
  });
}
