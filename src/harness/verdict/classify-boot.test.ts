import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractDumps } from '../console/extract-dumps.ts';
import { extractGuestReport } from '../console/extract-guest-report.ts';
import { splitConsoleLines } from '../console/split-console-lines.ts';
import type { Inspection } from '../inspect/inspection-types.ts';
import { loadScenario } from '../scenario/load-scenario.ts';
import { SNAPSHOT_FALLBACK_LINE } from '../guest-protocol.ts';
import { compileConsolePattern } from '../scenario/console-pattern.ts';
import { classifyBoot, type BootEvidence } from './classify-boot.ts';

const ROOT = join(import.meta.dirname, '../../..');
const LOGS = join(ROOT, 'fixtures/serial-logs');
const readLines = (name: string): string[] => splitConsoleLines(readFileSync(join(LOGS, name), 'utf8'));
const readInspection = (name: string): Inspection =>
  JSON.parse(readFileSync(join(LOGS, name), 'utf8')) as Inspection;
const scenario = await loadScenario(ROOT, 'single-vda');
const [boot1, boot2] = scenario.boots;
if (!boot1 || !boot2) throw new Error('single-vda has two boots');
const EXIT_OK = (0x40 << 1) | 1;

function evidence(
  log: string,
  inspection: Inspection | null,
  previous: Inspection | null,
  over: Partial<BootEvidence> = {},
): BootEvidence {
  const lines = readLines(log);
  return {
    stoppedBy: 'guest',
    exitCode: EXIT_OK,
    event: null,
    stderr: '',
    lines,
    report: extractGuestReport(lines),
    dumps: extractDumps(lines),
    inspection,
    previousInspection: previous,
    diskKeys: { 'serial ZOS-VDA': 'vda' },
    timeoutSeconds: 360,
    ...over,
  };
}

const insp1 = readInspection('single-vda-boot1.inspection.json');
const insp2 = readInspection('single-vda-boot2.inspection.json');

t.test('recorded single-vda boots pass against the scenario', async (t) => {
  t.same(classifyBoot(boot1, evidence('single-vda-boot1-provisioned.log', insp1, null)), {
    verdict: 'passed',
    failures: [],
    missingMarkers: [],
    zosstorageExit: 0,
  });
  t.equal(
    classifyBoot(boot2, evidence('single-vda-boot2-already-provisioned.log', insp2, insp1)).verdict,
    'passed',
  );
});

t.test('a first-boot log does not pass as a second boot', async (t) => {
  const result = classifyBoot(boot2, evidence('single-vda-boot1-provisioned.log', insp1, insp1));
  t.equal(result.verdict, 'assertion_failed');
  t.ok(result.missingMarkers.includes('ZOSSTORAGE:ALREADY_PROVISIONED topology=btrfs_single'));
  t.ok(result.failures.some((f) => /report status is provisioned, expected already_provisioned/.test(f)));
  t.ok(result.failures.some((f) => /forbidden marker "ZOSSTORAGE:PARTITIONED" at console line \d+/.test(f)));
});

t.test('a changed GPT between boots fails idempotency', async (t) => {
  const changed = structuredClone(insp2);
  const data = changed.disks[0]?.partitions[2];
  if (!data?.probe) throw new Error('fixture has a data partition');
  data.probe.uuid = '00000000-0000-4000-8000-000000000000';
  const result = classifyBoot(boot2, evidence('single-vda-boot2-already-provisioned.log', changed, insp1));
  t.equal(result.verdict, 'assertion_failed');
  t.ok(result.failures.some((f) => /disk vda: partitions or filesystem UUIDs changed/.test(f)));
  t.ok(
    result.failures.some((f) => /report btrfs ZOSDATA on \/dev\/vda3: UUID .* host found 00000000/.test(f)),
    'report cross-check sees it too',
  );
});

t.test('host expectations: label, type and FAT version', async (t) => {
  const wrong = structuredClone(insp1);
  const esp = wrong.disks[0]?.partitions[1];
  if (!esp?.probe) throw new Error('fixture has an ESP');
  esp.probe.label = 'NOTZOS';
  esp.probe.version = 'FAT16';
  const result = classifyBoot(boot1, evidence('single-vda-boot1-provisioned.log', wrong, null));
  t.ok(result.failures.includes('disk vda partition 2: label NOTZOS, expected ZOSBOOT'));
  t.ok(result.failures.includes('disk vda partition 2: filesystem version FAT16, expected FAT32'));
});

t.test('crash, watchdog, timeout and QEMU failures each get their own class', async (t) => {
  const lines = ['ZOSTEST:INIT', '[ 9.1] Kernel panic - not syncing: VFS'];
  const base = evidence('single-vda-boot1-provisioned.log', null, null);
  t.equal(
    classifyBoot(boot1, {
      ...base,
      lines,
      stoppedBy: 'crash',
      event: { kind: 'crash', pattern: 'Kernel panic', line: lines[1] as string, lineNumber: 2 },
    }).verdict,
    'kernel_panic',
  );
  t.equal(
    classifyBoot(boot1, { ...base, lines: [], stoppedBy: 'init-timeout' }).verdict,
    'boot_never_started',
  );
  t.equal(
    classifyBoot(boot1, { ...base, lines: ['ZOSTEST:INIT'], stoppedBy: 'timeout' }).verdict,
    'timed_out',
  );
  t.equal(classifyBoot(boot1, { ...base, lines: [], stoppedBy: 'timeout' }).verdict, 'boot_never_started');
  t.match(classifyBoot(boot1, { ...base, lines: [], exitCode: 1, stderr: 'qemu: could not load kernel' }), {
    verdict: 'boot_never_started',
    failures: [/QEMU exited with 1 before ZOSTEST:INIT: qemu: could not load kernel/],
  });
  t.equal(classifyBoot(boot1, { ...base, lines: ['ZOSTEST:INIT'], exitCode: 0 }).verdict, 'qemu_crashed');
  t.equal(classifyBoot(boot1, { ...base, stoppedBy: 'interrupted' }).verdict, 'interrupted');
});

t.test('init failure and wrong provisioner exit code are assertion failures with reasons', async (t) => {
  const base = evidence('single-vda-boot1-provisioned.log', insp1, null);
  const initFailed = classifyBoot(boot1, {
    ...base,
    lines: ['ZOSTEST:INIT', 'ZOSTEST:INIT_FAILED stage=node message="/usr/bin/node is missing"'],
    exitCode: ((0x20 + 4) << 1) | 1,
  });
  t.equal(initFailed.verdict, 'assertion_failed');
  t.match(initFailed.failures[0], /guest init failed at stage node: ZOSTEST:INIT_FAILED/);
  const refused = classifyBoot(boot1, { ...base, exitCode: ((0x40 + 4) << 1) | 1 });
  t.ok(refused.failures.includes('zosstorage exited with 4, expected 0'));
  t.equal(refused.zosstorageExit, 4);
});

t.test('a forbidden line that stopped the run is reported once, with its line', async (t) => {
  const base = evidence('single-vda-boot1-provisioned.log', insp1, null);
  const line = 'ZOSSTORAGE:ERROR code=TOOL_FAILED';
  const result = classifyBoot(boot1, {
    ...base,
    lines: [...base.lines.slice(0, 5), line],
    stoppedBy: 'forbidden',
    event: { kind: 'forbidden', pattern: 'ZOSSTORAGE:ERROR', line, lineNumber: 6 },
  });
  t.equal(result.verdict, 'assertion_failed');
  t.equal(result.failures.filter((f) => f.includes('console line 6')).length, 1);
  t.equal(result.failures[0], `forbidden marker "ZOSSTORAGE:ERROR" at console line 6: ${line}`);
});

t.test('a recheck of a forbidden-stopped boot (no live event) still names the line', async (t) => {
  const base = evidence('single-vda-boot1-provisioned.log', insp1, null);
  const line = 'ZOSSTORAGE:ERROR code=TOOL_FAILED';
  const result = classifyBoot(boot1, {
    ...base,
    lines: [...base.lines.slice(0, 5), line],
    stoppedBy: 'forbidden',
    exitCode: null,
  });
  t.equal(result.verdict, 'assertion_failed');
  t.ok(result.failures.includes(`forbidden marker "ZOSSTORAGE:ERROR" at console line 6: ${line}`));
});

t.test('a power cut at the expected line: only the console before it and the disks count', async (t) => {
  const lines = readLines('single-vda-boot1-provisioned.log');
  const cut = lines.findIndex((line) => line.includes('ZOSSTORAGE:PARTITIONED'));
  const before = lines.slice(0, cut + 1);
  const powerOffAt = {
    source: 'ZOSSTORAGE:PARTITIONED',
    test: (line: string) => line.includes('ZOSSTORAGE:PARTITIONED'),
  };
  const expected = {
    ...boot1,
    verdict: 'powered_off' as const,
    powerOffAt,
    markers: boot1.markers.filter((m) => before.some((line) => m.test(line))),
    disks: {},
    filesystems: null,
    crossCheckReport: false,
  };
  const cutEvidence = evidence('single-vda-boot1-provisioned.log', insp1, null, {
    stoppedBy: 'power-off',
    exitCode: null,
    lines: before,
    report: extractGuestReport(before),
    dumps: {},
  });
  t.same(classifyBoot(expected, cutEvidence), {
    verdict: 'passed',
    failures: [],
    missingMarkers: [],
    zosstorageExit: null,
  });

  const ranToEnd = classifyBoot(expected, evidence('single-vda-boot1-provisioned.log', insp1, null));
  t.equal(ranToEnd.verdict, 'assertion_failed');
  t.match(ranToEnd.failures[0], /power_off_at "ZOSSTORAGE:PARTITIONED" never appeared/);

  const tooEarly = classifyBoot({ ...expected, markers: boot1.markers }, cutEvidence);
  t.equal(tooEarly.verdict, 'assertion_failed', 'markers after the cut are missing');
  t.ok(tooEarly.missingMarkers.length > 0);
});

t.test('a boot whose startup snapshot did not load fails, naming the init line', async (t) => {
  const recorded = evidence('single-vda-boot1-provisioned.log', insp1, null);
  const run = recorded.lines.findIndex((line) => line.startsWith('ZOSTEST:RUN_ZOSSTORAGE'));
  const fallback = `${SNAPSHOT_FALLBACK_LINE} /usr/lib/zosstorage/zosstorage.blob did not load (node ended with status 14); starting /usr/lib/zosstorage/zosstorage.cjs`;
  const lines = [...recorded.lines.slice(0, run + 1), fallback, ...recorded.lines.slice(run + 1)];
  const verdict = classifyBoot(boot1, { ...recorded, lines });
  t.equal(verdict.verdict, 'assertion_failed');
  t.same(verdict.failures, [
    `the provisioner's startup snapshot did not load (console line ${run + 2}: ${fallback})`,
  ]);
});

t.test('a missing marker names the console lines that come closest', async (t) => {
  const wrongPlan = {
    ...boot1,
    markers: [compileConsolePattern('ZOSSTORAGE:PLAN topology=btrfs_raid1 disks=2')],
  };
  const verdict = classifyBoot(wrongPlan, evidence('single-vda-boot1-provisioned.log', insp1, null));
  t.equal(verdict.verdict, 'assertion_failed');
  t.same(verdict.missingMarkers, ['ZOSSTORAGE:PLAN topology=btrfs_raid1 disks=2']);
  t.match(verdict.failures, [
    'missing marker (in order): ZOSSTORAGE:PLAN topology=btrfs_raid1 disks=2\n  1 ZOSSTORAGE:PLAN line(s) instead; line 9: ZOSSTORAGE:PLAN topology=btrfs_single disks=1 filesystems=2 — differs: topology=btrfs_single (want btrfs_raid1), disks=1 (want 2)',
  ]);
});
