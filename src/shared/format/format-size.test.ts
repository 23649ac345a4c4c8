import t from 'tap';
import { formatSize } from './format-size.ts';

t.test('binary units with one decimal at most', async (t) => {
  t.equal(formatSize(0), '0 B');
  t.equal(formatSize(512), '512 B');
  t.equal(formatSize(512 * 1024 ** 2), '512 MiB');
  t.equal(formatSize(40 * 1024 ** 3), '40 GiB');
  t.equal(formatSize(1.5 * 1024 ** 4), '1.5 TiB');
  t.equal(formatSize(1000), '1000 B');
});
