// Pure: the table printed at the end of a matrix run (scenario, verdict, boots, wall time) and its totals.
import { formatDuration } from '../../shared/format/format-duration.ts';
import type { MatrixSummary } from './build-matrix-summary.ts';

export function formatSummaryTable(summary: MatrixSummary): string {
  const rows = summary.scenarios.map((s) => [
    s.verdict === 'passed' ? '✓' : '✗',
    summary.repeat > 1 ? `${s.scenario} #${s.attempt}` : s.scenario,
    s.verdict,
    String(s.boots),
    formatDuration(s.durationMs),
  ]);
  const header = ['', 'scenario', 'verdict', 'boots', 'wall time'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === 3 || i === 4 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const skipped = summary.skipped > 0 ? `, ${summary.skipped} not run` : '';
  const name = (s: MatrixSummary['scenarios'][number]): string =>
    summary.repeat > 1 ? `${s.scenario} #${s.attempt}` : s.scenario;
  // The reasons again below the table: a CI log that keeps only its tail still says what failed.
  const notes = summary.scenarios.flatMap((s) => [
    ...(s.verdict === 'passed' || !s.started
      ? []
      : [`✗ ${name(s)}: ${s.failures[0] ?? s.verdict}${s.runDir ? ` (${s.runDir})` : ''}`]),
    ...s.startRetries.map((retry) => `! ${name(s)}: ${retry}; started again`),
  ]);
  return [
    format(header),
    ...rows.map(format),
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
    `${summary.passed} passed, ${summary.failed} failed${skipped} of ${summary.total} in ${formatDuration(summary.wallMs)} (${summary.accel.toUpperCase()}, --jobs ${summary.jobs}); run ${summary.runId}`,
  ].join('\n');
}
