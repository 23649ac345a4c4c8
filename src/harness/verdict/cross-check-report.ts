// Pure: the guest's state report against the host inspection (disk GUIDs, partitions, filesystem UUIDs, labels, members).
import type { StateReport } from '../../zosstorage/report/report-schema.ts';
import type { Inspection } from '../inspect/inspection-types.ts';
import type { ScenarioDisk } from '../scenario/scenario-types.ts';

/**
 * What names each scenario disk in the guest's report, mapped to its id: `wwid <wwid>` for a disk with a
 * wwid (the namespaces of one NVMe controller share its serial), else `serial <serial>`.
 */
export function reportDiskKeys(
  disks: readonly Pick<ScenarioDisk, 'id' | 'serial' | 'wwid'>[],
): Record<string, string> {
  return Object.fromEntries(
    disks.map((d) => [d.wwid === null ? `serial ${d.serial}` : `wwid ${d.wwid}`, d.id]),
  );
}

/** `diskKeys` comes from `reportDiskKeys` (the report names disks by path, serial and wwid). */
export function crossCheckReport(
  report: StateReport,
  inspection: Inspection,
  diskKeys: Record<string, string>,
): string[] {
  const failures: string[] = [];
  const partitionAt = new Map<string, { diskId: string; number: number }>();
  for (const disk of report.disks) {
    const id =
      (disk.wwid == null ? undefined : diskKeys[`wwid ${disk.wwid}`]) ??
      (disk.serial === null ? undefined : diskKeys[`serial ${disk.serial}`]);
    const found = inspection.disks.find((d) => d.id === id);
    if (!found) {
      failures.push(
        `report disk ${disk.path} (serial ${disk.serial ?? 'none'}, wwid ${disk.wwid ?? 'none'}) matches no scenario disk`,
      );
      continue;
    }
    if (found.gpt?.diskGuid !== disk.disk_guid)
      failures.push(
        `report disk ${disk.path}: disk GUID ${disk.disk_guid}, host found ${found.gpt?.diskGuid ?? 'no GPT'}`,
      );
    for (const p of disk.partitions) {
      partitionAt.set(p.path, { diskId: found.id, number: p.number });
      const host = found.partitions.find((h) => h.number === p.number);
      if (!host) {
        failures.push(`report partition ${p.path}: host found no partition ${p.number} on ${found.id}`);
        continue;
      }
      const pairs: [string, unknown, unknown][] = [
        ['GUID', p.guid.toLowerCase(), host.guid],
        ['type GUID', p.type_guid.toLowerCase(), host.typeGuid],
        ['name', p.name, host.name],
        ['start', p.start_bytes, host.startBytes],
        ['size', p.size_bytes, host.sizeBytes],
      ];
      for (const [what, reported, seen] of pairs) {
        if (reported !== seen)
          failures.push(
            `report partition ${p.path}: ${what} ${String(reported)}, host found ${String(seen)}`,
          );
      }
    }
  }
  for (const fs of report.filesystems) {
    const members = fs.members.map((path) => partitionAt.get(path));
    if (members.some((m) => m === undefined)) {
      failures.push(
        `report filesystem ${fs.uuid}: members ${fs.members.join(', ')} are not all partitions of the reported disks`,
      );
      continue;
    }
    const probes = members.map(
      (m) =>
        inspection.disks.find((d) => d.id === m?.diskId)?.partitions.find((p) => p.number === m?.number)
          ?.probe ?? null,
    );
    probes.forEach((probe, i) => {
      const where = `report ${fs.type} ${fs.label} on ${fs.members[i]}`;
      if (!probe || probe.type !== fs.type)
        failures.push(`${where}: host found ${probe?.type ?? 'no filesystem'}`);
      else {
        if ((probe.uuid ?? '').toLowerCase() !== fs.uuid.toLowerCase())
          failures.push(`${where}: UUID ${fs.uuid}, host found ${probe.uuid ?? 'none'}`);
        if (probe.label !== fs.label)
          failures.push(`${where}: label ${fs.label}, host found ${probe.label ?? 'none'}`);
      }
    });
    if (fs.type !== 'vfat') {
      const host = inspection.filesystems.find((h) => h.uuid.toLowerCase() === fs.uuid.toLowerCase());
      if (host && host.members.length !== fs.members.length) {
        failures.push(
          `report ${fs.type} ${fs.uuid}: ${fs.members.length} members, host found ${host.members.length}`,
        );
      }
    }
  }
  return failures;
}
