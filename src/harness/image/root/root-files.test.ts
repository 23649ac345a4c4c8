import t from 'tap';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { collectRootPath, resolveInRoot, resolveLinkTarget } from './root-files.ts';
import type { CpioEntry } from '../layers/cpio.ts';

t.test('link targets resolve inside the root, relative or absolute', async (t) => {
  t.equal(resolveLinkTarget('usr/sbin/modprobe', '../bin/kmod'), 'usr/bin/kmod');
  t.equal(resolveLinkTarget('etc/alternatives/x', '/usr/bin/x'), 'usr/bin/x');
});

t.test('merged-/usr links and symlink chains become entries for every hop', async (t) => {
  const root = t.testdir({
    usr: { bin: { kmod: 'ELF' }, sbin: {}, lib: { 'x86_64-linux-gnu': { 'libz.so.1.3': 'lib' } } },
  });
  symlinkSync('usr/lib', join(root, 'lib'));
  symlinkSync('../bin/kmod', join(root, 'usr/sbin/modprobe'));
  symlinkSync('libz.so.1.3', join(root, 'usr/lib/x86_64-linux-gnu/libz.so.1'));
  t.equal(resolveInRoot(root, 'lib/x86_64-linux-gnu/libz.so.1'), 'usr/lib/x86_64-linux-gnu/libz.so.1.3');
  const entries = new Map<string, CpioEntry>();
  collectRootPath(root, 'usr/sbin/modprobe', entries);
  collectRootPath(root, 'lib/x86_64-linux-gnu/libz.so.1', entries);
  t.same([...entries.keys()].sort(), [
    'usr/bin/kmod',
    'usr/lib/x86_64-linux-gnu/libz.so.1',
    'usr/lib/x86_64-linux-gnu/libz.so.1.3',
    'usr/sbin/modprobe',
  ]);
  const link = entries.get('usr/sbin/modprobe');
  t.same(link, { type: 'symlink', path: 'usr/sbin/modprobe', target: '../bin/kmod' });
  t.throws(() => collectRootPath(root, 'usr/bin/missing', entries), {
    code: 'GUEST_ROOT_INCOMPLETE',
    message: /\/usr\/bin\/missing is not in the guest root/,
  });
});
