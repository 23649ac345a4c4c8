// Turns a plan into report terms (Layout): what the disks will carry once the plan is applied.
import type { Layout, Plan, PlannedFilesystem, ReportFilesystem } from '../types.ts';
import { MIB } from './disk-geometry.ts';

/** A planned filesystem as the report (and the mount/fstab modules) describe it. */
export function describeFilesystem(filesystem: PlannedFilesystem): ReportFilesystem {
  return {
    type: filesystem.kind,
    label: filesystem.label,
    uuid: filesystem.uuid,
    members: [...filesystem.members],
    mountpoint: filesystem.mountpoint,
    // Formatted with --no_initialize; the apply step's first mount has the kernel initialise it.
    ...(filesystem.kind === 'bcachefs' ? { initializedBy: 'first_mount' as const } : {}),
  };
}

export function describePlan(plan: Plan): Layout {
  return {
    topology: plan.topology,
    disks: plan.disks.map((disk) => ({
      path: disk.device.path,
      serial: disk.device.serial,
      wwid: disk.device.wwid,
      sizeBytes: disk.device.sizeBytes,
      rotational: disk.device.rotational,
      transport: disk.device.transport,
      role: disk.role,
      diskGuid: disk.diskGuid,
      partitions: disk.partitions.map((partition) => ({
        number: partition.number,
        name: partition.name,
        typeGuid: partition.typeGuid,
        guid: partition.guid,
        startBytes: partition.startMiB * MIB,
        sizeBytes: (partition.sizeMiB ?? 0) * MIB,
        path: partition.path,
      })),
    })),
    filesystems: plan.filesystems.map(describeFilesystem),
  };
}
