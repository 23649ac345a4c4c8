// launchQemu against a stand-in "QEMU" (a shell script printing console lines): watchdogs, aborts, exit codes.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConsoleMonitor } from '../console/console-monitor.ts';
import { compileConsolePattern } from '../scenario/console-pattern.ts';
import { launchQemu } from './launch-qemu.ts';

const fake = (script: string): string[] => ['sh', '-c', script];
const options = (
  dir: string,
  over: { timeoutMs?: number; initTimeoutMs?: number; forbidden?: string[] } = {},
) => ({
  serialLog: join(dir, 'serial.log'),
  timeoutMs: over.timeoutMs ?? 10_000,
  initTimeoutMs: over.initTimeoutMs ?? 5_000,
  monitor: createConsoleMonitor((over.forbidden ?? []).map(compileConsolePattern)),
});

t.test('a guest that exits on its own: status, lines and serial.log', async (t) => {
  const dir = t.testdir();
  const outcome = await launchQemu(fake("printf 'ZOSTEST:INIT\\r\\nhello\\r\\n'; exit 129"), options(dir));
  t.match(outcome, { stoppedBy: 'guest', exitCode: 129, lines: ['ZOSTEST:INIT', 'hello'] });
  t.equal(
    readFileSync(join(dir, 'serial.log'), 'utf8'),
    'ZOSTEST:INIT\r\nhello\r\n',
    'serial.log is byte for byte',
  );
});

t.test('no init marker in time: killed by the watchdog', async (t) => {
  const started = Date.now();
  const outcome = await launchQemu(
    fake('echo booting; exec sleep 30'),
    options(t.testdir(), { initTimeoutMs: 300 }),
  );
  t.equal(outcome.stoppedBy, 'init-timeout');
  t.ok(Date.now() - started < 5000, 'killed quickly');
});

t.test('init seen but never finishing: overall timeout', async (t) => {
  const outcome = await launchQemu(
    fake('echo ZOSTEST:INIT; exec sleep 30'),
    options(t.testdir(), { timeoutMs: 500, initTimeoutMs: 300 }),
  );
  t.equal(outcome.stoppedBy, 'timeout');
});

t.test('a forbidden line or a kernel panic stops it at once', async (t) => {
  const forbidden = await launchQemu(
    fake('echo ZOSTEST:INIT; echo ZOSSTORAGE:ERROR code=X; exec sleep 30'),
    options(t.testdir(), { forbidden: ['ZOSSTORAGE:ERROR'] }),
  );
  t.match(forbidden, { stoppedBy: 'forbidden', event: { kind: 'forbidden', lineNumber: 2 } });
  t.ok(forbidden.durationMs < 5000);
  const panic = await launchQemu(
    fake("echo ZOSTEST:INIT; echo '[ 1.0] Kernel panic - not syncing'; exec sleep 30"),
    options(t.testdir()),
  );
  t.match(panic, { stoppedBy: 'crash', event: { kind: 'crash', pattern: 'Kernel panic' } });
});

t.test('a helper holding the console pipe does not hold up the runner', async (t) => {
  const started = Date.now();
  const outcome = await launchQemu(
    fake('echo booting; sleep 30'),
    options(t.testdir(), { initTimeoutMs: 300 }),
  );
  t.equal(outcome.stoppedBy, 'init-timeout');
  t.ok(Date.now() - started < 6000, `returned after ${Date.now() - started} ms`);
});

t.test('stderr is kept for the verdict', async (t) => {
  const outcome = await launchQemu(
    fake('echo "qemu-system-x86_64: -drive: Could not open x" >&2; exit 1'),
    options(t.testdir()),
  );
  t.match(outcome, { stoppedBy: 'guest', exitCode: 1, stderr: /Could not open x/ });
});
