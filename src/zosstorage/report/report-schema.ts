// The state report's shape: the TypeScript type and the JSON Schema that ships with the tool (report_version 1).
import { TOPOLOGY_ALIASES, TOPOLOGY_NAMES, type TopologyAlias } from '../layout/topologies.ts';
import type { DiskRole, ReportStatus, TopologyName, Transport } from '../types.ts';

export const REPORT_VERSION = 1;

export interface StateReportPartition {
  number: number;
  name: string;
  type_guid: string;
  guid: string;
  start_bytes: number;
  size_bytes: number;
  path: string;
}

export interface StateReportDisk {
  path: string;
  serial: string | null;
  /** The disk's world-wide id (sysfs `wwid`); null when it has none. Absent from reports of earlier builds. */
  wwid?: string | null;
  size_bytes: number;
  rotational: boolean;
  transport: Transport;
  role: DiskRole;
  disk_guid: string;
  partitions: StateReportPartition[];
  /**
   * The byte ranges this run read and found zero before its first write (provisioning runs only): where each tool
   * writes (safety/check-planned-writes.ts). Absent on other runs and in reports of earlier builds.
   */
  checked_before_write?: { offset: number; length: number; tool: string }[];
}

export interface StateReportFilesystem {
  type: 'vfat' | 'btrfs' | 'bcachefs';
  label: string;
  uuid: string;
  members: string[];
  mountpoint: string | null;
  /** `first_mount`: a bcachefs this run formatted (`--no_initialize`) and the kernel initialised on its first mount. */
  initialized_by?: 'first_mount';
  /** Found layouts: what the filesystem's own metadata says of its members (absent for ESPs and earlier builds). */
  state?: 'complete' | 'degraded';
  /** How many members its metadata says it has. */
  devices?: number;
  /** The members missing (a degraded filesystem), as its metadata names them. */
  missing?: string[];
}

/** A disk next to a provisioned layout that is none of its members; this run left it untouched. */
export interface StateReportOtherDisk {
  path: string;
  serial: string | null;
  wwid: string | null;
  size_bytes: number;
  /** `unprovisioned`: empty; `refused`: holds data or a foreign layout. */
  state: 'unprovisioned' | 'refused';
  /** What was found on a refused disk. */
  reason: string | null;
  action: 'untouched';
}

/** What `/run/zosstorage/state.json` holds. */
export interface StateReport {
  report_version: 1;
  tool_version: string;
  /** ISO 8601 UTC time the report was built. */
  timestamp: string;
  status: ReportStatus;
  /** Set when status is `failed`, null otherwise. */
  error: { code: string; exit_code: number; message: string } | null;
  /** null when the run failed before a topology was known. */
  topology: TopologyName | null;
  /** The zos tool's name the topology was given as (`dual_independent`); null when it was ours or auto. */
  topology_alias?: TopologyAlias | null;
  disks: StateReportDisk[];
  filesystems: StateReportFilesystem[];
  /** A provisioned node's other disks (added since, or foreign): reported, never written. */
  other_disks?: StateReportOtherDisk[];
}

const GUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const TOPOLOGIES = TOPOLOGY_NAMES;
const TRANSPORTS: Transport[] = ['virtio', 'nvme', 'scsi', 'sata', 'usb', 'mmc', 'xen', 'unknown'];
const ROLES: DiskRole[] = ['data', 'cache', 'backing'];

const partitionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['number', 'name', 'type_guid', 'guid', 'start_bytes', 'size_bytes', 'path'],
  properties: {
    number: { type: 'integer', minimum: 1, maximum: 128 },
    name: { type: 'string' },
    type_guid: { type: 'string', pattern: GUID_PATTERN },
    guid: { type: 'string', pattern: GUID_PATTERN },
    start_bytes: { type: 'integer', minimum: 0 },
    size_bytes: { type: 'integer', minimum: 1 },
    path: { type: 'string', minLength: 1 },
  },
} as const;

const diskSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'serial', 'size_bytes', 'rotational', 'transport', 'role', 'disk_guid', 'partitions'],
  properties: {
    path: { type: 'string', minLength: 1 },
    serial: { type: ['string', 'null'] },
    wwid: { type: ['string', 'null'] },
    size_bytes: { type: 'integer', minimum: 0 },
    rotational: { type: 'boolean' },
    transport: { enum: TRANSPORTS },
    role: { enum: ROLES },
    disk_guid: { type: 'string', pattern: GUID_PATTERN },
    partitions: { type: 'array', items: partitionSchema },
    checked_before_write: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['offset', 'length', 'tool'],
        properties: {
          offset: { type: 'integer', minimum: 0 },
          length: { type: 'integer', minimum: 1 },
          tool: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;

const filesystemSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'label', 'uuid', 'members', 'mountpoint'],
  properties: {
    type: { enum: ['vfat', 'btrfs', 'bcachefs'] },
    label: { type: 'string' },
    uuid: { type: 'string', minLength: 1 },
    members: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    mountpoint: { type: ['string', 'null'] },
    initialized_by: { enum: ['first_mount'] },
    state: { enum: ['complete', 'degraded'] },
    devices: { type: 'integer', minimum: 1 },
    missing: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
} as const;

const otherDiskSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'serial', 'wwid', 'size_bytes', 'state', 'reason', 'action'],
  properties: {
    path: { type: 'string', minLength: 1 },
    serial: { type: ['string', 'null'] },
    wwid: { type: ['string', 'null'] },
    size_bytes: { type: 'integer', minimum: 0 },
    state: { enum: ['unprovisioned', 'refused'] },
    reason: { type: ['string', 'null'] },
    action: { const: 'untouched' },
  },
} as const;

/** JSON Schema of the state report (`zosstorage --print-schema report`). */
export const REPORT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/threefoldtech/zosstorage/schemas/report-v1.json',
  title: 'zosstorage state report',
  type: 'object',
  additionalProperties: false,
  required: [
    'report_version',
    'tool_version',
    'timestamp',
    'status',
    'error',
    'topology',
    'disks',
    'filesystems',
  ],
  properties: {
    report_version: { const: REPORT_VERSION },
    tool_version: { type: 'string', minLength: 1 },
    timestamp: { type: 'string', format: 'date-time' },
    status: { enum: ['provisioned', 'already_provisioned', 'unprovisioned', 'failed'] },
    error: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['code', 'exit_code', 'message'],
      properties: {
        code: { type: 'string', pattern: '^[A-Z_]+$' },
        exit_code: { type: 'integer', minimum: 1, maximum: 255 },
        message: { type: 'string' },
      },
    },
    topology: { enum: [...TOPOLOGIES, null] },
    topology_alias: { enum: [...Object.keys(TOPOLOGY_ALIASES), null] },
    disks: { type: 'array', items: diskSchema },
    filesystems: { type: 'array', items: filesystemSchema },
    other_disks: { type: 'array', items: otherDiskSchema },
  },
  allOf: [
    // A failed run carries its error, any other none.
    {
      if: { type: 'object', properties: { status: { const: 'failed' } } },
      then: { type: 'object', properties: { error: { type: 'object' } } },
      else: { type: 'object', properties: { error: { type: 'null' } } },
    },
    // Provisioned disks name their topology; `unprovisioned` (--report-current, --mount-existing on disks
    // without the zos layout) has none.
    {
      if: { type: 'object', properties: { status: { enum: ['provisioned', 'already_provisioned'] } } },
      then: { type: 'object', properties: { topology: { type: 'string' } } },
    },
  ],
} as const;
