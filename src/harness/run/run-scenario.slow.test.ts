// Boots real VMs: single-vda end to end, and a forbidden marker that must stop the VM long before its timeout.
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../scenario/load-scenario.ts';
import { prepareRun, type PreparedRun } from './prepare-run.ts';
import { runScenario } from './run-scenario.ts';

const ROOT = join(import.meta.dirname, '../../..');
let prepared: PreparedRun;

t.before(async () => {
  prepared = await prepareRun({ root: ROOT, accel: 'auto', log: (m) => t.comment(m) });
});

const options = (name: string) => ({
  root: ROOT,
  runDir: join(prepared.runRoot, name),
  accel: prepared.accel,
  image: prepared.image,
  keep: false,
  timeoutScale: prepared.timeoutScale,
});

t.test('single-vda: provisioned, then already provisioned with the same layout', async (t) => {
  const scenario = await loadScenario(ROOT, 'single-vda');
  const result = await runScenario(scenario, options('single-vda'));
  t.equal(result.verdict, 'passed', result.failures.join('\n'));
  t.same(
    result.boots.map((b) => [b.verdict, b.zosstorageExit, b.stoppedBy]),
    [
      ['passed', 0, 'guest'],
      ['passed', 0, 'guest'],
    ],
  );
  for (const file of [
    'serial.log',
    'serial.boot2.log',
    'qemu-cmdline.txt',
    'report.json',
    'report.boot2.json',
    'inspection.json',
    'verdict.json',
  ]) {
    t.ok(existsSync(join(result.runDir, file)), `${file} written`);
  }
  t.notOk(existsSync(join(result.runDir, 'disks')), 'disks of a passing run are deleted');
  const inspection = JSON.parse(readFileSync(join(result.runDir, 'inspection.boot2.json'), 'utf8'));
  t.same(
    inspection.disks[0].partitions.map(
      (p: { name: string; probe: { type: string | null; label: string | null } }) => [
        p.name,
        p.probe.type,
        p.probe.label,
      ],
    ),
    [
      ['zosboot', null, null],
      ['zosboot', 'vfat', 'ZOSBOOT'],
      ['zosdata', 'btrfs', 'ZOSDATA'],
    ],
  );
  const report = JSON.parse(readFileSync(join(result.runDir, 'report.boot2.json'), 'utf8'));
  t.equal(report.status, 'already_provisioned');
});

t.test('a forbidden marker aborts the run at once', async (t) => {
  const scenario = await loadScenario(ROOT, 'abort-on-forbidden');
  const started = Date.now();
  const result = await runScenario(scenario, options('abort-on-forbidden'));
  const elapsed = Date.now() - started;
  t.equal(result.verdict, 'assertion_failed');
  t.equal(result.boots[0]?.stoppedBy, 'forbidden');
  t.match(result.failures[0], /forbidden marker "ZOSTEST:MODULES_LOADED" at console line \d+/);
  const budget = scenario.timeoutSeconds * prepared.timeoutScale * 1000;
  t.ok(elapsed < budget / 10, `stopped after ${elapsed} ms, budget ${budget} ms`);
  t.ok(existsSync(join(result.runDir, 'disks', 'vda.qcow2')), 'disks of a failed run are kept');
});
