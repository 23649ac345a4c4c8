import t from 'tap';
import { join } from 'node:path';
import { findGuestTool, guestToolArgv } from './guest-tool.ts';

t.test('argv runs the tool through the guest loader with the guest libraries', async (t) => {
  const root = t.testdir({
    lib64: { 'ld-linux-x86-64.so.2': '' },
    usr: { sbin: { bcachefs: '' }, bin: { blkid: '', btrfs: '' } },
  });
  t.same(guestToolArgv(root, 'bcachefs', ['show-super', '/tmp/disk.raw']), [
    join(root, 'lib64/ld-linux-x86-64.so.2'),
    '--library-path',
    `${join(root, 'lib/x86_64-linux-gnu')}:${join(root, 'usr/lib/x86_64-linux-gnu')}`,
    join(root, 'usr/sbin/bcachefs'),
    'show-super',
    '/tmp/disk.raw',
  ]);
  t.equal(findGuestTool(root, 'blkid'), 'usr/bin/blkid');
  t.throws(() => guestToolArgv(root, 'mkfs.xfs', []), {
    code: 'GUEST_ROOT_INCOMPLETE',
    message: /`mkfs.xfs` is not in the guest root/,
  });
});

t.test('a root without the loader asks for a build', async (t) => {
  const root = t.testdir({ usr: { sbin: { bcachefs: '' } } });
  t.throws(() => guestToolArgv(root, 'bcachefs', []), /run \.\/scripts\/build-initramfs/);
});
