import t from 'tap';
import { planBusyboxLinks, planModuleConfig, planSkeleton } from './base-layer.ts';

t.test('busybox applets map to merged /usr and never shadow a shipped tool', async (t) => {
  const listFull = 'bin/sh\nsbin/modprobe\nusr/bin/awk\nbin/mount\nlinuxrc\nbin/busybox\n';
  const links = planBusyboxLinks(listFull, new Set(['usr/bin/mount', 'usr/sbin/modprobe']));
  t.same(links, [
    { type: 'symlink', path: 'usr/bin/sh', target: '/usr/bin/busybox' },
    { type: 'symlink', path: 'usr/bin/awk', target: '/usr/bin/busybox' },
  ]);
});

t.test(
  'the module list marks controllers coldplug, crc32c_intel optional, bcachefs on demand; skeleton has merged /usr and tmp 1777',
  async (t) => {
    const [list] = planModuleConfig();
    const text = list?.type === 'file' ? list.data.toString() : '';
    t.match(text, /^virtio_rng$/m, 'the entropy driver loads by name, device or not');
    t.match(text, /^sd_mod$/m);
    t.match(text, /^virtio_blk coldplug$/m, 'controller drivers load for the devices present');
    t.match(text, /^nvme coldplug$/m);
    t.match(text, /^ahci coldplug$/m);
    t.match(text, /^xhci_pci coldplug$/m);
    t.notMatch(text, /^xhci_hcd/m, "xhci_hcd comes in as xhci_pci's dependency");
    t.match(text, /^usb_storage usb$/m, 'usb_storage waits for a USB host controller');
    t.match(text, /^crc32c_intel optional background$/m);
    t.match(text, /^btrfs background$/m);
    t.notMatch(text, /^btrfs optional/m);
    t.match(
      text,
      /^bcachefs ondemand$/m,
      'bcachefs is shipped, loaded when a mount or the provisioner needs it',
    );
    t.match(text, /^vfat ondemand$/m);
    t.notMatch(text, /^bcachefs .*background/m);
    const skeleton = planSkeleton();
    t.ok(skeleton.some((e) => e.type === 'symlink' && e.path === 'lib64' && e.target === 'usr/lib64'));
    t.ok(skeleton.some((e) => e.type === 'dir' && e.path === 'tmp' && e.mode === 0o1777));
  },
);
