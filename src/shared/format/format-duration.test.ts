import t from 'tap';
import { formatDuration } from './format-duration.ts';

t.test('seconds with one decimal under a minute, minutes and whole seconds above', async (t) => {
  t.equal(formatDuration(0), '0.0 s');
  t.equal(formatDuration(8449), '8.4 s');
  t.equal(formatDuration(59_940), '59.9 s');
  t.equal(formatDuration(59_960), '1 min 00 s', 'rounds up into the next minute, never "60.0 s"');
  t.equal(formatDuration(119_600), '2 min 00 s', 'never "1 min 60 s"');
  t.equal(formatDuration(125_000), '2 min 05 s');
});
