import t from 'tap';
import { join } from 'node:path';
import { collectRunReport } from './collect-run-report.ts';
import {
  makeBootResult,
  makeDisk,
  makeInspection,
  makeRunSummary,
  makeScenarioResult,
  makeScenarioSummary,
} from './make-report-fixtures.ts';

t.test(
  'reads each boot: before (boot 1: inspection.before.json, then the boot before), after, console times',
  async (t) => {
    const runRoot = t.testdir({});
    const summary = makeRunSummary([
      makeScenarioSummary('single-vda', { runDir: join(runRoot, 'single-vda'), boots: 2 }),
      makeScenarioSummary('refuse-gpt', {
        runDir: join(runRoot, 'refuse-gpt.r2'),
        verdict: 'interrupted',
        boots: 1,
      }),
      makeScenarioSummary('never-started', { runDir: '', verdict: 'interrupted', boots: 0, started: false }),
    ]);
    const [single, refuse] = summary.scenarios;
    const json = (value: unknown): string => JSON.stringify(value);
    const dir = t.testdir({
      'summary.json': json(summary),
      'junit.xml': '<testsuites/>',
      'single-vda': {
        'verdict.json': json(makeScenarioResult(single!, [makeBootResult(1), makeBootResult(2)])),
        'inspection.before.json': json(makeInspection(0, [makeDisk('vda', 100, [])])),
        'inspection.json': json(makeInspection(1, [makeDisk('vda', 101, [])])),
        'inspection.boot2.json': json(makeInspection(2, [makeDisk('vda', 102, [])])),
        'serial.times.tsv': '10\tZOSTEST:INIT\n25\tZOSSTORAGE:DONE\n',
        disks: { 'vda.qcow2': '' },
      },
      'refuse-gpt.r2': {
        'verdict.json': json(makeScenarioResult(refuse!, [makeBootResult(1, { verdict: 'interrupted' })])),
      },
    });
    t.equal(dir, runRoot);
    const report = await collectRunReport(
      runRoot,
      summary,
      new Map([['single-vda', [{ id: 'vda', bus: 'nvme', sizeBytes: 1 }]]]),
    );
    t.same(report.runFiles, ['junit.xml', 'summary.json']);
    const [a, b, c] = report.scenarios;
    t.same(
      a?.boots.map((boot) => [boot.before?.disks[0]?.sizeBytes, boot.after?.disks[0]?.sizeBytes]),
      [
        [100 * 2 ** 20, 101 * 2 ** 20],
        [101 * 2 ** 20, 102 * 2 ** 20],
      ],
    );
    t.same(
      a?.boots[0]?.timeline.map((e) => [e.name, e.atMs, e.deltaMs]),
      [
        ['INIT', 10, 10],
        ['DONE', 25, 15],
      ],
    );
    t.same(a?.boots[1]?.timeline, [], 'no times file, no timeline');
    t.same(a?.disks, [{ id: 'vda', bus: 'nvme', sizeBytes: 1 }]);
    t.same(
      a?.artifacts,
      [
        'single-vda/inspection.before.json',
        'single-vda/inspection.boot2.json',
        'single-vda/inspection.json',
        'single-vda/serial.times.tsv',
        'single-vda/verdict.json',
      ],
      'files only: disks/ is not listed',
    );
    t.equal(b?.folder, 'refuse-gpt.r2');
    t.same(
      b?.boots.map((boot) => [boot.before, boot.after]),
      [[null, null]],
      'missing files are null, not an error',
    );
    t.same(b?.disks, []);
    t.equal(c?.result, null, 'a scenario that never started has no verdict to read');
    t.same(c?.boots, []);
  },
);
