// Builds the state report from a layout and the run's outcome (pure).
import type { ZosError } from '../errors/zos-error.ts';
import type { TopologyAlias } from '../layout/topologies.ts';
import type { PlannedWrite } from '../commands/list-planned-writes.ts';
import type { Layout, ReportStatus } from '../types.ts';
import { REPORT_VERSION, type StateReport } from './report-schema.ts';

export interface BuildReportInput {
  toolVersion: string;
  now: Date;
  status: ReportStatus;
  /** What the disks carry; null when a failed run got no further than a layout. */
  layout: Layout | null;
  /** Required when status is `failed`. */
  error?: ZosError;
  /** The zos tool's topology name the run was given (resolveConfig), recorded beside our name. */
  topologyAlias?: TopologyAlias | null;
  /** The ranges a provisioning run read before its first write (commands/list-planned-writes.ts). */
  checkedWrites?: readonly PlannedWrite[];
}

/** Converts the pipeline's camelCase layout into the report's snake_case JSON shape. */
export function buildReport({
  toolVersion,
  now,
  status,
  layout,
  error,
  topologyAlias = null,
  checkedWrites,
}: BuildReportInput): StateReport {
  if ((status === 'failed') !== (error !== undefined)) {
    throw new Error('buildReport: an error is given exactly when the status is "failed"');
  }
  return {
    report_version: REPORT_VERSION,
    tool_version: toolVersion,
    timestamp: now.toISOString(),
    status,
    error:
      error === undefined ? null : { code: error.code, exit_code: error.exitCode, message: error.message },
    topology: layout?.topology ?? null,
    topology_alias: topologyAlias,
    disks: (layout?.disks ?? []).map((disk) => ({
      path: disk.path,
      serial: disk.serial,
      wwid: disk.wwid,
      size_bytes: disk.sizeBytes,
      rotational: disk.rotational,
      transport: disk.transport,
      role: disk.role,
      disk_guid: disk.diskGuid.toLowerCase(),
      partitions: disk.partitions.map((partition) => ({
        number: partition.number,
        name: partition.name,
        type_guid: partition.typeGuid.toLowerCase(),
        guid: partition.guid.toLowerCase(),
        start_bytes: partition.startBytes,
        size_bytes: partition.sizeBytes,
        path: partition.path,
      })),
      ...(checkedWrites === undefined
        ? {}
        : {
            checked_before_write: checkedWrites
              .filter((write) => write.disk === disk.path)
              .map(({ offset, length, tool }) => ({ offset, length, tool })),
          }),
    })),
    filesystems: (layout?.filesystems ?? []).map((filesystem) => ({
      type: filesystem.type,
      label: filesystem.label,
      uuid: filesystem.uuid,
      members: [...filesystem.members],
      mountpoint: filesystem.mountpoint,
      ...(filesystem.initializedBy ? { initialized_by: filesystem.initializedBy } : {}),
      ...(filesystem.state === undefined ? {} : { state: filesystem.state }),
      ...(filesystem.devices === undefined ? {} : { devices: filesystem.devices }),
      ...(filesystem.missing === undefined ? {} : { missing: [...filesystem.missing] }),
    })),
    ...(layout?.otherDisks === undefined
      ? {}
      : {
          other_disks: layout.otherDisks.map((disk) => ({
            path: disk.path,
            serial: disk.serial,
            wwid: disk.wwid,
            size_bytes: disk.sizeBytes,
            state: disk.state,
            reason: disk.reason,
            action: 'untouched' as const,
          })),
        }),
  };
}
