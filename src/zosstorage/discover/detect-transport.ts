// Decides a disk's transport from its canonical sysfs path (where the kernel placed it in the device tree).
import type { Transport } from '../types.ts';

/**
 * Classifies a disk by the device-tree path `/sys/block/<name>` resolves to, e.g.
 * `…/virtio3/block/vda`, `…/nvme/nvme0/nvme0n1`, `…/nvme-subsystem/nvme-subsys0/nvme0n1`,
 * `…/ata1/host0/target0:0:0/…/block/sda`, `…/usb1/1-1/…/host2/…/block/sdb`,
 * `…/virtio2/host0/target0:0:0/…/block/sda` (virtio-scsi, and every SCSI, SAS or RAID HBA),
 * `…/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0` (SD, eMMC), `…/vbd-51712/block/xvda` (Xen). `subsystem` is the
 * basename of `device/subsystem` when present (`virtio`, `scsi`, `nvme`, `nvme-subsystem`, `mmc`, `xen`) and breaks
 * ties.
 */
export function detectTransport(devicePath: string, subsystem: string | null): Transport {
  const segments = devicePath.split('/');
  const has = (pattern: RegExp): boolean => segments.some((segment) => pattern.test(segment));
  if (has(/^usb\d+$/)) return 'usb';
  if (has(/^mmc_host$/) || subsystem === 'mmc') return 'mmc';
  if (has(/^vbd-\d+$/) || subsystem === 'xen') return 'xen';
  if (has(/^ata\d+$/)) return 'sata';
  if (has(/^(nvme|nvme-subsystem)$/) || subsystem === 'nvme' || subsystem === 'nvme-subsystem') {
    return 'nvme';
  }
  if (has(/^target\d+:\d+:\d+$/) || subsystem === 'scsi') return 'scsi';
  if (has(/^virtio\d+$/) || subsystem === 'virtio') return 'virtio';
  return 'unknown';
}
