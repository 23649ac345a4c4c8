// Pure: a boot's per-disk and filesystem expectations against the host inspection.
import type { DiskExpectation, FilesystemExpectation } from '../scenario/scenario-types.ts';
import type { DiskInspection, FilesystemInspection, Inspection } from '../inspect/inspection-types.ts';

const MiB = 1024 * 1024;

/** Every failed expectation as a sentence. */
export function checkDisks(
  expectations: Record<string, DiskExpectation>,
  filesystems: FilesystemExpectation[] | null,
  inspection: Inspection,
): string[] {
  const failures: string[] = [];
  for (const [id, expected] of Object.entries(expectations)) {
    const disk = inspection.disks.find((d) => d.id === id);
    if (!disk) {
      failures.push(`disk ${id}: not inspected`);
      continue;
    }
    if (expected.unchanged) {
      const result = inspection.unchanged[id];
      if (!result) failures.push(`disk ${id}: expected unchanged but no comparison was made`);
      else if (!result.identical)
        failures.push(
          `disk ${id}: expected byte-for-byte unchanged, but it changed (${result.difference ?? 'content differs'})`,
        );
    }
    failures.push(...checkPartitions(disk, expected));
  }
  if (filesystems) failures.push(...checkFilesystems(filesystems, inspection));
  return failures;
}

function checkPartitions(disk: DiskInspection, expected: DiskExpectation): string[] {
  const failures: string[] = [];
  const at = `disk ${disk.id}`;
  if (expected.gptValid) {
    if (!disk.gpt) failures.push(`${at}: no GPT found`);
    else if (disk.gpt.problems.length > 0)
      failures.push(`${at}: GPT is not healthy: ${disk.gpt.problems.join('; ')}`);
  }
  if (expected.alignedMiB) {
    for (const p of disk.partitions) {
      if (p.startBytes % MiB !== 0 || p.sizeBytes % MiB !== 0) {
        failures.push(
          `${at} partition ${p.number}: not 1 MiB aligned (start ${p.startBytes}, size ${p.sizeBytes} bytes)`,
        );
      }
    }
  }
  if (!expected.partitions) return failures;
  if (disk.partitions.length !== expected.partitions.length) {
    failures.push(
      `${at}: expected ${expected.partitions.length} partitions, found ${disk.partitions.length}`,
    );
  }
  expected.partitions.forEach((want, i) => {
    const found = disk.partitions[i];
    const where = `${at} partition ${i + 1}`;
    if (!found) return;
    if (found.number !== i + 1) failures.push(`${where}: found as entry ${found.number} instead`);
    if (want.name !== null && found.name !== want.name)
      failures.push(`${where}: name "${found.name}", expected "${want.name}"`);
    if (want.typeGuid !== null && found.typeGuid !== want.typeGuid)
      failures.push(`${where}: type ${found.typeGuid}, expected ${want.typeGuid}`);
    if (want.sizeMiB !== null && found.sizeBytes !== want.sizeMiB * MiB) {
      failures.push(`${where}: size ${found.sizeBytes / MiB} MiB, expected ${want.sizeMiB} MiB`);
    }
    const fsType = found.probe?.type ?? 'none';
    if (want.fs !== null && fsType !== want.fs)
      failures.push(`${where}: filesystem ${fsType}, expected ${want.fs}`);
    if (want.fsVersion !== null && found.probe?.version !== want.fsVersion) {
      failures.push(
        `${where}: filesystem version ${found.probe?.version ?? 'none'}, expected ${want.fsVersion}`,
      );
    }
    if (want.label !== null && found.probe?.label !== want.label) {
      failures.push(`${where}: label ${found.probe?.label ?? 'none'}, expected ${want.label}`);
    }
    if (found.check && !found.check.ok && found.check.skipped === null) {
      failures.push(`${where}: ${found.check.tool} reports problems:\n${found.check.output}`);
    }
  });
  return failures;
}

function describeFilesystem(fs: FilesystemInspection): string {
  return `${fs.type} ${fs.label ?? '(no label)'} ${fs.uuid} on ${fs.members.map((m) => `${m.diskId}p${m.partition}`).join('+')}`;
}

/** Matches expected data filesystems one to one with those found (greedy in order) and compares their fields. */
function checkFilesystems(expected: FilesystemExpectation[], inspection: Inspection): string[] {
  const failures: string[] = [];
  const unmatched = [...inspection.filesystems];
  if (unmatched.length !== expected.length) {
    failures.push(
      `expected ${expected.length} data filesystem(s), found ${unmatched.length}: ${unmatched.map(describeFilesystem).join('; ') || 'none'}`,
    );
  }
  for (const want of expected) {
    const candidates = unmatched.filter(
      (fs) =>
        fs.type === want.type &&
        fs.label === want.label &&
        (want.disks === null || want.disks.every((id) => fs.members.some((m) => m.diskId === id))),
    );
    const found = candidates[0];
    if (!found) {
      failures.push(
        `no ${want.type} filesystem labelled ${want.label}${want.disks ? ` on ${want.disks.join(', ')}` : ''} was found`,
      );
      continue;
    }
    unmatched.splice(unmatched.indexOf(found), 1);
    const at = describeFilesystem(found);
    if (want.devices !== null) {
      if (found.members.length !== want.devices)
        failures.push(`${at}: ${found.members.length} member partitions found, expected ${want.devices}`);
      if (found.numDevices !== null && found.numDevices !== want.devices)
        failures.push(`${at}: superblock says ${found.numDevices} devices, expected ${want.devices}`);
    }
    // A value the inspection could not read fails with the note that says why, never as a silent "unknown".
    const why = inspection.notes.filter((note) => note.includes(found.uuid));
    const compare = (what: string, actual: string | number | null, wanted: string | number | null): void => {
      if (wanted === null || String(actual) === String(wanted)) return;
      failures.push(
        actual === null
          ? `${at}: ${what} could not be read, expected ${wanted}${why.length > 0 ? `: ${why.join('; ')}` : ' (the inspection left no note: a harness bug)'}`
          : `${at}: ${what} is ${actual}, expected ${wanted}`,
      );
    };
    compare('data profile', found.dataProfile, want.dataProfile);
    compare('metadata profile', found.metadataProfile, want.metadataProfile);
    compare('data replicas', found.dataReplicas, want.replicas);
    compare('foreground target', found.targets.foreground, want.foregroundTarget);
    compare('background target', found.targets.background, want.backgroundTarget);
    compare('promote target', found.targets.promote, want.promoteTarget);
    if (found.initialized === false)
      failures.push(
        `${at}: never mounted: formatted with --no_initialize but the provisioner did not initialise it with a first mount`,
      );
    if (found.check && !found.check.ok && found.check.skipped === null)
      failures.push(`${at}: ${found.check.tool} reports problems:\n${found.check.output}`);
  }
  return failures;
}
