// Pure: a matrix summary as JUnit XML (one testsuite, one testcase per scenario run).
import { formatDriftList } from '../image/packages/image-identity.ts';
import { VERDICT_CLASSES } from '../verdict/verdict-classes.ts';
import type { MatrixScenarioSummary, MatrixSummary } from './build-matrix-summary.ts';

/** Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function testcaseName(entry: MatrixScenarioSummary, repeat: number): string {
  return repeat > 1 ? `${entry.scenario} #${entry.attempt}` : entry.scenario;
}

/** assertion_failed is a JUnit <failure>; every other non-passing verdict (timeout, panic, harness) an <error>. */
function renderTestcase(entry: MatrixScenarioSummary, repeat: number): string {
  const open = `    <testcase classname="scenarios" name="${escapeXml(testcaseName(entry, repeat))}" time="${formatSeconds(entry.durationMs)}">`;
  const out = `      <system-out>${escapeXml(`artifacts: ${entry.runDir}\nboots: ${entry.boots}`)}</system-out>`;
  if (entry.verdict === 'passed') return [open, out, '    </testcase>'].join('\n');
  if (!entry.started)
    return [
      open,
      `      <skipped message="${escapeXml(entry.failures[0] ?? 'not run')}"/>`,
      '    </testcase>',
    ].join('\n');
  const tag = entry.verdict === 'assertion_failed' ? 'failure' : 'error';
  const message = `${entry.verdict}: ${entry.failures[0] ?? VERDICT_CLASSES[entry.verdict].description}`;
  const body = entry.failures.join('\n') || VERDICT_CLASSES[entry.verdict].description;
  return [
    open,
    `      <${tag} message="${escapeXml(message.split('\n')[0] ?? '')}" type="${entry.verdict}">${escapeXml(body)}</${tag}>`,
    out,
    '    </testcase>',
  ].join('\n');
}

export function renderJunit(summary: MatrixSummary): string {
  const failures = summary.scenarios.filter((s) => s.verdict === 'assertion_failed').length;
  const errors = summary.scenarios.filter(
    (s) => s.started && s.verdict !== 'passed' && s.verdict !== 'assertion_failed',
  ).length;
  const counts = `tests="${summary.total}" failures="${failures}" errors="${errors}" skipped="${summary.skipped}" time="${formatSeconds(summary.wallMs)}"`;
  const name = escapeXml(`zosstorage scenarios (${summary.groups.join(' ')})`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" ${counts}>`,
    // The JUnit schema's timestamp is ISO 8601 without a zone (UTC here).
    `  <testsuite name="${name}" ${counts} timestamp="${summary.startedAt.slice(0, 19)}">`,
    '    <properties>',
    `      <property name="run_id" value="${escapeXml(summary.runId)}"/>`,
    `      <property name="accel" value="${summary.accel}"/>`,
    `      <property name="jobs" value="${summary.jobs}"/>`,
    ...formatImageProperties(summary),
    '    </properties>',
    ...summary.scenarios.map((entry) => renderTestcase(entry, summary.repeat)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** The image a run booted, as JUnit properties: lock identity, kernel, and the lock drift (`name old → new`). */
function formatImageProperties(summary: MatrixSummary): string[] {
  const image = summary.image;
  if (!image) return [];
  const property = (name: string, value: string) =>
    `      <property name="${name}" value="${escapeXml(value)}"/>`;
  return [
    property('package_lock_sha256', image.lockSha256),
    property('kernel_version', image.kernelVersion),
    property('package_lock_drifted', image.drift ? 'true' : 'false'),
    ...(image.drift ? [property('package_lock_drift', formatDriftList(image.drift).join(', '))] : []),
  ];
}
