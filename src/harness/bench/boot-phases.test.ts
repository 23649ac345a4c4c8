import t from 'tap';
import { median, parseBootPhases, unionLength } from './boot-phases.ts';

const CONSOLE = [
  'ZOSTEST:INIT',
  'ZOSSTORAGE:START version=0.1.0',
  '2026-12-01T18:51:40.100Z DEBUG runtime started node_uptime_ms=3900 kernel_uptime_s=7.00 ready_ms=2600 gate_wait_ms=1280',
  'ZOSSTORAGE:SAFE device=/dev/vda state=empty probe_ms=300 tools_ms=650 scan_ms=250',
  '2026-12-01T18:51:40.784Z DEBUG command finished purpose="write the GPT" exit=0 ms=1300',
  '2026-12-01T18:51:41.784Z DEBUG command finished purpose="make the ESP" exit=0 ms=200',
  'ZOSTEST:TIMING init=3.00 modules_loaded=4.50 zosstorage_exit=9.50 poweroff=9.75',
].join('\n');

t.test(
  'a debug boot splits into kernel, modules, runtime start and wait, logic, tools and power-off',
  async (t) => {
    const phases = parseBootPhases(CONSOLE);
    t.ok(phases);
    if (!phases) return;
    t.equal(phases.kernelUnpack, 3);
    t.equal(phases.modules, 1.5);
    t.equal(phases.runtimeStart, 2.6);
    t.equal(phases.runtimeWait, 2.5);
    t.equal(phases.tools, 1.5);
    t.equal(phases.ownReads, 0.55);
    t.equal(Number(phases.logic.toFixed(3)), 1);
    t.equal(phases.reportPoweroff, 0.25);
  },
);

t.test(
  'a runtime started without the start gate (an older init) has no ready time, the wait is still known',
  async (t) => {
    const phases = parseBootPhases(CONSOLE.replace(' ready_ms=2600 gate_wait_ms=1280', ''));
    t.ok(phases && Number.isNaN(phases.runtimeStart));
    t.equal(phases?.runtimeWait, 2.5);
  },
);

t.test('a boot without the debug start line or the TIMING line has no phases', async (t) => {
  t.equal(parseBootPhases(CONSOLE.replace(/.*runtime started.*\n/, '')), null);
  t.equal(parseBootPhases(CONSOLE.replace(/ZOSTEST:TIMING.*/, '')), null);
});

t.test('medians of odd and even counts', async (t) => {
  t.equal(median([3, 1, 2]), 2);
  t.equal(median([4, 1, 3, 2]), 2.5);
  t.ok(Number.isNaN(median([])));
});

t.test('overlapping commands count once in the tools time, and the logic gets the rest', async (t) => {
  const overlapped = CONSOLE.replace(
    '2026-12-01T18:51:40.784Z DEBUG command finished purpose="write the GPT" exit=0 ms=1300',
    '2026-12-01T18:51:41.684Z DEBUG command finished purpose="list signatures" exit=0 ms=1000\n' +
      '2026-12-01T18:51:41.284Z DEBUG command finished purpose="load modules" exit=0 ms=300',
  );
  const phases = parseBootPhases(overlapped);
  // list signatures 40.684-41.684 holds load modules 40.984-41.284; make the ESP 41.584-41.784 overlaps its end.
  t.equal(Number(phases?.tools.toFixed(3)), 1.1);
  t.equal(Number(phases?.logic.toFixed(3)), 1.4);
});

t.test('unionLength: disjoint, nested, touching and empty', async (t) => {
  t.equal(unionLength([]), 0);
  t.equal(
    unionLength([
      [0, 1],
      [2, 3],
    ]),
    2,
  );
  t.equal(
    unionLength([
      [0, 10],
      [2, 3],
    ]),
    10,
  );
  t.equal(
    unionLength([
      [5, 6],
      [0, 5],
    ]),
    6,
  );
});
