import t from 'tap';
import { detectTransport } from './detect-transport.ts';

t.test('classifies real sysfs device paths', async (t) => {
  t.equal(detectTransport('/sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda', 'virtio'), 'virtio');
  t.equal(detectTransport('/sys/devices/pci0000:00/0000:00:04.0/nvme/nvme0/nvme0n1', 'nvme'), 'nvme');
  t.equal(
    detectTransport('/sys/devices/virtual/nvme-subsystem/nvme-subsys0/nvme0n1', 'nvme-subsystem'),
    'nvme',
  );
  t.equal(
    detectTransport('/sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda', 'scsi'),
    'sata',
  );
  t.equal(
    detectTransport(
      '/sys/devices/pci0000:00/0000:00:05.0/usb1/1-1/1-1:1.0/host2/target2:0:0/2:0:0:0/block/sdb',
      'scsi',
    ),
    'usb',
  );
  t.equal(
    detectTransport(
      '/sys/devices/pci0000:00/0000:00:03.0/virtio2/host0/target0:0:0/0:0:0:0/block/sda',
      'scsi',
    ),
    'scsi',
    'virtio-scsi disks are SCSI disks, not virtio-blk',
  );
  t.equal(
    detectTransport('/sys/devices/pci0000:00/0000:00:03.0/host0/target0:2:0/0:2:0:0/block/sda', 'scsi'),
    'scsi',
    'a MegaRAID volume',
  );
  t.equal(
    detectTransport('/sys/devices/pci0000:00/0000:00:03.0/mmc_host/mmc0/mmc0:4567/block/mmcblk0', 'mmc'),
    'mmc',
  );
  t.equal(detectTransport('/sys/devices/vbd-51712/block/xvda', 'xen'), 'xen');
});

t.test('falls back to the subsystem, then unknown', async (t) => {
  t.equal(detectTransport('/sys/devices/somewhere/block/vdx', 'virtio'), 'virtio');
  t.equal(detectTransport('/sys/devices/virtual/block/loop0', null), 'unknown');
});
