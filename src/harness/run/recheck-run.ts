// Re-runs the host-side checks of a finished run on its kept disk images, without booting.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extractDumps } from '../console/extract-dumps.ts';
import { extractGuestReport } from '../console/extract-guest-report.ts';
import { splitConsoleLines } from '../console/split-console-lines.ts';
import { HarnessError } from '../errors/harness-error.ts';
import { inspectDisks } from '../inspect/inspect-disks.ts';
import type { Inspection } from '../inspect/inspection-types.ts';
import { loadScenario } from '../scenario/load-scenario.ts';
import { classifyBoot, type BootVerdict } from '../verdict/classify-boot.ts';
import { reportDiskKeys } from '../verdict/cross-check-report.ts';
import { buildArtifactPaths, buildRunPaths } from './artifact-paths.ts';
import type { ScenarioResult } from './scenario-result.ts';

/** Re-inspects the last boot of `runDir` and classifies it again; writes `recheck.json` next to verdict.json. */
export async function recheckRun(
  runDir: string,
  root: string,
  guestRoot: string | null,
): Promise<BootVerdict & { boot: number; scenario: string }> {
  const paths = buildRunPaths(runDir);
  if (!existsSync(paths.verdict))
    throw new HarnessError(
      'PRECONDITION',
      `${runDir} has no verdict.json: pass a scenario folder like out/runs/<run-id>/<scenario>`,
    );
  const previousResult = JSON.parse(await readFile(paths.verdict, 'utf8')) as ScenarioResult;
  const scenario = await loadScenario(root, previousResult.scenarioFile);
  const last = previousResult.boots[previousResult.boots.length - 1];
  if (!last) throw new HarnessError('PRECONDITION', `${runDir} never booted, nothing to recheck`);
  const images = scenario.disks.map((disk) => ({
    id: disk.id,
    path: join(paths.disks, `${disk.id}.qcow2`),
    sizeBytes: disk.sizeBytes,
    sectorSize: disk.logicalBlockSize ?? 512,
  }));
  const missing = images.filter((image) => !existsSync(image.path));
  if (missing.length > 0) {
    throw new HarnessError(
      'PRECONDITION',
      `the disks of ${runDir} were not kept (${missing.map((m) => m.path).join(', ')} missing): rerun with --keep`,
    );
  }
  const artifacts = buildArtifactPaths(runDir, last.boot);
  const lines = splitConsoleLines(await readFile(artifacts.serialLog, 'utf8'));
  const inspection = await inspectDisks({
    boot: last.boot,
    images,
    workDir: join(runDir, 'recheck-work'),
    guestRoot,
  });
  const recorded = existsSync(artifacts.inspection)
    ? (JSON.parse(await readFile(artifacts.inspection, 'utf8')) as Inspection)
    : null;
  inspection.unchanged = recorded?.unchanged ?? {};
  const previousArtifacts = last.boot > 1 ? buildArtifactPaths(runDir, last.boot - 1) : null;
  const previousInspection =
    previousArtifacts && existsSync(previousArtifacts.inspection)
      ? (JSON.parse(await readFile(previousArtifacts.inspection, 'utf8')) as Inspection)
      : null;
  const expected = scenario.boots[last.boot - 1];
  if (!expected)
    throw new HarnessError('PRECONDITION', `scenario ${scenario.name} no longer has boot ${last.boot}`);
  const verdict = classifyBoot(expected, {
    stoppedBy: last.stoppedBy,
    exitCode: last.qemuExitCode,
    event: null,
    stderr: '',
    lines,
    report: extractGuestReport(lines),
    dumps: extractDumps(lines),
    inspection,
    previousInspection,
    diskKeys: reportDiskKeys(scenario.disks),
    timeoutSeconds: scenario.timeoutSeconds,
  });
  const result = { ...verdict, boot: last.boot, scenario: scenario.name };
  await writeFile(join(runDir, 'recheck.json'), `${JSON.stringify({ ...result, inspection }, null, 2)}\n`);
  return result;
}
