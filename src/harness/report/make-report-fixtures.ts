// Test fixtures for the run report: inspections, boots and scenarios built from a few facts (tests only).
import { GPT_TYPE_GUIDS } from '../../shared/gpt/gpt-type-guids.ts';
import type { MatrixScenarioSummary, MatrixSummary } from '../matrix/build-matrix-summary.ts';
import type {
  DiskInspection,
  FilesystemInspection,
  Inspection,
  PartitionInspection,
} from '../inspect/inspection-types.ts';
import type { BootResult, ScenarioResult } from '../run/scenario-result.ts';

const MiB = 1024 * 1024;

export function makePartition(
  number: number,
  name: string,
  startMiB: number,
  sizeMiB: number,
  fs: { type: string; label?: string; uuid?: string } | null = null,
): PartitionInspection {
  return {
    number,
    name,
    typeGuid: number === 2 ? GPT_TYPE_GUIDS.EF00 : GPT_TYPE_GUIDS['8300'],
    guid: `0000000${number}-0000-4000-8000-000000000000`,
    startBytes: startMiB * MiB,
    sizeBytes: sizeMiB * MiB,
    probe: fs
      ? { type: fs.type, label: fs.label ?? null, uuid: fs.uuid ?? null, version: null, raw: {} }
      : null,
    check: null,
  };
}

export function makeDisk(id: string, sizeMiB: number, partitions: PartitionInspection[]): DiskInspection {
  return {
    id,
    image: `/runs/x/disks/${id}.qcow2`,
    sizeBytes: sizeMiB * MiB,
    gpt:
      partitions.length > 0
        ? {
            diskGuid: `d15c${id}-0000-4000-8000-000000000000`,
            primaryValid: true,
            backupValid: true,
            problems: [],
          }
        : null,
    partitions,
    wholeDiskProbe: null,
  };
}

/** One zos disk: BIOS boot 1 MiB, ESP 512 MiB, data filling the rest (`dataName` is its GPT name). */
export function makeZosDisk(
  id: string,
  sizeMiB: number,
  dataName: string,
  data: FilesystemInspection,
): DiskInspection {
  return makeDisk(id, sizeMiB, [
    makePartition(1, 'zosboot', 1, 1),
    makePartition(2, 'zosboot', 2, 512, { type: 'vfat', label: 'ZOSBOOT' }),
    makePartition(3, dataName, 514, sizeMiB - 515, {
      type: data.type,
      label: data.label ?? '',
      uuid: data.uuid,
    }),
  ]);
}

export function makeFilesystem(
  type: 'btrfs' | 'bcachefs',
  uuid: string,
  members: string[],
  extra: Partial<FilesystemInspection> = {},
): FilesystemInspection {
  return {
    type,
    uuid,
    label: 'ZOSDATA',
    members: members.map((diskId) => ({ diskId, partition: 3 })),
    numDevices: members.length,
    dataProfile: null,
    metadataProfile: null,
    dataReplicas: null,
    metadataReplicas: null,
    targets: { foreground: null, background: null, promote: null },
    initialized: null,
    check: null,
    ...extra,
  };
}

export function makeInspection(
  boot: number,
  disks: DiskInspection[],
  filesystems: FilesystemInspection[] = [],
): Inspection {
  return { boot, disks, filesystems, unchanged: {}, notes: [] };
}

export function makeBootResult(boot: number, extra: Partial<BootResult> = {}): BootResult {
  return {
    boot,
    verdict: 'passed',
    failures: [],
    missingMarkers: [],
    stoppedBy: 'guest',
    qemuExitCode: 129,
    zosstorageExit: 0,
    durationMs: 11_000,
    inspectionMs: 2_000,
    retriedStart: null,
    ...extra,
  };
}

export function makeScenarioSummary(
  scenario: string,
  extra: Partial<MatrixScenarioSummary> = {},
): MatrixScenarioSummary {
  return {
    scenario,
    attempt: 1,
    verdict: 'passed',
    boots: 1,
    bootDurationsMs: [11_000],
    zosstorageExits: [0],
    durationMs: 14_000,
    runDir: `/runs/r1/${scenario}`,
    failures: [],
    startRetries: [],
    started: true,
    ...extra,
  };
}

export function makeScenarioResult(
  summary: MatrixScenarioSummary,
  boots: BootResult[],
  extra: Partial<ScenarioResult> = {},
): ScenarioResult {
  return {
    scenario: summary.scenario,
    scenarioFile: `scenarios/${summary.scenario}.toml`,
    runDir: summary.runDir,
    accel: 'tcg',
    verdict: summary.verdict,
    boots,
    failures: summary.failures,
    missingMarkers: [],
    lastLines: [],
    disksKept: false,
    durationMs: summary.durationMs,
    ...extra,
  };
}

export function makeRunSummary(scenarios: MatrixScenarioSummary[]): MatrixSummary {
  const passed = scenarios.filter((s) => s.verdict === 'passed').length;
  return {
    summary_version: 1,
    runId: '20261201-120000-abcdef',
    groups: ['smoke'],
    accel: 'tcg',
    jobs: 2,
    repeat: 1,
    startedAt: '2026-12-01T12:00:00.000Z',
    wallMs: 60_000,
    total: scenarios.length,
    passed,
    failed: scenarios.length - passed,
    skipped: 0,
    verdict: passed === scenarios.length ? 'passed' : 'assertion_failed',
    image: null,
    scenarios,
  };
}
