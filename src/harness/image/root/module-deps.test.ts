import t from 'tap';
import {
  COLDPLUG_MODULES,
  findModulesWithoutAlias,
  moduleNameOf,
  parseModulesBuiltin,
  parseModulesDep,
  resolveModuleClosure,
} from './module-deps.ts';

const modulesDep = `kernel/fs/btrfs/btrfs.ko.xz: kernel/crypto/xor.ko.xz kernel/lib/raid6/raid6_pq.ko.xz kernel/lib/libcrc32c.ko.xz
kernel/crypto/xor.ko.xz:
kernel/lib/raid6/raid6_pq.ko.xz:
kernel/lib/libcrc32c.ko.xz:
kernel/fs/fat/vfat.ko.xz: kernel/fs/fat/fat.ko.xz
kernel/fs/fat/fat.ko.xz:
kernel/drivers/usb/storage/usb-storage.ko.xz: kernel/drivers/scsi/scsi_mod.ko.xz kernel/drivers/usb/core/usbcore.ko.xz
kernel/drivers/scsi/scsi_mod.ko.xz:
kernel/drivers/usb/core/usbcore.ko.xz:
kernel/drivers/char/hw_random/virtio-rng.ko.xz:
`;

t.test('module names drop the suffix and turn dashes into underscores', async (t) => {
  t.equal(moduleNameOf('kernel/drivers/usb/storage/usb-storage.ko.xz'), 'usb_storage');
  t.equal(moduleNameOf('kernel/fs/btrfs/btrfs.ko'), 'btrfs');
});

t.test('closure: wanted modules plus dependencies, sorted, no duplicates', async (t) => {
  const modules = parseModulesDep(modulesDep);
  t.same(resolveModuleClosure(['btrfs', 'vfat', 'btrfs'], modules), [
    'kernel/crypto/xor.ko.xz',
    'kernel/fs/btrfs/btrfs.ko.xz',
    'kernel/fs/fat/fat.ko.xz',
    'kernel/fs/fat/vfat.ko.xz',
    'kernel/lib/libcrc32c.ko.xz',
    'kernel/lib/raid6/raid6_pq.ko.xz',
  ]);
  t.same(resolveModuleClosure(['usb_storage', 'virtio_rng'], modules), [
    'kernel/drivers/char/hw_random/virtio-rng.ko.xz',
    'kernel/drivers/scsi/scsi_mod.ko.xz',
    'kernel/drivers/usb/core/usbcore.ko.xz',
    'kernel/drivers/usb/storage/usb-storage.ko.xz',
  ]);
});

t.test('builtin modules need no file; unknown ones are all named', async (t) => {
  const modules = parseModulesDep(modulesDep);
  const builtin = parseModulesBuiltin('kernel/drivers/virtio/virtio_pci.ko\n');
  t.same(resolveModuleClosure(['virtio_pci', 'vfat'], modules, builtin), [
    'kernel/fs/fat/fat.ko.xz',
    'kernel/fs/fat/vfat.ko.xz',
  ]);
  t.throws(() => resolveModuleClosure(['nvme', 'btrfs', 'zfs'], modules, builtin), {
    code: 'GUEST_ROOT_INCOMPLETE',
    message: /not found in modules.dep: nvme, zfs \(the locked kernel lacks them/,
  });
});

t.test(
  'a coldplug module that no alias line names is reported; dashes in names count as underscores',
  async (t) => {
    const aliases = [
      '# Aliases extracted from modules themselves.',
      'alias pci:v*d*sv*sd*bc01sc08i02* nvme',
      'alias virtio:d00000002v* virtio-blk',
      'alias fs-btrfs btrfs',
      'alias',
    ].join('\n');
    t.same(findModulesWithoutAlias(aliases, ['nvme', 'virtio_blk', 'ahci', 'xhci_pci']), [
      'ahci',
      'xhci_pci',
    ]);
    t.same(findModulesWithoutAlias('', COLDPLUG_MODULES), [...COLDPLUG_MODULES]);
  },
);
