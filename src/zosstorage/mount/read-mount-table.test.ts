import { join } from 'node:path';
import t from 'tap';
import { readMountTable } from './read-mount-table.ts';

t.test('the mount table is parsed; an unreadable one is USAGE naming the file and the fix', async (t) => {
  const dir = t.testdir({ mounts: '/dev/vda3 /var/cache/x btrfs rw 0 0\n' });
  t.match(await readMountTable(join(dir, 'mounts')), [{ source: '/dev/vda3', target: '/var/cache/x' }]);
  const missing = join(dir, 'no-such-mounts');
  await t.rejects(readMountTable(missing), {
    code: 'USAGE',
    message: `cannot read the mount table ${missing} (ENOENT): mount /proc or pass --mounts-file; nothing was written`,
  });
});
