// Boots real VMs: SIGINT to `run-scenario-group dual-disk --jobs 2` while two VMs run leaves a complete record
// (verdicts, summary, JUnit, the HTML report).
import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../cli/run-harness-cli.ts';

/** Command lines of the QEMU processes still running for `runId` (their disks live under its folder). */
function listQemuOf(runId: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((line) => line.includes('qemu-system') && line.includes(runId));
}

t.test(
  'SIGINT during a two-VM group: VMs stopped, verdicts, summary, JUnit, table, cleanup, exit 130',
  async (t) => {
    const child = spawn(join(REPO_ROOT, 'scripts/run-scenario-group'), ['dual-disk', '--jobs', '2'], {
      cwd: '/',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let runId = '';
    let interrupted = false;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      runId ||= /run (\d{8}-\d{6}-[0-9a-f]+):/.exec(stderr)?.[1] ?? '';
      // Both workers have a VM up: send the interrupt then.
      const booting = stderr.match(/boot 1\/2 (provisioning|reporting)/g)?.length ?? 0;
      if (!interrupted && runId && booting >= 2 && listQemuOf(runId).length === 2) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const code = await exited;
    t.ok(interrupted, 'the interrupt was sent while two VMs ran');
    t.equal(code, 130, 'exit code of an interrupted run');
    t.same(listQemuOf(runId), [], 'no QEMU of the run survives');
    t.match(stderr, /SIGINT: stopping every VM and writing the results/);
    t.match(stderr, /scenario\s+verdict\s+boots\s+wall time/, 'the final table is printed');

    const runRoot = join(REPO_ROOT, 'out/runs', runId);
    const summary = JSON.parse(readFileSync(join(runRoot, 'summary.json'), 'utf8')) as {
      verdict: string;
      total: number;
      skipped: number;
      scenarios: { scenario: string; verdict: string; started: boolean }[];
    };
    const groupSize = readFileSync(join(REPO_ROOT, 'scenario-groups/dual-disk.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#')).length;
    t.equal(summary.verdict, 'interrupted');
    t.equal(summary.total, groupSize);
    t.equal(summary.scenarios.length, groupSize, 'every scenario is listed, finished or not');
    const unfinished = summary.scenarios.filter((s) => s.verdict === 'interrupted');
    t.ok(unfinished.filter((s) => s.started).length >= 2, 'the two running scenarios are interrupted');
    t.equal(summary.skipped, unfinished.filter((s) => !s.started).length);

    const junit = readFileSync(join(runRoot, 'junit.xml'), 'utf8');
    t.equal(junit.match(/<testcase /g)?.length, groupSize, 'one testcase per scenario');
    t.match(
      junit,
      new RegExp(`tests="${groupSize}" failures="\\d+" errors="\\d+" skipped="${summary.skipped}"`),
    );
    t.match(junit, /type="interrupted"/);

    const report = readFileSync(join(runRoot, 'index.html'), 'utf8');
    t.match(
      report,
      /<span class="v interrupted">interrupted<\/span>/,
      'the HTML report is written too, and says so',
    );
    for (const entry of summary.scenarios)
      t.ok(report.includes(`id="s-${entry.scenario}"`), `the report has a section for ${entry.scenario}`);

    for (const entry of unfinished) {
      const folder = join(runRoot, entry.scenario);
      const verdict = JSON.parse(readFileSync(join(folder, 'verdict.json'), 'utf8')) as { verdict: string };
      t.equal(verdict.verdict, 'interrupted', `${entry.scenario}/verdict.json`);
      t.notOk(existsSync(join(folder, 'disks')), `${entry.scenario}: disks removed`);
      t.notOk(existsSync(join(folder, 'initrd.img')), `${entry.scenario}: initrd removed`);
    }
    t.notOk(existsSync(join(runRoot, 'image')), 'the pinned image copy is removed');
    t.same(
      readdirSync(runRoot).filter((name) => name.endsWith('.qcow2')),
      [],
      'no disk image left at the top of the run folder',
    );
  },
);
