// The zos data filesystems as their own metadata describes them (pure): which members each has, which are
// present, which are missing, and whether what is present is the whole filesystem, enough of it, or too little.
import type { FoundPartition } from '../safety/disk-state.ts';
import type { KnownMember } from '../safety/read-filesystem-members.ts';
import type { FoundZosDisk } from './build-found-layout.ts';
import { findDataPartition } from './build-found-layout.ts';

/** `complete`: every member present; `degraded`: some missing, within what it can lose; `unusable`: more missing. */
export type FilesystemState = 'complete' | 'degraded' | 'unusable';

export interface PresentMember {
  diskPath: string;
  partition: FoundPartition;
  /** btrfs devid or bcachefs member index. */
  memberId: number;
}

export interface ZosFilesystem {
  uuid: string;
  type: 'btrfs' | 'bcachefs';
  /** The members its metadata says it has. */
  devices: number;
  present: PresentMember[];
  /** The missing members the metadata names (btrfs names those of its system chunk; bcachefs all of them). */
  missing: KnownMember[];
  /** How many are missing, named or not. */
  missingCount: number;
  /** How many it can lose and keep every block. */
  tolerance: number;
  state: FilesystemState;
}

/** Groups the data partitions of zos disks by filesystem UUID; partitions without membership count as complete. */
export function groupFilesystems(disks: readonly FoundZosDisk[]): ZosFilesystem[] {
  const byUuid = new Map<string, { type: 'btrfs' | 'bcachefs'; members: PresentMember[] }>();
  for (const { device, found } of disks) {
    const partition = findDataPartition(found);
    if (partition === undefined || partition.uuid === null) continue;
    if (partition.fsType !== 'btrfs' && partition.fsType !== 'bcachefs') continue;
    const entry = byUuid.get(partition.uuid) ?? { type: partition.fsType, members: [] };
    // A member whose metadata could not be read still counts once (a unique id no metadata uses).
    const memberId = partition.membership?.self ?? -(entry.members.length + 1);
    entry.members.push({ diskPath: device.path, partition, memberId });
    byUuid.set(partition.uuid, entry);
  }
  return [...byUuid.entries()].map(([uuid, { type, members }]) => {
    const memberships = members.flatMap(({ partition }) =>
      partition.membership ? [partition.membership] : [],
    );
    // Every member's metadata counts the devices the same way; the largest count is the safe reading.
    const devices = Math.max(members.length, ...memberships.map((membership) => membership.devices));
    const tolerance = Math.min(...memberships.map((membership) => membership.tolerance), devices - 1);
    const presentIds = new Set(members.map((member) => member.memberId));
    const known = new Map<number, KnownMember>();
    for (const membership of memberships) for (const member of membership.known) known.set(member.id, member);
    const missing = [...known.values()]
      .filter((member) => !presentIds.has(member.id))
      .sort((a, b) => a.id - b.id);
    const missingCount = Math.max(devices - presentIds.size, missing.length);
    const state: FilesystemState =
      missingCount === 0 ? 'complete' : missingCount <= Math.max(tolerance, 0) ? 'degraded' : 'unusable';
    return {
      uuid,
      type,
      devices,
      present: members,
      missing,
      missingCount,
      tolerance: Math.max(tolerance, 0),
      state,
    };
  });
}

/** `devid 2 (UUID …)`, `member 1 (UUID …)`: a missing member as the metadata names it. */
function describeMember(type: ZosFilesystem['type'], member: KnownMember): string {
  return `${type === 'btrfs' ? 'devid' : 'member'} ${member.id}${member.uuid ? ` (UUID ${member.uuid})` : ''}`;
}

/** Every missing member, named where the metadata names it. */
export function describeMissing(filesystem: ZosFilesystem): string {
  const named = filesystem.missing.map((member) => describeMember(filesystem.type, member));
  const unnamed = filesystem.missingCount - named.length;
  return [...named, ...(unnamed > 0 ? [`${unnamed} more the metadata read does not name`] : [])].join(', ');
}
