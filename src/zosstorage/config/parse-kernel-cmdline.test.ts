import t from 'tap';
import { parseKernelCmdline } from './parse-kernel-cmdline.ts';

t.test('picks zosstorage.* words, keeps their order and values', async (t) => {
  const cmdline =
    'BOOT_IMAGE=/vmlinuz console=ttyS0 zosstorage.topology=btrfs_raid1 quiet zosstorage.force zostest=1\n';
  t.same(parseKernelCmdline(cmdline), [
    { name: 'topology', value: 'btrfs_raid1' },
    { name: 'force', value: null },
  ]);
});

t.test('double quotes group words with spaces; = inside values is kept', async (t) => {
  t.same(parseKernelCmdline('a "zosstorage.config=/etc/my config.yaml" zosstorage.x=a=b'), [
    { name: 'config', value: '/etc/my config.yaml' },
    { name: 'x', value: 'a=b' },
  ]);
  t.same(parseKernelCmdline('zosstorage.config="/a b.yaml" b'), [{ name: 'config', value: '/a b.yaml' }]);
});

t.test('an empty command line has no settings', async (t) => {
  t.same(parseKernelCmdline(''), []);
  t.same(parseKernelCmdline('root=/dev/sda1 ro'), []);
});

t.test('tabs and newlines split too; a quote left open runs to the end; "" is an empty value', async (t) => {
  t.same(parseKernelCmdline('zosstorage.a=1\tzosstorage.b=2\n zosstorage.c="x y'), [
    { name: 'a', value: '1' },
    { name: 'b', value: '2' },
    { name: 'c', value: 'x y' },
  ]);
  t.same(parseKernelCmdline('zosstorage.log_file="" zosstorage.d=a"b c"d'), [
    { name: 'log_file', value: '' },
    { name: 'd', value: 'ab cd' },
  ]);
});
