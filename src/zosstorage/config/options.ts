// The one option table: it drives the config JSON Schema, the defaults, the CLI flags, the kernel
// command line names (`zosstorage.<name>`), the `--help` text and the option list of docs/provisioner.md.
import { TOPOLOGY_ALIASES, TOPOLOGY_MODE_INPUTS, TOPOLOGY_MODES } from '../layout/topologies.ts';
import type { ConfigPath, ConfigValue, CoversEveryPath } from './config-paths.ts';

/** A JSON Schema fragment for one value. */
export type JsonSchema = Record<string, unknown>;

/** A setting of the config file; `name` (if any) also makes it a CLI flag and a kernel cmdline override. */
export interface SettingOption {
  /** Dotted path in the config file (`topology.mode`). */
  path: string;
  schema: JsonSchema;
  default: unknown;
  description: string;
  /** Override name: CLI `--log-level`, kernel cmdline `zosstorage.log_level`. */
  name?: string;
  /** Placeholder in `--help` for a valued flag (`<mode>`); booleans get `--x`/`--no-x`. */
  valueName?: string;
}

/** A setting whose path is a leaf of `Config` and whose default has that leaf's type. */
type TypedSetting = {
  [P in ConfigPath]: Omit<SettingOption, 'path' | 'default'> & { path: P; default: ConfigValue<P> };
}[ConfigPath];

/** A run option that is not part of the config file. */
export interface RunOption {
  /** CLI flag without dashes (`sysfs-root`). */
  flag: string;
  /** Mirrored on the kernel command line as `zosstorage.<cmdline>` when set. */
  cmdline?: string;
  /** Placeholder for a valued flag (`<dir>`); absent for a switch. */
  valueName?: string;
  /** Default value for valued flags. */
  default?: string;
  description: string;
}

/** What the tool does instead of provisioning. */
export interface ActionOption {
  flags: string;
  description: string;
}

const PROFILES = ['raid1', 'raid1c3', 'raid10', 'single', 'dup'];
const ABSOLUTE_PATH = { type: 'string', pattern: '^/', minLength: 1 };
const NAME_GLOB = { type: 'string', minLength: 1, pattern: '^[^/\\s]+$' };
const MKFS_ARGS = { type: 'array', items: { type: 'string', minLength: 1 } };

export { TOPOLOGY_MODES };

const SETTING_TABLE = [
  {
    path: 'device_selection.include_patterns',
    schema: { type: 'array', minItems: 1, uniqueItems: true, items: NAME_GLOB },
    default: ['sd*', 'nvme*n*', 'vd*', 'xvd*'],
    description:
      "kernel names to consider (shell globs on /sys/block names); SD cards and eMMC (mmcblk*) only when named here: they are often a server's boot medium",
  },
  {
    path: 'device_selection.exclude_patterns',
    schema: { type: 'array', uniqueItems: true, items: NAME_GLOB },
    default: [],
    description: 'kernel names to drop (pseudo and stacked devices are always dropped)',
  },
  {
    path: 'device_selection.allow_removable',
    schema: { type: 'boolean' },
    default: false,
    description: 'also use removable media (USB sticks, card readers)',
    name: 'allow_removable',
  },
  {
    path: 'device_selection.min_size_gib',
    schema: { type: 'integer', minimum: 1, maximum: 1048576 },
    default: 10,
    description: 'ignore disks smaller than this (GiB)',
    name: 'min_size_gib',
    valueName: '<gib>',
  },
  {
    path: 'safety.require_zeroed_edges',
    schema: { type: 'boolean' },
    default: true,
    description: 'refuse a disk unless its first and last MiB read as zeros',
    name: 'require_zeroed_edges',
  },
  {
    path: 'safety.scan_samples',
    schema: { type: 'integer', minimum: 0, maximum: 65536 },
    default: 256,
    description:
      'emptiness scan: 4 KiB reads spread evenly over a disk that shows no signature; any data refuses it (0 turns the scan off)',
    name: 'scan_samples',
    valueName: '<n>',
  },
  {
    path: 'safety.former_partitions',
    schema: { type: 'boolean' },
    default: true,
    description:
      'on a disk without a partition table, look for what removed partitions left: the old entries, and filesystems where partitions start (38 reads a disk; off saves them on slow disks)',
    name: 'former_partitions',
  },
  {
    path: 'topology.mode',
    schema: { enum: [...TOPOLOGY_MODE_INPUTS] },
    default: 'auto',
    description: `disk layout: ${TOPOLOGY_MODES.join(', ')}; the zos tool's names are aliases (${Object.entries(
      TOPOLOGY_ALIASES,
    )
      .map(([alias, name]) => `${alias} = ${name}`)
      .join(', ')}); kernel cmdline also zosstorage.topo=`,
    name: 'topology',
    valueName: '<mode>',
  },
  {
    path: 'topology.roles.cache',
    schema: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 } },
    default: [],
    description: 'cache devices for bcachefs_cached, by device path (/dev/vdb), serial or wwid',
  },
  {
    path: 'topology.roles.backing',
    schema: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 } },
    default: [],
    description: 'backing devices for bcachefs_cached, by device path, serial or wwid',
  },
  {
    path: 'boot.bios_boot.enabled',
    schema: { type: 'boolean' },
    default: true,
    description: 'create partition 1 as BIOS boot (EF02); when false the ESP becomes partition 1',
  },
  {
    path: 'boot.bios_boot.size_mib',
    schema: { type: 'integer', minimum: 1, maximum: 64 },
    default: 1,
    description: 'BIOS boot partition size (MiB)',
  },
  {
    path: 'boot.esp.size_mib',
    schema: { type: 'integer', minimum: 64, maximum: 4096 },
    default: 512,
    description: 'EFI system partition size (MiB), FAT32 labelled ZOSBOOT',
  },
  {
    path: 'filesystem.btrfs.compression',
    schema: { type: ['string', 'null'], pattern: '^(zlib|lzo|zstd)(:[0-9]{1,2})?$' },
    default: 'zstd:1',
    description: 'btrfs `compress=` mount option (zlib, lzo, zstd[:level]); null for none',
  },
  {
    path: 'filesystem.btrfs.data_profile',
    schema: { enum: PROFILES },
    default: 'raid1',
    description: 'data profile of btrfs_raid1',
  },
  {
    path: 'filesystem.btrfs.metadata_profile',
    schema: { enum: PROFILES },
    default: 'raid1',
    description: 'metadata profile of btrfs_raid1',
  },
  {
    path: 'filesystem.btrfs.mkfs_extra_args',
    schema: MKFS_ARGS,
    default: [],
    description: 'extra `mkfs.btrfs` arguments (not -L/-U/-d/-m/-f: the tool sets those)',
  },
  {
    path: 'filesystem.bcachefs.compression',
    schema: { type: ['string', 'null'], pattern: '^(lz4|gzip|zstd)(:[0-9]{1,2})?$' },
    default: null,
    description: '`bcachefs format --compression` (lz4, gzip, zstd[:level]); null for none',
  },
  {
    path: 'filesystem.bcachefs.replicas',
    schema: { type: 'integer', minimum: 1, maximum: 4 },
    default: 2,
    description: 'replicas for bcachefs_raid1 and for bcachefs_cached with 2+ backing devices',
  },
  {
    path: 'filesystem.bcachefs.mkfs_extra_args',
    schema: MKFS_ARGS,
    default: [],
    description: 'extra `bcachefs format` arguments (not --label/--uuid/--replicas/targets)',
  },
  {
    path: 'mount.enabled',
    schema: { type: 'boolean' },
    default: true,
    description: 'mount the data filesystems after provisioning (and when already provisioned)',
    name: 'mount',
  },
  {
    path: 'mount.scheme',
    schema: { enum: ['per_uuid', 'explicit', 'zos'] },
    default: 'per_uuid',
    description:
      'per_uuid mounts at base_dir/UUID; explicit uses mount.paths in filesystem order; zos mounts at /var/mounts/UUID (btrfs subvolid=5) with the subvolumes system, etc, modules and vm-meta at /var/cache/<name>, on the data filesystem of the first disk',
  },
  {
    path: 'mount.base_dir',
    schema: ABSOLUTE_PATH,
    default: '/var/cache',
    description: 'parent folder of per_uuid mountpoints',
  },
  {
    path: 'mount.paths',
    schema: { type: 'array', uniqueItems: true, items: ABSOLUTE_PATH },
    default: [],
    description: 'explicit mountpoints, one per data filesystem (scheme explicit only)',
  },
  {
    path: 'mount.subvolumes',
    schema: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z0-9._@-]+$' } },
    default: [],
    description:
      'btrfs subvolumes to create on each data filesystem (btrfs topologies, schemes per_uuid and explicit)',
  },
  {
    path: 'mount.options',
    schema: { type: 'array', items: { type: 'string', pattern: '^[^,\\s]+$' } },
    default: [],
    description: 'extra mount options for the data filesystems',
  },
  {
    path: 'fstab.enabled',
    schema: { type: 'boolean' },
    default: false,
    description: 'write fstab entries by UUID (needs mount.enabled)',
    name: 'fstab',
  },
  {
    path: 'fstab.path',
    schema: ABSOLUTE_PATH,
    default: '/etc/fstab',
    description: 'fstab file to update',
  },
  {
    path: 'report.path',
    schema: ABSOLUTE_PATH,
    default: '/run/zosstorage/state.json',
    description: 'where the JSON state report is written',
    name: 'report_path',
    valueName: '<path>',
  },
  {
    path: 'logging.level',
    schema: { enum: ['error', 'warn', 'info', 'debug'] },
    default: 'info',
    description: 'log level: error | warn | info | debug',
    name: 'log_level',
    valueName: '<level>',
  },
  {
    path: 'logging.format',
    schema: { enum: ['text', 'json'] },
    default: 'text',
    description: 'log format on stderr: text | json (JSON lines)',
    name: 'log_format',
    valueName: '<format>',
  },
  {
    path: 'logging.file',
    schema: { type: ['string', 'null'], pattern: '^/' },
    default: null,
    description: 'also append logs to this file',
    name: 'log_file',
    valueName: '<path>',
  },
] satisfies TypedSetting[];

/** Compile-time check: a Config leaf without a row in the table is a type error naming it. */
const EVERY_CONFIG_PATH_HAS_A_SETTING: CoversEveryPath<(typeof SETTING_TABLE)[number]['path']> = true;
void EVERY_CONFIG_PATH_HAS_A_SETTING;

/** Every setting of the config file, in documentation order (paths and defaults checked against `Config`). */
export const SETTINGS: SettingOption[] = SETTING_TABLE;

export const RUN_OPTIONS: RunOption[] = [
  {
    flag: 'config',
    cmdline: 'config',
    valueName: '<path>',
    default: '/etc/zosstorage/config.yaml',
    description: 'config file (a missing default file means built-in defaults)',
  },
  { flag: 'sysfs-root', valueName: '<dir>', default: '/sys', description: 'sysfs to discover disks in' },
  { flag: 'dev-root', valueName: '<dir>', default: '/dev', description: 'folder holding the device nodes' },
  {
    flag: 'cmdline-file',
    valueName: '<path>',
    default: '/proc/cmdline',
    description: 'kernel command line to read zosstorage.* overrides from',
  },
  { flag: 'mounts-file', valueName: '<path>', default: '/proc/self/mounts', description: 'mount table' },
  {
    flag: 'root',
    valueName: '<dir>',
    default: '/',
    description: 'prefix for mountpoints, fstab and report paths (host dry runs)',
  },
];

export const ACTIONS: ActionOption[] = [
  { flags: '--plan', description: 'discover, inspect and plan; print the plan as JSON; write nothing' },
  { flags: '--validate', description: 'check the configuration and exit (0 valid, 2 invalid)' },
  {
    flags: '--mount-existing',
    description:
      'mount the data filesystems of disks provisioned before (and write fstab if enabled); never partitions, formats or creates a subvolume (also zosstorage.mount_existing=1)',
  },
  {
    flags: '--report-current',
    description:
      'print the state report of the disks as they are (JSON on stdout); mounts and writes nothing (also zosstorage.report_current=1)',
  },
  { flags: '--print-schema [which]', description: 'print the JSON Schema of `config` (default) or `report`' },
  { flags: '--force', description: 'wipe non-empty disks: not implemented, exits 6 before anything else' },
  { flags: '-V, --version', description: 'print the version' },
  { flags: '-h, --help', description: 'print this help' },
];

/** The CLI flag of an override name (`log_level` → `log-level`). */
export function toFlagName(name: string): string {
  return name.replace(/_/g, '-');
}

/** The settings that can be overridden from the CLI and the kernel command line. */
export function listOverridableSettings(): (SettingOption & { name: string })[] {
  return SETTINGS.filter(
    (setting): setting is SettingOption & { name: string } => setting.name !== undefined,
  );
}
