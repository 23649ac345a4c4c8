// Pure: a data filesystem in words for the report: its members with their roles, profiles and targets.
import type { DiskInspection, FilesystemInspection } from '../inspect/inspection-types.ts';

export interface MemberRole {
  member: string;
  /** `cache`, `backing`, `replica`, `member`. */
  role: string;
}

/** Each member as `vda p3 "zoscache"` with its role: cache/backing when the targets split devices, else replica. */
export function describeMembers(fs: FilesystemInspection, disks: readonly DiskInspection[]): MemberRole[] {
  const tiered = fs.targets.background !== null && fs.targets.foreground !== fs.targets.background;
  return fs.members.map((m) => {
    const name =
      disks.find((d) => d.id === m.diskId)?.partitions.find((p) => p.number === m.partition)?.name ?? '';
    const member = `${m.diskId} p${m.partition}${name ? ` "${name}"` : ''}`;
    if (tiered)
      return {
        member,
        role: /cache/i.test(name) ? `cache (${fs.targets.foreground})` : `backing (${fs.targets.background})`,
      };
    const replicas = fs.dataReplicas ?? 1;
    return {
      member,
      role:
        fs.members.length > 1 && (replicas > 1 || /raid1/.test(fs.dataProfile ?? '')) ? 'replica' : 'member',
    };
  });
}

/** `raid1 data / raid1 metadata`, `2 replicas`, `foreground ssd, background hdd, promote ssd`. */
export function describeRedundancy(fs: FilesystemInspection): string {
  const parts: string[] = [];
  if (fs.dataProfile || fs.metadataProfile)
    parts.push(`data ${fs.dataProfile ?? '?'}, metadata ${fs.metadataProfile ?? '?'}`);
  if (fs.dataReplicas !== null || fs.metadataReplicas !== null)
    parts.push(`replicas data ${fs.dataReplicas ?? '?'}, metadata ${fs.metadataReplicas ?? '?'}`);
  const targets = Object.entries(fs.targets).filter(([, v]) => v !== null);
  if (targets.length > 0) parts.push(targets.map(([k, v]) => `${k} ${v}`).join(', '));
  return parts.join(' · ') || '—';
}

/** Whether a disk's layout is the same before and after (disk GUID, partitions' GUIDs, extents, filesystem UUIDs). */
export function isSameLayout(before: DiskInspection, after: DiskInspection): boolean {
  const key = (d: DiskInspection): string =>
    JSON.stringify([
      d.gpt?.diskGuid ?? null,
      d.partitions.map((p) => [
        p.number,
        p.guid,
        p.startBytes,
        p.sizeBytes,
        p.probe?.type ?? null,
        p.probe?.uuid ?? null,
      ]),
      d.wholeDiskProbe?.type ?? null,
      d.wholeDiskProbe?.uuid ?? null,
    ]);
  return key(before) === key(after);
}
