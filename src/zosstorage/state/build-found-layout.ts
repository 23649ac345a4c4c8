// Turns zos-layout disks as found on disk into the Layout the report and mounting work from.
import { ZOS_PARTITIONS } from '../layout/zos-layout.ts';
import type { FoundDisk, FoundPartition } from '../safety/disk-state.ts';
import type { Device, DiskRole, Layout, ReportFilesystem, TopologyName } from '../types.ts';

export interface FoundZosDisk {
  device: Device;
  found: FoundDisk;
}

/** The data partition (8300) of a zos-layout disk. */
export function findDataPartition(disk: FoundDisk): FoundPartition | undefined {
  return disk.partitions.find((partition) => partition.typeGuid === ZOS_PARTITIONS.data.typeGuid);
}

/** The ESP (EF00) of a zos-layout disk. */
export function findEspPartition(disk: FoundDisk): FoundPartition | undefined {
  return disk.partitions.find((partition) => partition.typeGuid === ZOS_PARTITIONS.esp.typeGuid);
}

/**
 * Roles come from partition names (zoscache → cache, zosdata → backing in a cached layout, else data).
 * Filesystems: one ESP per disk in disk order, then each data filesystem in order of first
 * appearance, members cache-first like the planner; mountpoints are where they are mounted now.
 */
export function buildFoundLayout(disks: FoundZosDisk[], topology: TopologyName): Layout {
  const roleOf = (partition: FoundPartition | undefined): DiskRole => {
    if (partition?.name === ZOS_PARTITIONS.cache.name) return 'cache';
    return topology === 'bcachefs_cached' ? 'backing' : 'data';
  };
  const reportDisks = disks.map(({ device, found }) => ({
    path: device.path,
    serial: device.serial,
    wwid: device.wwid,
    sizeBytes: device.sizeBytes,
    rotational: device.rotational,
    transport: device.transport,
    role: roleOf(findDataPartition(found)),
    diskGuid: found.diskGuid,
    partitions: found.partitions.map((partition) => ({
      number: partition.number,
      name: partition.name,
      typeGuid: partition.typeGuid,
      guid: partition.guid,
      startBytes: partition.startBytes,
      sizeBytes: partition.sizeBytes,
      path: partition.path,
    })),
  }));
  const filesystems: ReportFilesystem[] = [];
  for (const { found } of disks) {
    const esp = findEspPartition(found);
    if (esp) filesystems.push(toFilesystem('vfat', [esp]));
  }
  const data = disks
    .map(({ found }) => findDataPartition(found))
    .filter((partition): partition is FoundPartition => partition !== undefined);
  const ordered = [
    ...data.filter((p) => p.name === ZOS_PARTITIONS.cache.name),
    ...data.filter((p) => p.name !== ZOS_PARTITIONS.cache.name),
  ];
  for (const uuid of new Set(data.map((partition) => partition.uuid))) {
    const members = ordered.filter((partition) => partition.uuid === uuid);
    filesystems.push(toFilesystem(members[0]?.fsType === 'bcachefs' ? 'bcachefs' : 'btrfs', members));
  }
  return { topology, disks: reportDisks, filesystems };
}

function toFilesystem(type: ReportFilesystem['type'], members: FoundPartition[]): ReportFilesystem {
  const first = members[0] as FoundPartition;
  return {
    type,
    label: first.label ?? '',
    uuid: first.uuid ?? '',
    members: members.map((partition) => partition.path),
    mountpoint: members.flatMap((partition) => partition.mountpoints)[0] ?? null,
  };
}
