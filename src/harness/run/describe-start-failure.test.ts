import t from 'tap';
import type { QemuOutcome } from '../qemu/launch-qemu.ts';
import { INIT_MARKERS } from '../guest-protocol.ts';
import { describeStartFailure } from './run-scenario.ts';

const base: QemuOutcome = {
  exitCode: 1,
  signal: null,
  stoppedBy: 'guest',
  event: null,
  durationMs: 240,
  stderr:
    'qemu-system-x86_64: -drive file=/r/vda.qcow2: Failed to get "write" lock\nIs another process using the image?\n',
  lines: ['SeaBIOS (version 1.16.2)'],
  lineTimesMs: [12],
};

t.test('QEMU that ends by itself before init is a start failure, with its status and stderr', async (t) => {
  t.equal(
    describeStartFailure(base),
    'QEMU ended with exit code 1 after 0.2 s, before the guest\'s init: qemu-system-x86_64: -drive file=/r/vda.qcow2: Failed to get "write" lock / Is another process using the image?',
  );
  t.match(
    describeStartFailure({ ...base, exitCode: null, signal: 'SIGABRT', stderr: '' }),
    /^QEMU ended with signal SIGABRT after 0\.2 s, before the guest's init$/,
  );
});

t.test('a kernel crash before init is a start failure, with its line; after init it is not', async (t) => {
  const oops = '[    2.022186] Oops: int3: 0000 [#1] PREEMPT SMP NOPTI';
  const crashed: QemuOutcome = {
    ...base,
    exitCode: null,
    signal: 'SIGKILL',
    stoppedBy: 'crash',
    durationMs: 5100,
    event: { kind: 'crash', pattern: 'Oops', line: oops, lineNumber: 40 },
    lines: [...base.lines, oops],
  };
  t.equal(
    describeStartFailure(crashed),
    `the guest kernel crashed after 5.1 s, before the guest's init: ${oops}`,
  );
  t.equal(describeStartFailure({ ...crashed, lines: [`${INIT_MARKERS.INIT} x`, oops] }), null, 'after init');
});

t.test('not a start failure: init ran, the guest exited, or the harness stopped QEMU', async (t) => {
  t.equal(describeStartFailure({ ...base, lines: [...base.lines, `${INIT_MARKERS.INIT} x`] }), null);
  t.equal(describeStartFailure({ ...base, exitCode: 129 }), null, 'a guest exit byte');
  for (const stoppedBy of ['timeout', 'init-timeout', 'crash', 'forbidden', 'interrupted'] as const)
    t.equal(describeStartFailure({ ...base, stoppedBy }), null, `${stoppedBy} (no crash event)`);
});
