// Pure: where a scenario run's artifacts go. Boot 1 uses the plain names; later boots add `.bootN`.
import { join } from 'node:path';

export function buildArtifactPaths(runDir: string, boot: number) {
  const suffix = boot === 1 ? '' : `.boot${boot}`;
  return {
    serialLog: join(runDir, `serial${suffix}.log`),
    /** The console of start `attempt` (1, 2) that ended before the guest's init (the boot was started again). */
    serialLogFailedStart: (attempt: number) =>
      join(runDir, `serial${suffix}.start-failure${attempt === 1 ? '' : attempt}.log`),
    /** `<ms after QEMU started>\t<line>` for every console line, as the host received it (the report's timeline). */
    consoleTimes: join(runDir, `serial${suffix}.times.tsv`),
    qemuCmdline: join(runDir, `qemu-cmdline${suffix}.txt`),
    report: join(runDir, `report${suffix}.json`),
    inspection: join(runDir, `inspection${suffix}.json`),
    inspectWork: join(runDir, `inspect${suffix}`),
  };
}

export function buildRunPaths(runDir: string) {
  return {
    verdict: join(runDir, 'verdict.json'),
    disks: join(runDir, 'disks'),
    initrd: join(runDir, 'initrd.img'),
    /** The host inspection of the disks as the scenario created them, before boot 1 (the report's "before"). */
    inspectionBefore: join(runDir, 'inspection.before.json'),
    blkdebug: (diskId: string) => join(runDir, 'disks', `${diskId}.blkdebug.conf`),
    snapshot: (diskId: string, boot: number) => join(runDir, 'disks', `${diskId}.before-boot${boot}.qcow2`),
  };
}
