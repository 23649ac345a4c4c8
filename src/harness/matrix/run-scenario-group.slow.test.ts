// Slow (boots VMs): the smoke group end to end through the CLI, two VMs side by side.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import t from 'tap';
import { main } from '../cli/run-scenario-group.ts';
import type { MatrixSummary } from './build-matrix-summary.ts';

t.setTimeout(15 * 60 * 1000);

t.test(
  'run-scenario-group smoke --jobs 2: both scenarios pass; summary.json, junit.xml and the copy agree',
  async (t) => {
    const dir = t.testdir({});
    const copy = join(dir, 'scenarios.json');
    const code = await main(['node', 'run-scenario-group', 'smoke', '--jobs', '2', '--summary-file', copy]);
    const summary = JSON.parse(await readFile(copy, 'utf8')) as MatrixSummary;
    t.equal(code, 0, 'exit code 0');
    t.same(summary.scenarios.map((s) => [s.scenario, s.verdict]).sort(), [
      ['refuse-gpt', 'passed'],
      ['single-vda', 'passed'],
    ]);
    t.equal(summary.passed, 2);
    t.equal(summary.failed, 0);
    t.equal(summary.jobs, 2);
    const runRoot = dirname(summary.scenarios[0]?.runDir ?? '');
    t.same(JSON.parse(await readFile(join(runRoot, 'summary.json'), 'utf8')), summary);
    const junit = await readFile(join(runRoot, 'junit.xml'), 'utf8');
    t.match(junit, /tests="2" failures="0" errors="0"/);
    for (const s of summary.scenarios) {
      const verdict = JSON.parse(await readFile(join(s.runDir, 'verdict.json'), 'utf8')) as {
        verdict: string;
      };
      t.equal(verdict.verdict, 'passed', `${s.scenario} has its own folder with verdict.json`);
    }
  },
);
