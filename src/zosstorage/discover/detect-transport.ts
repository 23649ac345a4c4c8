// Decides a disk's transport from its canonical sysfs path (where the kernel placed it in the device tree).
import type { Transport } from '../types.ts';

/**
 * Classifies a disk by the device-tree path `/sys/block/<name>` resolves to, e.g.
 * `…/virtio3/block/vda`, `…/nvme/nvme0/nvme0n1`, `…/nvme-subsystem/nvme-subsys0/nvme0n1`,
 * `…/ata1/host0/target0:0:0/…/block/sda`, `…/usb1/1-1/…/host2/…/block/sdb`,
 * `…/virtio2/host0/target0:0:0/…/block/sda` (virtio-scsi). `subsystem` is the basename of
 * `device/subsystem` when present (`virtio`, `scsi`, `nvme`, `nvme-subsystem`) and breaks ties.
 */
export function detectTransport(devicePath: string, subsystem: string | null): Transport {
  const segments = devicePath.split('/');
  const has = (pattern: RegExp): boolean => segments.some((segment) => pattern.test(segment));
  if (has(/^usb\d+$/)) return 'usb';
  if (has(/^ata\d+$/)) return 'sata';
  if (has(/^(nvme|nvme-subsystem)$/) || subsystem === 'nvme' || subsystem === 'nvme-subsystem') {
    return 'nvme';
  }
  if (has(/^target\d+:\d+:\d+$/) || subsystem === 'scsi') return 'scsi';
  if (has(/^virtio\d+$/) || subsystem === 'virtio') return 'virtio';
  return 'unknown';
}
