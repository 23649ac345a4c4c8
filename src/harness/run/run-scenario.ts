// Runs one scenario end to end: disks → initrd → boot(s) with a watched console → inspection → verdict.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { extractDumps } from '../console/extract-dumps.ts';
import { extractGuestReport } from '../console/extract-guest-report.ts';
import { createConsoleMonitor } from '../console/console-monitor.ts';
import { compareDiskImages, snapshotDiskImage } from '../disks/compare-disk-images.ts';
import { createDiskImages, reseedDiskImage, type DiskImage } from '../disks/create-disk-images.ts';
import { execMapDataRanges, subtractRanges } from '../disks/map-written-ranges.ts';
import { excerptConsole } from '../console/excerpt-console.ts';
import { HarnessError } from '../errors/harness-error.ts';
import { inspectDisks } from '../inspect/inspect-disks.ts';
import type { Inspection } from '../inspect/inspection-types.ts';
import { buildKernelCmdline } from '../qemu/build-kernel-cmdline.ts';
import {
  buildQemuArgv,
  formatBlkdebugConfig,
  formatShellCommand,
  type Accel,
} from '../qemu/build-qemu-argv.ts';
import { launchQemu, type QemuOutcome } from '../qemu/launch-qemu.ts';
import { decodeQemuExit, INIT_MARKERS } from '../guest-protocol.ts';
import type { Scenario } from '../scenario/scenario-types.ts';
import { classifyBoot } from '../verdict/classify-boot.ts';
import { reportDiskKeys } from '../verdict/cross-check-report.ts';
import { pickWorseVerdict } from '../verdict/verdict-classes.ts';
import { buildArtifactPaths, buildRunPaths } from './artifact-paths.ts';
import { buildScenarioLayer, readScenarioConfig } from './build-scenario-initrd.ts';
import { writeInitrd } from '../image/layers/write-initrd.ts';
import type { BootResult, ProgressEvent, ScenarioResult } from './scenario-result.ts';

export interface GuestImage {
  kernel: string;
  initrdLayers: string[];
  guestRoot: string | null;
}

export interface RunScenarioOptions {
  /** Repository root (config fixtures are relative to it). */
  root: string;
  /** `out/runs/<run-id>/<scenario>/`, created here. */
  runDir: string;
  accel: Accel;
  image: GuestImage;
  keep: boolean;
  qemuBinary?: string;
  smp?: number;
  /** Multiplies the scenario's timeouts (TCG is slower than KVM). */
  timeoutScale?: number;
  onProgress?: (event: ProgressEvent) => void;
  onConsoleLine?: (line: string, boot: number) => void;
  /** The run's interruption: no further boot starts, a running QEMU is killed, the verdict is `interrupted`. */
  signal?: AbortSignal;
}

/** The result of a scenario that an interruption stopped before it started (its verdict.json says so too). */
export function buildInterruptedResult(
  scenario: Pick<Scenario, 'name' | 'file'>,
  runDir: string,
  accel: Accel,
): ScenarioResult {
  return {
    scenario: scenario.name,
    scenarioFile: scenario.file,
    runDir,
    accel,
    verdict: 'interrupted',
    boots: [],
    failures: ['interrupted before the scenario started'],
    missingMarkers: [],
    lastLines: [],
    disksKept: false,
    durationMs: 0,
  };
}

/** Writes a scenario's verdict.json (also for one that never started because the run was interrupted). */
export async function writeVerdict(result: ScenarioResult): Promise<void> {
  await mkdir(result.runDir, { recursive: true });
  await writeFile(buildRunPaths(result.runDir).verdict, `${JSON.stringify(result, null, 2)}\n`);
}

/** Runs `scenario`; never throws for guest problems (they become verdicts); harness failures become harness_error. */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const paths = buildRunPaths(options.runDir);
  const progress = (phase: ProgressEvent['phase'], boot: number | null, detail?: string): void =>
    options.onProgress?.({
      scenario: scenario.name,
      phase,
      boot,
      boots: scenario.boots.length,
      elapsedMs: Date.now() - started,
      detail,
    });
  const result: ScenarioResult = {
    scenario: scenario.name,
    scenarioFile: scenario.file,
    runDir: options.runDir,
    accel: options.accel,
    verdict: 'passed',
    boots: [],
    failures: [],
    missingMarkers: [],
    lastLines: [],
    disksKept: options.keep,
    durationMs: 0,
  };
  try {
    await mkdir(paths.disks, { recursive: true });
    progress('building', null, `${scenario.disks.length} disk(s), initrd`);
    const config = await readScenarioConfig(options.root, scenario.config);
    await writeInitrd(
      options.image.initrdLayers,
      paths.initrd,
      buildScenarioLayer(config, scenario.configPath),
    );
    const images = await createDiskImages(scenario.disks, paths.disks, {
      root: options.root,
      guestRoot: options.image.guestRoot,
    });
    for (const disk of scenario.disks) {
      if (disk.blkdebug) await writeFile(paths.blkdebug(disk.id), formatBlkdebugConfig(disk.blkdebug));
    }
    await inspectBefore(images, options, paths.inspectionBefore);
    let previous: Inspection | null = null;
    for (let index = 0; index < scenario.boots.length; index++) {
      if (options.signal?.aborted) {
        result.verdict = 'interrupted';
        result.failures = [`interrupted before boot ${index + 1}`];
        break;
      }
      const boot = await runBoot(
        scenario,
        index,
        images,
        config === null ? null : scenario.configPath,
        previous,
        options,
        progress,
      );
      result.boots.push(boot.result);
      result.lastLines = excerptConsole(boot.lines, 40);
      previous = boot.inspection;
      result.verdict = pickWorseVerdict(result.verdict, boot.result.verdict);
      if (boot.result.verdict !== 'passed') {
        result.failures = boot.result.failures.map((f) =>
          scenario.boots.length > 1 ? `boot ${index + 1}: ${f}` : f,
        );
        result.missingMarkers = boot.result.missingMarkers;
        break;
      }
    }
  } catch (error) {
    result.verdict = options.signal?.aborted ? 'interrupted' : 'harness_error';
    result.failures = [
      error instanceof HarnessError
        ? error.message
        : `internal error: ${(error as Error).stack ?? String(error)}`,
    ];
  }
  // Failed scenarios keep their disks for --recheck; passed and interrupted ones only with --keep.
  const finishedCleanly = result.verdict === 'passed' || result.verdict === 'interrupted';
  result.disksKept = options.keep || !finishedCleanly;
  if (!result.disksKept) await rm(paths.disks, { recursive: true, force: true });
  if (!options.keep && finishedCleanly) await rm(paths.initrd, { force: true });
  result.durationMs = Date.now() - started;
  await writeVerdict(result);
  progress('done', null, result.verdict);
  return result;
}

async function runBoot(
  scenario: Scenario,
  index: number,
  images: DiskImage[],
  configPath: string | null,
  previous: Inspection | null,
  options: RunScenarioOptions,
  progress: (phase: ProgressEvent['phase'], boot: number | null, detail?: string) => void,
): Promise<{ result: BootResult; lines: string[]; inspection: Inspection | null }> {
  const bootNumber = index + 1;
  const expected = scenario.boots[index];
  if (!expected) throw new HarnessError('INTERNAL', `scenario ${scenario.name} has no boot ${bootNumber}`);
  const paths = buildRunPaths(options.runDir);
  const artifacts = buildArtifactPaths(options.runDir, bootNumber);
  for (const [id, steps] of Object.entries(expected.before)) {
    const image = images.find((candidate) => candidate.disk.id === id);
    if (image === undefined) continue;
    progress('building', bootNumber, `disk ${id}: ${steps.length} step(s) before the boot`);
    await reseedDiskImage(image, steps, paths.disks, {
      root: options.root,
      guestRoot: options.image.guestRoot,
    });
  }
  // The disks this boot attaches (a disk added, missing, replaced or reordered); the others keep their content.
  const attached = expected.attach
    ? expected.attach.flatMap((id) => images.filter((image) => image.disk.id === id))
    : images;
  const mapsBefore = expected.writesChecked
    ? new Map(
        await Promise.all(
          attached.map(async (image) => [image.disk.id, await execMapDataRanges(image.path)] as const),
        ),
      )
    : null;
  const unchangedIds = Object.entries(expected.disks)
    .filter(([, d]) => d.unchanged)
    .map(([id]) => id);
  for (const id of unchangedIds)
    await snapshotDiskImage(images.find((i) => i.disk.id === id)?.path ?? '', paths.snapshot(id, bootNumber));

  const cmdline = buildKernelCmdline({
    boot: bootNumber,
    configPath,
    dump: scenario.dump,
    kernelArgs: [...scenario.kernelArgs, ...expected.kernelArgs],
  });
  const argv = buildQemuArgv({
    qemuBinary: options.qemuBinary ?? 'qemu-system-x86_64',
    accel: options.accel,
    memoryMiB: scenario.memoryMiB,
    smp: options.smp ?? 2,
    kernel: options.image.kernel,
    initrd: paths.initrd,
    cmdline,
    disks: attached.map(({ disk, path }) => ({
      disk,
      image: path,
      blkdebugConfig: disk.blkdebug ? paths.blkdebug(disk.id) : null,
    })),
  });
  await writeFile(artifacts.qemuCmdline, `${formatShellCommand(argv)}\n`);
  await rm(artifacts.serialLog, { force: true });
  const scale = options.timeoutScale ?? 1;
  progress('booting', bootNumber);
  const launch = (serialLog: string) =>
    launchQemu(argv, {
      serialLog,
      timeoutMs: scenario.timeoutSeconds * scale * 1000,
      initTimeoutMs: scenario.initTimeoutSeconds * scale * 1000,
      monitor: createConsoleMonitor(expected.forbidden, expected.powerOffAt),
      onLine: (line) => options.onConsoleLine?.(line, bootNumber),
      onEvent: (event) => {
        if (event.kind === 'stage' && event.stage !== 'booting') progress(event.stage, bootNumber);
      },
      signal: options.signal,
    });
  let outcome = await launch(artifacts.serialLog);
  // A boot that ended before the guest's init ran (QEMU gone, or an early kernel crash) changed no disk: start
  // it again, at most MAX_STARTS times in all, and say so (TCG's early `Oops: int3` came in about 1 of 30 boots
  // on a loaded 2-core host: one retry still left a run of 70 boots a few percent likely to fail on it).
  let startFailure: string | null = null;
  for (let attempt = 1; attempt < MAX_STARTS; attempt++) {
    const failure = describeStartFailure(outcome);
    if (failure === null) break;
    startFailure = attempt === 1 ? failure : `${failure} (start ${attempt} of ${MAX_STARTS})`;
    await rename(artifacts.serialLog, artifacts.serialLogFailedStart(attempt));
    progress('booting', bootNumber, `starting again: ${failure}`);
    outcome = await launch(artifacts.serialLog);
  }
  await writeFile(artifacts.consoleTimes, formatConsoleTimes(outcome));
  if (outcome.stoppedBy === 'interrupted') {
    return {
      result: {
        boot: bootNumber,
        verdict: 'interrupted',
        failures: [`interrupted during boot ${bootNumber} (QEMU killed)`],
        missingMarkers: [],
        stoppedBy: outcome.stoppedBy,
        qemuExitCode: outcome.exitCode,
        zosstorageExit: null,
        durationMs: outcome.durationMs,
        inspectionMs: null,
        retriedStart: startFailure,
      },
      lines: outcome.lines,
      inspection: null,
    };
  }
  const report = extractGuestReport(outcome.lines);
  if (report.kind === 'ok') await writeFile(artifacts.report, report.text);
  const dumps = extractDumps(outcome.lines);

  progress('inspecting', bootNumber);
  const inspectionStarted = Date.now();
  const inspection = await inspectDisks({
    boot: bootNumber,
    images: attached.map(({ disk, path }) => ({
      id: disk.id,
      path,
      sizeBytes: disk.sizeBytes,
      sectorSize: disk.logicalBlockSize ?? 512,
    })),
    workDir: artifacts.inspectWork,
    guestRoot: options.image.guestRoot,
  });
  for (const id of unchangedIds) {
    const image = images.find((i) => i.disk.id === id)?.path ?? '';
    inspection.unchanged[id] = await compareDiskImages(paths.snapshot(id, bootNumber), image);
    await rm(paths.snapshot(id, bootNumber), { force: true });
  }
  if (mapsBefore !== null) {
    inspection.written = {};
    for (const image of attached)
      inspection.written[image.disk.id] = subtractRanges(
        await execMapDataRanges(image.path),
        mapsBefore.get(image.disk.id) ?? [],
      );
  }
  await writeFile(artifacts.inspection, `${JSON.stringify(inspection, null, 2)}\n`);
  const inspectionMs = Date.now() - inspectionStarted;

  const verdict = classifyBoot(expected, {
    stoppedBy: outcome.stoppedBy,
    exitCode: outcome.exitCode,
    event: outcome.event,
    stderr: outcome.stderr,
    lines: outcome.lines,
    report,
    dumps,
    inspection,
    previousInspection: previous,
    diskKeys: reportDiskKeys(scenario.disks),
    timeoutSeconds: scenario.timeoutSeconds * scale,
  });
  return {
    result: {
      boot: bootNumber,
      verdict: verdict.verdict,
      failures: verdict.failures,
      missingMarkers: verdict.missingMarkers,
      stoppedBy: outcome.stoppedBy,
      qemuExitCode: outcome.exitCode,
      zosstorageExit: verdict.zosstorageExit,
      durationMs: outcome.durationMs,
      inspectionMs,
      retriedStart: startFailure,
    },
    lines: outcome.lines,
    inspection,
  };
}

/** How often one boot is started when QEMU or the guest kernel ends before the guest's init (describeStartFailure). */
export const MAX_STARTS = 3;

/** `<ms>\t<line>` per console line (tabs in a line are kept: the first tab separates). */
export function formatConsoleTimes(outcome: Pick<QemuOutcome, 'lines' | 'lineTimesMs'>): string {
  return outcome.lines.map((line, index) => `${outcome.lineTimesMs[index] ?? ''}\t${line}\n`).join('');
}

/** Writes the host inspection of the disks as the scenario made them, before boot 1 (the run report's "before"). */
async function inspectBefore(images: DiskImage[], options: RunScenarioOptions, path: string): Promise<void> {
  const inspection = await inspectDisks({
    boot: 0,
    images: images.map(({ disk, path: image }) => ({
      id: disk.id,
      path: image,
      sizeBytes: disk.sizeBytes,
      sectorSize: disk.logicalBlockSize ?? 512,
    })),
    workDir: `${path}.work`,
    guestRoot: options.image.guestRoot,
  });
  await writeFile(path, `${JSON.stringify(inspection, null, 2)}\n`);
}

/**
 * Why the boot ended before the guest's init printed its first marker, when it is worth one more start, or null:
 * QEMU ended by itself (an image lock, a transient QEMU abort), or the guest kernel crashed during its own early
 * boot (seen under TCG: `Oops: int3` in swapper at 2 s). Before init no provisioner code ran and nothing was
 * mounted, so no disk changed. Timeouts, interruptions, forbidden markers and crashes after init are not.
 */
export function describeStartFailure(outcome: QemuOutcome): string | null {
  if (outcome.lines.some((line) => line.includes(INIT_MARKERS.INIT))) return null;
  if (outcome.stoppedBy === 'crash' && outcome.event?.kind === 'crash')
    return `the guest kernel crashed after ${(outcome.durationMs / 1000).toFixed(1)} s, before the guest's init: ${outcome.event.line.trim()}`;
  if (outcome.stoppedBy !== 'guest') return null;
  if (outcome.exitCode !== null && decodeQemuExit(outcome.exitCode).kind !== 'other') return null;
  const stderr = outcome.stderr.trim().split('\n').slice(-3).join(' / ');
  const status =
    outcome.exitCode === null ? `signal ${outcome.signal ?? '?'}` : `exit code ${outcome.exitCode}`;
  return `QEMU ended with ${status} after ${(outcome.durationMs / 1000).toFixed(1)} s, before the guest's init${stderr ? `: ${stderr}` : ''}`;
}
