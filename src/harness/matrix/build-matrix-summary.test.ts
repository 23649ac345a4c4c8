import t from 'tap';
import type { ScenarioResult } from '../run/scenario-result.ts';
import type { VerdictClass } from '../verdict/verdict-classes.ts';
import { buildMatrixSummary } from './build-matrix-summary.ts';
import { buildMatrixTasks } from './build-matrix-tasks.ts';
import { formatSummaryTable } from './format-summary-table.ts';
import { escapeXml, renderJunit } from './render-junit.ts';

function makeResult(
  scenario: string,
  verdict: VerdictClass,
  boots: number[],
  failures: string[] = [],
): ScenarioResult {
  return {
    scenario,
    scenarioFile: `/r/scenarios/${scenario}.toml`,
    runDir: `/r/out/runs/id/${scenario}`,
    accel: 'tcg',
    verdict,
    boots: boots.map((ms, i) => ({
      boot: i + 1,
      verdict: i === boots.length - 1 ? verdict : 'passed',
      failures: [],
      missingMarkers: [],
      stoppedBy: 'guest',
      qemuExitCode: 129,
      zosstorageExit: 0,
      durationMs: ms,
      inspectionMs: 1000,
      retriedStart: null,
    })),
    failures,
    missingMarkers: [],
    lastLines: [],
    disksKept: verdict !== 'passed',
    durationMs: boots.reduce((a, b) => a + b, 0) + 1000,
  };
}

const facts = {
  runId: '20261122-010000-abcdef',
  groups: ['all'],
  accel: 'tcg' as const,
  jobs: 2,
  repeat: 1,
  startedAt: new Date('2026-11-22T01:00:00Z'),
  wallMs: 95_000,
};
const inputs = [
  { name: 'single-vda', boots: 2, disks: 1 },
  { name: 'refuse-gpt', boots: 1, disks: 1 },
  { name: 'io-error', boots: 2, disks: 1 },
];
const tasks = buildMatrixTasks(inputs, 1);
const byName: Record<string, ScenarioResult> = {
  'single-vda': makeResult('single-vda', 'passed', [20_000, 25_000]),
  'refuse-gpt': makeResult(
    'refuse-gpt',
    'assertion_failed',
    [15_000],
    ['missing marker (in order): <REFUSED> & "x"'],
  ),
  'io-error': makeResult('io-error', 'timed_out', [60_000], ['the guest did not finish within 360 s']),
};
const results = tasks.map((task) => byName[task.scenario]);

t.test('summary counts, worst verdict and per-scenario facts', async (t) => {
  const summary = buildMatrixSummary(facts, tasks, results);
  t.equal(summary.total, 3);
  t.equal(summary.passed, 1);
  t.equal(summary.failed, 2);
  t.equal(summary.skipped, 0);
  t.equal(summary.verdict, 'timed_out');
  const vda = summary.scenarios.find((s) => s.scenario === 'single-vda');
  t.same(vda?.bootDurationsMs, [20_000, 25_000]);
  t.equal(vda?.boots, 2);
  t.equal(summary.startedAt, '2026-11-22T01:00:00.000Z');
});

t.test(
  'tasks that never ran are listed as interrupted, counted as skipped, and make the run interrupted',
  async (t) => {
    const summary = buildMatrixSummary(facts, tasks, [results[0], undefined, undefined]);
    t.equal(summary.skipped, 2);
    t.equal(summary.failed, 0);
    t.equal(summary.verdict, 'interrupted');
    t.equal(summary.scenarios.length, 3);
    t.same(
      summary.scenarios.map((s) => [s.verdict, s.started]),
      [
        [results[0]?.verdict, true],
        ['interrupted', false],
        ['interrupted', false],
      ],
    );
    const xml = renderJunit(summary);
    t.match(xml, /tests="3" failures="\d+" errors="\d+" skipped="2"/);
    t.equal(xml.match(/<testcase /g)?.length, 3, 'one testcase per task, also for the unfinished ones');
    t.equal(xml.match(/<skipped message="interrupted before the scenario started"\/>/g)?.length, 2);
  },
);

t.test('JUnit and summary carry the image identity and the lock drift', async (t) => {
  const image = {
    lockSha256: 'a'.repeat(64),
    effectiveLockSha256: 'b'.repeat(64),
    kernelVersion: '6.12.117+deb13-amd64',
    drift: {
      mirror: 'file:/r',
      unavailable: ['zlib1g=1.3-1'],
      changed: [{ name: 'zlib1g', from: '1.3-1', to: '1.3-2' }],
      added: [],
      removed: [{ name: 'libold', version: '0.1' }],
    },
  };
  const summary = buildMatrixSummary({ ...facts, image }, tasks, results);
  t.same(summary.image, image);
  const xml = renderJunit(summary);
  t.match(xml, /<property name="package_lock_drifted" value="true"\/>/);
  t.match(xml, /<property name="package_lock_drift" value="- libold 0.1, zlib1g 1.3-1 → 1.3-2"\/>/);
  t.match(xml, /<property name="kernel_version" value="6.12.117\+deb13-amd64"\/>/);
});

t.test('JUnit: counts, failure vs error, escaped text', async (t) => {
  const xml = renderJunit(buildMatrixSummary(facts, tasks, results));
  t.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
  t.match(
    xml,
    /<testsuite name="zosstorage scenarios \(all\)" tests="3" failures="1" errors="1" skipped="0" time="95.000"/,
  );
  t.match(
    xml,
    /timestamp="2026-11-22T01:00:00">\n {4}<properties>\n {6}<property name="run_id" value="20261122-010000-abcdef"\/>/,
  );
  t.match(xml, /<property name="accel" value="tcg"\/>\n {6}<property name="jobs" value="2"\/>/);
  t.equal(xml.match(/<testcase /g)?.length, 3);
  t.match(xml, /<testcase classname="scenarios" name="single-vda" time="46.000">\n {6}<system-out>/);
  t.match(
    xml,
    /<failure message="assertion_failed: missing marker \(in order\): &lt;REFUSED&gt; &amp; &quot;x&quot;" type="assertion_failed">/,
  );
  t.match(xml, /<error message="timed_out: the guest did not finish within 360 s" type="timed_out">/);
  t.equal(xml.match(/<testcase /g)?.length, xml.match(/<\/testcase>/g)?.length);
  t.equal(escapeXml('a\u0001b<'), 'ab&lt;');
});

t.test('summary table: one row per scenario with verdict, boots, wall time; totals line', async (t) => {
  const table = formatSummaryTable(buildMatrixSummary(facts, tasks, results));
  const lines = table.split('\n');
  t.match(lines[0], /scenario\s+verdict\s+boots\s+wall time/);
  t.match(table, /✓\s+single-vda\s+passed\s+2\s+46\.0 s/);
  t.match(table, /✗\s+refuse-gpt\s+assertion_failed\s+1\s+16\.0 s/);
  t.match(table, /✗\s+io-error\s+timed_out\s+1\s+1 min 01 s/);
  t.match(
    lines.at(-1),
    /^1 passed, 2 failed of 3 in 1 min 35 s \(TCG, --jobs 2\); run 20261122-010000-abcdef$/,
  );
});

t.test(
  'below the table: the first failure of each failed scenario and every retried QEMU start',
  async (t) => {
    const retried = makeResult('single-vda', 'passed', [20_000, 25_000]);
    const secondBoot = retried.boots[1];
    if (secondBoot)
      secondBoot.retriedStart = "QEMU ended with exit code 1 after 0.2 s, before the guest's init";
    const table = formatSummaryTable(
      buildMatrixSummary(
        facts,
        tasks,
        tasks.map((task) => (task.scenario === 'single-vda' ? retried : byName[task.scenario])),
      ),
    );
    const lines = table.split('\n');
    const notes = lines.filter((line) => /^[✗!] \S+: /.test(line));
    t.same(notes, [
      "! single-vda: boot 2: QEMU ended with exit code 1 after 0.2 s, before the guest's init; started again",
      '✗ io-error: the guest did not finish within 360 s (/r/out/runs/id/io-error)',
      '✗ refuse-gpt: missing marker (in order): <REFUSED> & "x" (/r/out/runs/id/refuse-gpt)',
    ]);
    t.ok(lines.indexOf(notes[0] ?? '') > 3, 'the notes follow the table rows');
  },
);
