import t from 'tap';
import type { RunReport } from './collect-run-report.ts';
import {
  makeBootResult,
  makeDisk,
  makeFilesystem,
  makeInspection,
  makeRunSummary,
  makeScenarioResult,
  makeScenarioSummary,
  makeZosDisk,
} from './make-report-fixtures.ts';
import { renderRunReport } from './render-run-report.ts';

function buildReport(): RunReport {
  const passed = makeScenarioSummary('single-vda', { boots: 2, bootDurationsMs: [11_000, 9_000] });
  const failed = makeScenarioSummary('refuse-gpt', {
    verdict: 'assertion_failed',
    failures: ['vda: expected unchanged, <differs> at offset 512'],
  });
  const fs = makeFilesystem('btrfs', 'u-1', ['vda']);
  const blank = makeInspection(0, [makeDisk('vda', 40 * 1024, [])]);
  const provisioned = makeInspection(1, [makeZosDisk('vda', 40 * 1024, 'zosdata', fs)], [fs]);
  const again = makeInspection(2, [makeZosDisk('vda', 40 * 1024, 'zosdata', fs)], [fs]);
  const changed = {
    ...makeInspection(1, [makeDisk('vda', 40 * 1024, [])]),
    unchanged: { vda: { identical: false, difference: 'offset 512' } },
  };
  return {
    summary: makeRunSummary([passed, failed]),
    runFiles: ['index.html', 'junit.xml', 'summary.json'],
    scenarios: [
      {
        summary: passed,
        result: makeScenarioResult(passed, [makeBootResult(1), makeBootResult(2, { durationMs: 9000 })]),
        folder: 'single-vda',
        disks: [{ id: 'vda', bus: 'virtio', sizeBytes: 40 * 1024 ** 3 }],
        boots: [
          {
            result: makeBootResult(1),
            before: blank,
            after: provisioned,
            timeline: [{ atMs: 3050, deltaMs: 3050, name: 'INIT', subject: '', line: 'ZOSTEST:INIT' }],
          },
          {
            result: makeBootResult(2, { durationMs: 9000 }),
            before: provisioned,
            after: again,
            timeline: [],
          },
        ],
        artifacts: ['single-vda/serial.log', 'single-vda/verdict.json'],
      },
      {
        summary: failed,
        result: makeScenarioResult(
          failed,
          [makeBootResult(1, { verdict: 'assertion_failed', zosstorageExit: 0 })],
          {
            lastLines: ['ZOSSTORAGE:DONE', '<script>alert(1)</script>'],
            missingMarkers: ['ZOSSTORAGE:REFUSED'],
            disksKept: true,
          },
        ),
        folder: 'refuse-gpt',
        disks: [{ id: 'vda', bus: 'virtio', sizeBytes: 40 * 1024 ** 3 }],
        boots: [
          {
            result: makeBootResult(1, { verdict: 'assertion_failed' }),
            before: blank,
            after: changed,
            timeline: [],
          },
        ],
        artifacts: ['refuse-gpt/serial.log'],
      },
    ],
  };
}

t.test(
  'failures come first, with the failed expectation, missing markers, console tail and rerun commands',
  async (t) => {
    const html = renderRunReport(buildReport());
    const failures = html.indexOf('<h2>Failures (1)</h2>');
    const table = html.indexOf('<h2>Scenarios</h2>');
    t.ok(failures > 0 && failures < table, 'the failures section is above the table');
    t.ok(
      html.indexOf('id="s-refuse-gpt"') < html.indexOf('id="s-single-vda"'),
      'the failed scenario is drawn first',
    );
    t.match(html, /vda: expected unchanged, &lt;differs&gt; at offset 512/);
    t.match(html, /<code>ZOSSTORAGE:REFUSED<\/code>/);
    t.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    t.match(html, /\.\/scripts\/run-scenario refuse-gpt --keep --verbose --accel tcg/);
    t.match(
      html,
      /\.\/scripts\/run-scenario-group --rerun-failed out\/runs\/20261201-120000-abcdef\/summary\.json/,
    );
    t.match(html, /\.\/scripts\/run-scenario --recheck out\/runs\/20261201-120000-abcdef\/refuse-gpt/);
    t.match(html, /CHANGED \(expected unchanged\)/);
  },
);

t.test('self-contained: no script, nothing fetched from elsewhere, every link relative', async (t) => {
  const html = renderRunReport(buildReport());
  t.notMatch(html, /<script/i);
  t.notMatch(html, /\b(src|href)="(https?:)?\/\//, 'no external resource or link');
  t.notMatch(html, /<link /, 'no stylesheet link');
  t.match(html, /default-src 'none'/, 'a CSP that would block any fetch');
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? '');
  t.same(hrefs.filter((h) => !h.startsWith('#')).sort(), [
    'index.html',
    'junit.xml',
    'refuse-gpt/',
    'refuse-gpt/serial.log',
    'single-vda/serial.log',
    'single-vda/verdict.json',
    'summary.json',
  ]);
  for (const h of hrefs.filter((h) => h.startsWith('#')))
    t.ok(html.includes(`id="${h.slice(1)}"`), `anchor ${h} exists`);
});

t.test('per boot: before and after drawings, tables, the timeline; the summary counts', async (t) => {
  const html = renderRunReport(buildReport());
  t.equal(
    (html.match(/<svg [^>]*class="disks"/g) ?? []).length,
    6,
    'before and after for each of the three boots',
  );
  t.equal((html.match(/class="timeline"/g) ?? []).length, 1, 'a timeline where console times were recorded');
  t.match(html, /<title>✗ zosstorage run 20261201-120000-abcdef: 1\/2 passed<\/title>/);
  t.match(html, /blank: no partition table, no signature/);
  t.match(html, /layout unchanged/, 'boot 2 of the positive scenario kept the layout');
  t.match(html, /vda p3 &quot;zosdata&quot;: member/);
  t.equal((html.match(/id="/g) ?? []).length, new Set(html.match(/id="[^"]+"/g)).size, 'ids are unique');
});
