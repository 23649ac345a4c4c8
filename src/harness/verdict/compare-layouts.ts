// Pure: differences in GPTs and filesystem UUIDs between two inspections (idempotency between boots).
import type { Inspection } from '../inspect/inspection-types.ts';

/** One sentence per difference; empty when disk GUIDs, partitions and filesystem UUIDs are identical. */
export function compareLayouts(before: Inspection, after: Inspection): string[] {
  const differences: string[] = [];
  for (const disk of after.disks) {
    const old = before.disks.find((d) => d.id === disk.id);
    if (!old) continue;
    if (old.gpt?.diskGuid !== disk.gpt?.diskGuid) {
      differences.push(
        `disk ${disk.id}: disk GUID changed from ${old.gpt?.diskGuid ?? 'none'} to ${disk.gpt?.diskGuid ?? 'none'}`,
      );
    }
    const describe = (p: (typeof disk.partitions)[number]): string =>
      `${p.number}:${p.name}:${p.typeGuid}:${p.guid}:${p.startBytes}+${p.sizeBytes}:${p.probe?.type ?? '-'}:${p.probe?.uuid ?? '-'}:${p.probe?.label ?? '-'}`;
    const was = old.partitions.map(describe);
    const now = disk.partitions.map(describe);
    if (was.join('\n') !== now.join('\n')) {
      differences.push(
        `disk ${disk.id}: partitions or filesystem UUIDs changed:\n    before: ${was.join('\n            ')}\n    after:  ${now.join('\n            ')}`,
      );
    }
  }
  const uuids = (i: Inspection): string =>
    i.filesystems
      .map((f) => `${f.type}:${f.uuid}`)
      .sort()
      .join(', ');
  if (uuids(before) !== uuids(after))
    differences.push(`data filesystems changed from [${uuids(before)}] to [${uuids(after)}]`);
  return differences;
}
