// The zos layout, defined once (SPEC 1.4): the planner writes it, the safety check and the state
// classification recognise it. Idempotency depends on writer and readers agreeing, so both derive from here.
import { GPT_TYPE_GUIDS } from '../../shared/gpt/gpt-type-guids.ts';

/** GPT partitions in on-disk order; the BIOS boot partition is optional (boot.bios_boot.enabled). */
export const ZOS_PARTITIONS = {
  biosBoot: { role: 'BIOS boot', name: 'zosboot', typeCode: 'EF02', typeGuid: GPT_TYPE_GUIDS.EF02 },
  esp: { role: 'ESP', name: 'zosboot', typeCode: 'EF00', typeGuid: GPT_TYPE_GUIDS.EF00 },
  data: { role: 'data', name: 'zosdata', typeCode: '8300', typeGuid: GPT_TYPE_GUIDS['8300'] },
  /** The data partition of a cache disk in a cached layout: same type, its own name. */
  cache: { role: 'data', name: 'zoscache', typeCode: '8300', typeGuid: GPT_TYPE_GUIDS['8300'] },
} as const;

/** Filesystem labels. */
export const ZOS_LABELS = { esp: 'ZOSBOOT', data: 'ZOSDATA', cache: 'ZOSCACHE' } as const;

/** The ESP's filesystem and the data filesystems the layout may carry. */
export const ZOS_ESP_FS_TYPE = 'vfat';
export const ZOS_DATA_FS_TYPES: readonly string[] = ['btrfs', 'bcachefs'];

/** The first partition starts at 1 MiB (the primary GPT lives below it). */
export const FIRST_PARTITION_MIB = 1;

/** Every kind of zos partition, in the order they sit on disk (BIOS boot, ESP, data). */
export const ZOS_PARTITION_ORDER = [
  ZOS_PARTITIONS.biosBoot,
  ZOS_PARTITIONS.esp,
  ZOS_PARTITIONS.data,
] as const;

/** The names a data partition may carry. */
export const ZOS_DATA_NAMES: readonly string[] = [ZOS_PARTITIONS.data.name, ZOS_PARTITIONS.cache.name];
