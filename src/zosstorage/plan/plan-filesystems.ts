// The filesystems of a topology: one vfat ESP per disk, then the ZOSDATA filesystem(s) with their mkfs options.
import { ZOS_LABELS } from '../layout/zos-layout.ts';
import type {
  BcachefsOptions,
  BtrfsOptions,
  Config,
  PlannedDisk,
  PlannedFilesystem,
  PlannedPartition,
  TopologyName,
} from '../types.ts';

/** bcachefs disk groups: cache devices are `ssd.ssdN`, backing devices `hdd.hddN` (upstream naming). */
export const BCACHEFS_CACHE_GROUP = 'ssd';
export const BCACHEFS_BACKING_GROUP = 'hdd';

function findPartition(disk: PlannedDisk, typeCode: PlannedPartition['typeCode']): PlannedPartition {
  const partition = disk.partitions.find((candidate) => candidate.typeCode === typeCode);
  if (partition === undefined)
    throw new Error(`planned disk ${disk.device.path} has no ${typeCode} partition`);
  return partition;
}

/** A vfat volume id (the GUID's last 8 hex digits) and the UUID blkid shows for it (`ABCD-1234`). */
export function deriveVfatId(guid: string): { volumeId: string; uuid: string } {
  const volumeId = guid.replace(/-/g, '').slice(-8).toUpperCase();
  if (!/^[0-9A-F]{8}$/.test(volumeId)) throw new Error(`cannot derive a vfat volume id from "${guid}"`);
  return { volumeId, uuid: `${volumeId.slice(0, 4)}-${volumeId.slice(4)}` };
}

function planEsp(disk: PlannedDisk, newGuid: () => string): PlannedFilesystem {
  const { volumeId, uuid } = deriveVfatId(newGuid());
  return {
    kind: 'vfat',
    label: ZOS_LABELS.esp,
    uuid,
    members: [findPartition(disk, 'EF00').path],
    options: { volume_id: volumeId },
    mountpoint: null,
  };
}

function planBtrfs(
  members: string[],
  raid: boolean,
  config: Config,
  newGuid: () => string,
): PlannedFilesystem {
  const btrfs = config.filesystem.btrfs;
  const options: BtrfsOptions = {
    ...(raid ? { data_profile: btrfs.data_profile, metadata_profile: btrfs.metadata_profile } : {}),
    ...(btrfs.compression === null ? {} : { compression: btrfs.compression }),
    mkfs_extra_args: [...btrfs.mkfs_extra_args],
  };
  return {
    kind: 'btrfs',
    label: ZOS_LABELS.data,
    uuid: newGuid().toLowerCase(),
    members,
    options,
    mountpoint: null,
  };
}

function planBcachefs(
  topology: 'bcachefs_single' | 'bcachefs_raid1' | 'bcachefs_cached',
  disks: readonly PlannedDisk[],
  config: Config,
  newGuid: () => string,
): PlannedFilesystem {
  const bcachefs = config.filesystem.bcachefs;
  const options: Omit<BcachefsOptions, 'mkfs_extra_args'> = {};
  let ordered = [...disks];
  if (topology === 'bcachefs_raid1') options.replicas = bcachefs.replicas;
  if (topology === 'bcachefs_cached') {
    const cache = disks.filter((disk) => disk.role === 'cache');
    const backing = disks.filter((disk) => disk.role === 'backing');
    ordered = [...cache, ...backing];
    options.replicas = backing.length >= 2 ? bcachefs.replicas : 1;
    options.device_labels = [
      ...cache.map((_, index) => `${BCACHEFS_CACHE_GROUP}.${BCACHEFS_CACHE_GROUP}${index + 1}`),
      ...backing.map((_, index) => `${BCACHEFS_BACKING_GROUP}.${BCACHEFS_BACKING_GROUP}${index + 1}`),
    ];
    options.foreground_target = BCACHEFS_CACHE_GROUP;
    options.promote_target = BCACHEFS_CACHE_GROUP;
    options.background_target = BCACHEFS_BACKING_GROUP;
  }
  if (bcachefs.compression !== null) options.compression = bcachefs.compression;
  return {
    kind: 'bcachefs',
    label: ZOS_LABELS.data,
    uuid: newGuid().toLowerCase(),
    members: ordered.map((disk) => findPartition(disk, '8300').path),
    options: { ...options, mkfs_extra_args: [...bcachefs.mkfs_extra_args] },
    mountpoint: null,
  };
}

/**
 * ESPs first (one per disk, in disk order), then the data filesystems. Options are what mkfs and
 * mount need: `volume_id`; btrfs `data_profile`/`metadata_profile` (raid1 only), `compression` (a mount
 * option); bcachefs `replicas`, `compression`, `device_labels` (one per member, in member order) and
 * the `foreground_target`/`promote_target`/`background_target` groups; `mkfs_extra_args`.
 * Mountpoints are left null (see assignMountpoints).
 */
export function planFilesystems(
  topology: TopologyName,
  disks: readonly PlannedDisk[],
  config: Config,
  newGuid: () => string,
): PlannedFilesystem[] {
  const esps = disks.map((disk) => planEsp(disk, newGuid));
  const dataPaths = disks.map((disk) => findPartition(disk, '8300').path);
  switch (topology) {
    case 'btrfs_single':
    case 'btrfs_independent':
      return [...esps, ...dataPaths.map((path) => planBtrfs([path], false, config, newGuid))];
    case 'btrfs_raid1':
      return [...esps, planBtrfs(dataPaths, true, config, newGuid)];
    case 'bcachefs_single':
    case 'bcachefs_raid1':
    case 'bcachefs_cached':
      return [...esps, planBcachefs(topology, disks, config, newGuid)];
  }
}
