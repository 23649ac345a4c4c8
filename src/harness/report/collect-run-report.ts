// Reads what a run left in out/runs/<run-id>/ (summary, verdicts, inspections, console times) for the run report.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { MatrixScenarioSummary, MatrixSummary } from '../matrix/build-matrix-summary.ts';
import type { Inspection } from '../inspect/inspection-types.ts';
import { buildArtifactPaths, buildRunPaths } from '../run/artifact-paths.ts';
import type { BootResult, ScenarioResult } from '../run/scenario-result.ts';
import type { ScenarioDisk } from '../scenario/scenario-types.ts';
import { parseConsoleTimes, pickTimelineEvents, type TimelineEvent } from './pick-timeline-events.ts';

export interface ReportBoot {
  result: BootResult;
  /** The disks before this boot (boot 1: as the scenario made them), null when not recorded. */
  before: Inspection | null;
  /** After this boot; null when the boot stopped before the inspection (interrupted). */
  after: Inspection | null;
  timeline: TimelineEvent[];
}

export interface ReportScenario {
  summary: MatrixScenarioSummary;
  /** verdict.json; null for a scenario that left none. */
  result: ScenarioResult | null;
  /** The scenario's folder relative to the run folder (`single-vda`, `single-vda.r2`). */
  folder: string;
  disks: Pick<ScenarioDisk, 'id' | 'bus' | 'sizeBytes'>[];
  boots: ReportBoot[];
  /** Every file the scenario left, relative to the run folder, disks/ excluded. */
  artifacts: string[];
}

export interface RunReport {
  summary: MatrixSummary;
  scenarios: ReportScenario[];
  /** Files of the run folder itself (summary.json, junit.xml, image.json). */
  runFiles: string[];
}

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

async function collectBoot(runDir: string, boot: BootResult): Promise<ReportBoot> {
  const before =
    boot.boot === 1
      ? buildRunPaths(runDir).inspectionBefore
      : buildArtifactPaths(runDir, boot.boot - 1).inspection;
  const artifacts = buildArtifactPaths(runDir, boot.boot);
  const times = await readText(artifacts.consoleTimes);
  return {
    result: boot,
    before: await readJson<Inspection>(before),
    after: await readJson<Inspection>(artifacts.inspection),
    timeline: times === null ? [] : pickTimelineEvents(parseConsoleTimes(times)),
  };
}

async function collectScenario(
  runRoot: string,
  entry: MatrixScenarioSummary,
  disks: ReadonlyMap<string, Pick<ScenarioDisk, 'id' | 'bus' | 'sizeBytes'>[]>,
): Promise<ReportScenario> {
  const runDir = entry.runDir || join(runRoot, entry.scenario);
  const result = await readJson<ScenarioResult>(buildRunPaths(runDir).verdict);
  const boots: ReportBoot[] = [];
  for (const boot of result?.boots ?? []) boots.push(await collectBoot(runDir, boot));
  const folder = relative(runRoot, runDir);
  return {
    summary: entry,
    result,
    folder,
    disks: disks.get(entry.scenario) ?? [],
    boots,
    artifacts: (await listFiles(runDir)).map((name) => join(folder, name)),
  };
}

/** `disks` names each scenario's disks (bus, size) as its definition says; scenarios without an entry get none. */
export async function collectRunReport(
  runRoot: string,
  summary: MatrixSummary,
  disks: ReadonlyMap<string, Pick<ScenarioDisk, 'id' | 'bus' | 'sizeBytes'>[]>,
): Promise<RunReport> {
  const scenarios: ReportScenario[] = [];
  for (const entry of summary.scenarios) scenarios.push(await collectScenario(runRoot, entry, disks));
  return { summary, scenarios, runFiles: await listFiles(runRoot) };
}
