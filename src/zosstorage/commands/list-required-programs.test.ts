import t from 'tap';
import { makeConfig, makeGuidCounter, NVME_AND_HDD, ONE_VIRTIO } from '../plan/plan-fixtures.ts';
import { planProvisioning } from '../plan/plan-provisioning.ts';
import { listRequiredPrograms } from './list-required-programs.ts';

function list(devices = ONE_VIRTIO, overrides?: Parameters<typeof makeConfig>[0]): string[] {
  const config = makeConfig(overrides);
  return listRequiredPrograms(planProvisioning({ devices, config, newGuid: makeGuidCounter() }), config);
}

t.test('partitioning, mkfs and mount tools in order of first use, each once', async (t) => {
  t.same(list(), ['sfdisk', 'blockdev', 'mkfs.vfat', 'mkfs.btrfs', 'mount']);
  t.same(list(NVME_AND_HDD), [
    'sfdisk',
    'blockdev',
    'mkfs.vfat',
    'bcachefs',
    'mkdir',
    'mount',
    'umount',
    'rmdir',
  ]);
});

t.test('mount only when something is mounted, btrfs only for subvolumes on btrfs', async (t) => {
  t.same(list(ONE_VIRTIO, { mount: { enabled: false } }), ['sfdisk', 'blockdev', 'mkfs.vfat', 'mkfs.btrfs']);
  t.same(list(ONE_VIRTIO, { mount: { subvolumes: ['system'] } }).slice(-2), ['mount', 'btrfs']);
  t.notOk(list(NVME_AND_HDD, { mount: { subvolumes: ['system'] } }).includes('btrfs'));
});
