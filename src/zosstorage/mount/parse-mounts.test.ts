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
    { source: 'proc', target: '/proc', fsType: 'proc', majorMinor: null },
    { source: '/dev/vda3', target: '/var/cache/my disk', fsType: 'btrfs', majorMinor: null },
    { source: '/dev/vdb3:/dev/vdc3', target: '/var/cache/u', fsType: 'bcachefs', majorMinor: null },
  ]);
  t.same(parseMounts(''), []);
});

t.test('/proc/mounts lines with octal escapes', async (t) => {
  t.same(parseMounts('/dev/vda3 /var/cache/a\\040b btrfs rw,relatime 0 0\nproc /proc proc rw 0 0\n\n'), [
    { source: '/dev/vda3', target: '/var/cache/a b', fsType: 'btrfs', majorMinor: null },
    { source: 'proc', target: '/proc', fsType: 'proc', majorMinor: null },
  ]);
});

t.test('mountinfo lines, with and without optional fields', async (t) => {
  const text = [
    '36 35 254:3 / /var/cache/u rw,noatime shared:1 - btrfs /dev/vda3 rw,space_cache=v2',
    '40 35 0:45 / /data rw - bcachefs /dev/vda3:/dev/vdb3 rw',
  ].join('\n');
  t.same(parseMounts(text), [
    { source: '/dev/vda3', target: '/var/cache/u', fsType: 'btrfs', majorMinor: '254:3' },
    { source: '/dev/vda3:/dev/vdb3', target: '/data', fsType: 'bcachefs', majorMinor: '0:45' },
  ]);
});

t.test('an empty file has no mounts', async (t) => {
  t.same(parseMounts(''), []);
});
