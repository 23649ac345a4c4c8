import { PassThrough } from 'node:stream';
import t from 'tap';
import { createProgressDisplay } from './create-progress-display.ts';
import { formatProgressBlock, formatProgressEvent, type ProgressState } from './format-progress.ts';

const state: ProgressState = {
  total: 25,
  done: 7,
  failed: 1,
  startedAt: 0,
  running: [
    { folder: 'single-vda', phase: 'provisioning', boot: 1, boots: 2, startedAt: 60_000 },
    { folder: 'dual-bcachefs-raid1', phase: 'building', boot: null, boots: 2, startedAt: 125_000 },
  ],
};

t.test(
  'the live block: count line, then one line per running VM with its phase and elapsed time',
  async (t) => {
    t.same(formatProgressBlock(state, 130_000), [
      '[matrix 2:10] 7/25 done, 1 failed, 2 running',
      '  single-vda           boot 1/2 provisioning      1:10',
      '  dual-bcachefs-raid1  building                   0:05',
    ]);
  },
);

t.test('an event line for logs that are not a terminal', async (t) => {
  t.equal(
    formatProgressEvent(state, state.running[0]!, 90_000, 'x'),
    '[7/25 done, 1 failed] single-vda: boot 1/2 provisioning (x) 0:30',
  );
});

t.test('the display without a terminal prints one line per event and counts done/failed', async (t) => {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream;
  let text = '';
  (stream as unknown as PassThrough).on('data', (chunk: Buffer) => (text += chunk.toString()));
  let clock = 0;
  const display = createProgressDisplay({ stream, total: 2, live: false, now: () => clock });
  display.start('a', 2);
  clock = 3000;
  display.update('a', { scenario: 'a', phase: 'booting', boot: 1, boots: 2, elapsedMs: 3000 });
  display.finish('a', false);
  display.close();
  t.same(text.trim().split('\n'), [
    '[0/2 done, 0 failed] a: building 0:00',
    '[0/2 done, 0 failed] a: boot 1/2 booting 0:03',
    '[1/2 done, 1 failed] a: done (FAILED) 0:03',
  ]);
});

t.test(
  'the live display redraws in place (cursor up, clear) and leaves no block behind on close',
  async (t) => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream;
    let text = '';
    (stream as unknown as PassThrough).on('data', (chunk: Buffer) => (text += chunk.toString()));
    const display = createProgressDisplay({ stream, total: 1, live: true, now: () => 0 });
    display.start('a', 1);
    display.log('note');
    display.close();
    t.match(text, /^\[matrix 0:00\] 0\/1 done, 0 failed, 1 running\n {2}a {2}building/);
    t.ok(text.includes('\x1b[2A\x1b[Jnote\n'), 'the block is cleared before a log line and redrawn after');
    t.ok(text.endsWith('\x1b[2A\x1b[J'), 'the block is cleared on close');
  },
);
