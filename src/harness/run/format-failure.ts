// Pure: the text printed for a failed scenario (what failed, missing markers, last console lines, artifacts, rerun).
import { relative } from 'node:path';
import type { ScenarioResult } from './scenario-result.ts';
import { VERDICT_CLASSES } from '../verdict/verdict-classes.ts';

export function formatFailure(result: ScenarioResult, cwd: string): string {
  const lines = [
    `✗ ${result.scenario}: ${result.verdict} (${VERDICT_CLASSES[result.verdict].description})`,
    ...result.failures.map((f) => `  - ${f.replace(/\n/g, '\n    ')}`),
  ];
  if (result.missingMarkers.length > 0)
    lines.push('  missing markers:', ...result.missingMarkers.map((m) => `    ${m}`));
  if (result.lastLines.length > 0)
    lines.push(
      `  last ${result.lastLines.length} console lines:`,
      ...result.lastLines.map((l) => `    | ${l}`),
    );
  const dir = relative(cwd, result.runDir) || '.';
  lines.push(`  artifacts: ${dir}/${result.disksKept ? ' (disks kept in disks/)' : ''}`);
  lines.push(
    `  rerun:     ./scripts/run-scenario ${result.scenario} --keep --verbose --accel ${result.accel}`,
  );
  if (result.disksKept && result.boots.length > 0)
    lines.push(`  recheck:   ./scripts/run-scenario --recheck ${dir}`);
  return lines.join('\n');
}

/** One summary line per scenario. */
export function formatSummaryLine(result: ScenarioResult): string {
  const mark = result.verdict === 'passed' ? '✓' : '✗';
  return `${mark} ${result.scenario.padEnd(28)} ${result.verdict.padEnd(19)} ${result.boots.length} boot(s) ${(result.durationMs / 1000).toFixed(1)} s`;
}
