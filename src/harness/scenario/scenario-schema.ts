// JSON Schema of a scenario file as written in TOML (before defaults, size parsing and cross-checks).
import { ERROR_CODES } from '../../zosstorage/errors/zos-error.ts';
import { TOPOLOGY_NAMES } from '../../zosstorage/layout/topologies.ts';
import { DISK_BUSES } from '../qemu/disk-buses.ts';
import { SIZE_FORMS } from './parse-size.ts';

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;
// `40G`, `512MiB`, `1.5T`, bytes, `83886203s` (512-byte sectors), or a sum: `40G+123s` (parse-size.ts reads it and
// says what to write instead of a size it cannot read).
const size = { type: ['integer', 'string'], fix: `write ${SIZE_FORMS}` } as const;
const NAME_FORM =
  'a lower-case letter, then up to 15 lower-case letters, digits, "_" or "-" (e.g. "vdb", "hdd-2")';
const name = {
  type: 'string',
  pattern: '^[a-z][a-z0-9_-]{0,15}$',
  fix: `write ${NAME_FORM}`,
} as const;

const preseedStep = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: {
      enum: [
        'gpt',
        'mbr',
        'ext4',
        'btrfs-superblock-only',
        'backup-gpt-only',
        'random',
        'zero',
        'zos-partial',
        'swap',
        'xfs',
        'ntfs',
        'luks2',
        'bcachefs',
        'lvm2-pv',
        'md-1.2',
        'md-1.0',
        'ext4-first-mib-zeroed',
        'image',
        'command',
      ],
    },
    offset: size,
    bytes: { type: 'integer', minimum: 1, maximum: 16 * 1024 * 1024 },
    seed: { type: 'integer', minimum: 0 },
    // kind = "image": a raw or qcow2 file (optionally .gz, .xz or .zst), relative to the repository.
    path: { type: 'string', minLength: 1 },
    format: { enum: ['raw', 'qcow2'] },
    // kind = "command": a host command run against the scratch raw file, named {path} in the argv.
    argv: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
  },
} as const;

const blkdebugRule = {
  type: 'object',
  additionalProperties: false,
  properties: {
    event: {
      type: 'string',
      pattern: '^[a-z_0-9]+$',
      fix: 'write a blkdebug event name: write_aio, read_aio, pwritev, flush_to_disk, …',
    },
    errno: { type: 'integer', minimum: 1, maximum: 133 },
    sector: { type: 'integer', minimum: 0 },
    once: { type: 'boolean' },
  },
} as const;

const disk = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'bus', 'size'],
  properties: {
    id: name,
    bus: { enum: [...DISK_BUSES] },
    // Disks of one controller bus naming the same controller share one instance of it (default: one per bus).
    controller: name,
    logical_block_size: { enum: [512, 4096] },
    physical_block_size: { enum: [512, 4096] },
    size,
    serial: {
      type: 'string',
      pattern: '^[A-Za-z0-9_.-]{1,20}$',
      fix: 'write 1 to 20 letters, digits, "_", "." or "-" (e.g. "ZOS-VDB")',
    },
    nvme_controller: name,
    rotation_rate: { type: 'integer', minimum: 0, maximum: 65535 },
    removable: { type: 'boolean' },
    preseed: { type: 'array', items: preseedStep },
    blkdebug: { anyOf: [blkdebugRule, { type: 'array', minItems: 1, items: blkdebugRule }] },
  },
} as const;

const partition = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    type: { type: 'string', minLength: 1 },
    size_mib: { type: 'integer', minimum: 1 },
    fs: { enum: ['vfat', 'btrfs', 'bcachefs', 'none'] },
    fs_version: { type: 'string' },
    label: { type: 'string' },
  },
} as const;

const diskExpectation = {
  type: 'object',
  additionalProperties: false,
  properties: {
    unchanged: { type: 'boolean' },
    partitions: { type: 'array', items: partition },
    aligned_mib: { type: 'boolean' },
    gpt_valid: { type: 'boolean' },
    // What the guest's report says of this disk (matched by serial): its device path and transport.
    device: {
      type: 'string',
      pattern: '^/dev/[a-z0-9]+$',
      fix: 'write the device path the guest shows (e.g. "/dev/vdb", "/dev/nvme0n1")',
    },
    transport: { enum: ['virtio', 'nvme', 'scsi', 'sata', 'usb', 'mmc', 'xen', 'unknown'] },
    rotational: { type: 'boolean' },
  },
} as const;

const filesystem = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'label'],
  properties: {
    type: { enum: ['btrfs', 'bcachefs'] },
    label: { type: 'string', minLength: 1 },
    devices: { type: 'integer', minimum: 1 },
    disks: stringList,
    data_profile: { type: 'string' },
    metadata_profile: { type: 'string' },
    replicas: { type: 'integer', minimum: 1 },
    foreground_target: { type: 'string' },
    background_target: { type: 'string' },
    promote_target: { type: 'string' },
  },
} as const;

const boot = {
  type: 'object',
  additionalProperties: false,
  required: ['verdict'],
  properties: {
    verdict: { enum: ['provisioned', 'already_provisioned', 'refused', 'powered_off'] },
    power_off_at: { type: 'string', minLength: 1 },
    exit_code: { type: 'integer', minimum: 0, maximum: 63 },
    error_code: { enum: [...ERROR_CODES] },
    topology: { enum: [...TOPOLOGY_NAMES] },
    kernel_args: stringList,
    markers: stringList,
    forbidden: stringList,
    dumps: { type: 'object', additionalProperties: stringList },
    disks: { type: 'object', additionalProperties: diskExpectation },
    filesystems: { type: 'array', items: filesystem },
    same_layout_as_previous_boot: { type: 'boolean' },
    cross_check_report: { type: 'boolean' },
    // Pre-seed steps applied to a disk's image before this boot (a host command between boots: `sgdisk --zap-all`).
    before: { type: 'object', additionalProperties: { type: 'array', minItems: 1, items: preseedStep } },
    // Every cluster this boot wrote lies in the ranges the guest's report says it read before writing.
    writes_checked: { type: 'boolean' },
    // The disks this boot attaches, in this order (default: every disk, in scenario order): a disk added to a
    // node, a member missing, a member replaced, two disks swapped. A disk not attached keeps its content.
    attach: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
  },
} as const;

export const SCENARIO_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['disks', 'boots'],
  properties: {
    description: { type: 'string' },
    timeout_seconds: { type: 'integer', minimum: 10, maximum: 7200 },
    init_timeout_seconds: { type: 'integer', minimum: 5, maximum: 600 },
    memory_mib: { type: 'integer', minimum: 256, maximum: 16384 },
    kernel_args: stringList,
    dump: {
      type: 'array',
      items: {
        type: 'string',
        pattern: '^/[^,\\s]*$',
        fix: 'write absolute guest paths without commas or spaces (e.g. "/proc/mounts")',
      },
    },
    config: {
      type: ['string', 'object'],
      minLength: 1,
      fix: 'write a config file path relative to the clone ("fixtures/configs/valid/minimal.yaml") or an inline table',
    },
    config_path: {
      type: 'string',
      pattern: '^/[^"\\n\\t]*[^/"\\n\\t ]$',
      fix: 'write an absolute guest file path (e.g. "/etc/zosstorage/config.yaml")',
    },
    disks: { type: 'array', minItems: 1, maxItems: 16, items: disk },
    boots: { type: 'array', minItems: 1, maxItems: 3, items: boot },
  },
} as const;
