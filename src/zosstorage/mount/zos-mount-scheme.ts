// The zos node's mount scheme (mount.scheme: zos), as the zos tool's own zosstorage does it: each data
// filesystem at its root under /var/mounts/<UUID>, and one of them carrying the subvolumes system, etc, modules
// and vm-meta, each mounted at /var/cache/<name>. The ESPs are never mounted.
import { basename } from 'node:path';
import { compareDeviceNames } from '../discover/compare-device-names.ts';

export const ZOS_MOUNT_ROOT = '/var/mounts';
export const ZOS_SUBVOLUME_ROOT = '/var/cache';
export const ZOS_SUBVOLUMES = ['system', 'etc', 'modules', 'vm-meta'] as const;

/** Options of a subvolume mount besides the subvolume itself. */
export const ZOS_SUBVOLUME_OPTIONS = ['noatime'];

/**
 * Which data filesystem carries the subvolumes when there are several (btrfs_independent): the one whose first
 * member comes first in device order (vda before vdb, nvme0n1 before nvme1n1), the disk order the planner uses.
 * For the same disks it is the same filesystem on every boot and on every re-provisioning, which an order by
 * UUID (new on each format) or by size (a tie on equal disks) would not give.
 */
export function chooseSubvolumeCarrier<T extends { uuid: string; members: readonly string[] }>(
  dataFilesystems: readonly T[],
): T | null {
  const firstMember = (fs: T): string => fs.members.map((m) => basename(m)).sort(compareDeviceNames)[0] ?? '';
  return [...dataFilesystems].sort((a, b) => compareDeviceNames(firstMember(a), firstMember(b)))[0] ?? null;
}
