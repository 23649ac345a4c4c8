// Pure: one boot's verdict from what happened (QEMU outcome, console, report, dumps, inspection) and what was expected.
import { decodeQemuExit, INIT_MARKERS, SNAPSHOT_FALLBACK_LINE } from '../guest-protocol.ts';
import type { GuestReportExtraction } from '../console/extract-guest-report.ts';
import { describeMissingMarker } from '../console/describe-missing-marker.ts';
import { matchMarkers } from '../console/match-markers.ts';
import type { ConsoleEvent } from '../console/console-monitor.ts';
import type { Inspection } from '../inspect/inspection-types.ts';
import type { QemuStop } from '../qemu/launch-qemu.ts';
import type { BootExpectation } from '../scenario/scenario-types.ts';
import { validateReport } from '../../zosstorage/report/validate-report.ts';
import type { StateReport } from '../../zosstorage/report/report-schema.ts';
import { checkDisks } from './check-disks.ts';
import { checkWrittenRanges } from './check-written-ranges.ts';
import { compareLayouts } from './compare-layouts.ts';
import { crossCheckReport } from './cross-check-report.ts';
import type { VerdictClass } from './verdict-classes.ts';

export interface BootEvidence {
  stoppedBy: QemuStop;
  exitCode: number | null;
  event: ConsoleEvent | null;
  stderr: string;
  lines: string[];
  report: GuestReportExtraction;
  dumps: Record<string, string>;
  /** Null when the boot did not get far enough to inspect. */
  inspection: Inspection | null;
  previousInspection: Inspection | null;
  /** From `reportDiskKeys`: how the report names each scenario disk. */
  diskKeys: Record<string, string>;
  timeoutSeconds: number;
}

export interface BootVerdict {
  verdict: VerdictClass;
  /** Why, one sentence each; empty when passed. */
  failures: string[];
  missingMarkers: string[];
  /** The provisioner's exit code as the guest reported it (null when it never got that far). */
  zosstorageExit: number | null;
}

const EXPECTED_STATUS: Record<Exclude<BootExpectation['verdict'], 'powered_off'>, string> = {
  provisioned: 'provisioned',
  already_provisioned: 'already_provisioned',
  refused: 'failed',
} as const;

export function classifyBoot(expected: BootExpectation, evidence: BootEvidence): BootVerdict {
  const initSeen = evidence.lines.some((l) => l.includes(INIT_MARKERS.INIT));
  const stderrTail = evidence.stderr.trim().split('\n').slice(-3).join(' / ');
  const early = (verdict: VerdictClass, failure: string): BootVerdict => ({
    verdict,
    failures: [failure],
    missingMarkers: [],
    zosstorageExit: null,
  });
  switch (evidence.stoppedBy) {
    case 'crash':
      return early(
        'kernel_panic',
        `guest crashed: line ${evidence.event?.kind === 'crash' ? `${evidence.event.lineNumber}: ${evidence.event.line}` : '?'}`,
      );
    case 'init-timeout':
      return early(
        'boot_never_started',
        `${INIT_MARKERS.INIT} did not appear in time; the kernel or initramfs did not start`,
      );
    case 'timeout':
      return initSeen
        ? early('timed_out', `the guest did not finish within ${evidence.timeoutSeconds} s`)
        : early(
            'boot_never_started',
            `${INIT_MARKERS.INIT} never appeared within ${evidence.timeoutSeconds} s`,
          );
    case 'interrupted':
      return early('interrupted', 'interrupted (SIGINT or SIGTERM)');
    default:
      break;
  }
  let zosstorageExit: number | null = null;
  const failures: string[] = [];
  const poweredOff = evidence.stoppedBy === 'power-off';
  if (expected.verdict === 'powered_off' && !poweredOff)
    failures.push(
      `power_off_at "${expected.powerOffAt?.source ?? '?'}" never appeared: the boot ran to its end without the power cut`,
    );
  if (poweredOff) {
    // The runner cut the power at the expected line: no exit code, report or dumps to check, only the console
    // before the cut and the disks as the cut left them.
  } else if (evidence.stoppedBy === 'forbidden') {
    // With the event (live run) name the line here; without it (--recheck) the marker scan below finds it.
    if (evidence.event?.kind === 'forbidden') {
      failures.push(
        `forbidden marker "${evidence.event.pattern}" at console line ${evidence.event.lineNumber}: ${evidence.event.line}`,
      );
    }
  } else {
    const exit = decodeQemuExit(evidence.exitCode ?? -1);
    if (exit.kind === 'other') {
      if (!initSeen)
        return early(
          'boot_never_started',
          `QEMU exited with ${evidence.exitCode} before ${INIT_MARKERS.INIT}${stderrTail ? `: ${stderrTail}` : ''}`,
        );
      return early(
        'qemu_crashed',
        `QEMU exited with ${evidence.exitCode} without the guest's exit byte${stderrTail ? `: ${stderrTail}` : ''}`,
      );
    }
    if (exit.kind === 'init-failure') {
      const line = evidence.lines.find((l) => l.includes(INIT_MARKERS.INIT_FAILED));
      failures.push(`guest init failed at stage ${exit.stage}${line ? `: ${line.trim()}` : ''}`);
    } else {
      zosstorageExit = exit.code;
      if (exit.code !== expected.exitCode)
        failures.push(`zosstorage exited with ${exit.code}, expected ${expected.exitCode}`);
    }
  }
  // The scenarios test what ships: a provisioner that ran from the bundle because the snapshot did not load is
  // not the appliance's start (and ≈1 s slower).
  const fallback = evidence.lines.findIndex((line) => line.startsWith(SNAPSHOT_FALLBACK_LINE));
  if (fallback !== -1)
    failures.push(
      `the provisioner's startup snapshot did not load (console line ${fallback + 1}: ${evidence.lines[fallback]?.trim()})`,
    );
  const markers = matchMarkers(evidence.lines, expected.markers, expected.forbidden);
  for (const { pattern, from } of markers.missingFrom) {
    const instead = describeMissingMarker(evidence.lines, pattern.source, (line) => pattern.test(line), from);
    failures.push(
      `missing marker (in order): ${pattern.source}${instead.map((text) => `\n  ${text}`).join('')}`,
    );
  }
  for (const hit of markers.forbiddenHits) {
    if (!failures.some((f) => f.includes(`console line ${hit.lineNumber}:`)))
      failures.push(`forbidden marker "${hit.pattern}" at console line ${hit.lineNumber}: ${hit.line}`);
  }
  // A run stopped by a forbidden line or a power cut never got to report or dump: saying so would only be noise.
  const stoppedEarly = evidence.stoppedBy === 'forbidden' || poweredOff;
  if (!stoppedEarly && expected.verdict !== 'powered_off') failures.push(...checkReport(expected, evidence));
  for (const [path, patterns] of stoppedEarly ? [] : Object.entries(expected.dumps)) {
    const dump = evidence.dumps[path];
    if (dump === undefined)
      failures.push(`the guest did not dump ${path} (is it in the scenario's dump list?)`);
    else
      for (const p of patterns)
        if (!dump.split('\n').some((line) => p.test(line)))
          failures.push(`dump of ${path} has no line matching ${p.source}`);
  }
  if (evidence.inspection) {
    failures.push(...checkDisks(expected.disks, expected.filesystems, evidence.inspection));
    if (expected.sameLayoutAsPreviousBoot && evidence.previousInspection)
      failures.push(...compareLayouts(evidence.previousInspection, evidence.inspection));
  } else if (Object.keys(expected.disks).length > 0 || expected.filesystems) {
    failures.push('the disks were not inspected');
  }
  return {
    verdict: failures.length === 0 ? 'passed' : 'assertion_failed',
    failures,
    missingMarkers: markers.missing,
    zosstorageExit,
  };
}

/** Each disk expectation's `device`, `transport` and `rotational` against the report's disk with its serial. */
function checkReportedDisks(
  expected: BootExpectation['disks'],
  report: StateReport,
  diskKeys: Record<string, string>,
): string[] {
  const failures: string[] = [];
  for (const [id, want] of Object.entries(expected)) {
    if (want.device === null && want.transport === null && want.rotational === null) continue;
    const disk = report.disks.find(
      (candidate) =>
        (candidate.wwid != null && diskKeys[`wwid ${candidate.wwid}`] === id) ||
        (candidate.serial !== null && diskKeys[`serial ${candidate.serial}`] === id),
    );
    if (disk === undefined) {
      failures.push(
        `disk ${id}: the report lists no disk with its serial (${report.disks.map((d) => `${d.path} serial ${d.serial ?? 'none'}`).join(', ') || 'no disks'})`,
      );
      continue;
    }
    if (want.device !== null && disk.path !== want.device)
      failures.push(`disk ${id}: the report calls it ${disk.path}, expected ${want.device}`);
    if (want.transport !== null && disk.transport !== want.transport)
      failures.push(`disk ${id}: the report says transport ${disk.transport}, expected ${want.transport}`);
    if (want.rotational !== null && disk.rotational !== want.rotational)
      failures.push(`disk ${id}: the report says rotational ${disk.rotational}, expected ${want.rotational}`);
  }
  return failures;
}

function checkReport(expected: BootExpectation, evidence: BootEvidence): string[] {
  const report = evidence.report;
  const required = expected.verdict !== 'refused' || expected.errorCode !== null;
  if (report.kind === 'corrupt') return [`the guest report did not arrive intact: ${report.problem}`];
  if (report.kind !== 'ok')
    return required
      ? [
          `the guest sent no report (${report.kind === 'no-report' ? INIT_MARKERS.NO_REPORT : 'no report frame on the console'})`,
        ]
      : [];
  const validation = validateReport(report.json);
  if (!validation.ok)
    return [`the guest report does not match the report schema:\n    ${validation.errors.join('\n    ')}`];
  const value = validation.value;
  const failures: string[] = [];
  const status = expected.verdict === 'powered_off' ? null : EXPECTED_STATUS[expected.verdict];
  if (value.status !== status)
    failures.push(`report status is ${value.status}, expected ${status ?? 'none'}`);
  if (expected.topology !== null && value.topology !== expected.topology)
    failures.push(`report topology is ${value.topology ?? 'null'}, expected ${expected.topology}`);
  if (expected.errorCode !== null && value.error?.code !== expected.errorCode)
    failures.push(`report error code is ${value.error?.code ?? 'none'}, expected ${expected.errorCode}`);
  if (expected.crossCheckReport && evidence.inspection && value.status !== 'failed') {
    failures.push(...crossCheckReport(value, evidence.inspection, evidence.diskKeys));
  }
  failures.push(...checkReportedDisks(expected.disks, value, evidence.diskKeys));
  if (expected.writesChecked) {
    if (evidence.inspection?.written === undefined)
      failures.push('the clusters this boot wrote were not mapped');
    else failures.push(...checkWrittenRanges(value, evidence.inspection.written, evidence.diskKeys));
  }
  return failures;
}
