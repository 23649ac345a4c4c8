import t from 'tap';
import { parseMounts } from './parse-mounts.ts';

t.test('reads source, target and type; unescapes octal escapes', async (t) => {
  const text = [
    'proc /proc proc rw,nosuid 0 0',
    '/dev/vda3 /var/cache/my\\040disk btrfs rw,compress=zstd:1 0 0',
    '/dev/vdb3:/dev/vdc3 /var/cache/u bcachefs rw 0 0',
    '',
  ].join('\n');
  t.same(parseMounts(text), [
    { source: 'proc', target: '/proc', type: 'proc' },
    { source: '/dev/vda3', target: '/var/cache/my disk', type: 'btrfs' },
    { source: '/dev/vdb3:/dev/vdc3', target: '/var/cache/u', type: 'bcachefs' },
  ]);
  t.same(parseMounts(''), []);
});
