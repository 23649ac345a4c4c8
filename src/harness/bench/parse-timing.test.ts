import t from 'tap';
import { parseTimingLine } from './parse-timing.ts';

t.test('reads the last TIMING line into numbers', async (t) => {
  const console = [
    'ZOSTEST:INIT',
    'ZOSTEST:TIMING init=1.00 poweroff=2.00',
    'noise ZOSTEST:TIMING init=9',
    'ZOSTEST:TIMING init=3.41 modules_loaded=5.02 zosstorage_exit=12.5 poweroff=12.93\r',
    'ZOSTEST:POWEROFF byte=64',
  ].join('\n');
  t.same(parseTimingLine(console), {
    init: 3.41,
    modules_loaded: 5.02,
    zosstorage_exit: 12.5,
    poweroff: 12.93,
  });
});

t.test('no TIMING line gives null', async (t) => {
  t.equal(parseTimingLine('ZOSTEST:INIT\nZOSTEST:POWEROFF byte=64\n'), null);
});
