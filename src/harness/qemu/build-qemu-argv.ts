// Pure: the QEMU command line for one boot (machine, accel, kernel, initrd, serial, disks per bus).
import type { BlkdebugRule, ScenarioDisk } from '../scenario/scenario-types.ts';
import { CONTROLLER_BUSES, isControllerBus } from './disk-buses.ts';

export type Accel = 'kvm' | 'tcg';

export interface QemuDisk {
  disk: Pick<
    ScenarioDisk,
    | 'id'
    | 'bus'
    | 'controller'
    | 'serial'
    | 'rotationRate'
    | 'removable'
    | 'logicalBlockSize'
    | 'physicalBlockSize'
    | 'nvmeController'
    | 'nvmeNamespaceId'
    | 'wwid'
  >;
  image: string;
  /** Path of the blkdebug rules file when the disk injects errors. */
  blkdebugConfig: string | null;
}

export interface QemuLaunchSpec {
  qemuBinary: string;
  accel: Accel;
  memoryMiB: number;
  smp: number;
  kernel: string;
  /** null boots the kernel alone (the KVM probe). */
  initrd: string | null;
  cmdline: string;
  disks: QemuDisk[];
}

/** blkdebug's ini-style rules file: one `[inject-error]` section per rule. */
export function formatBlkdebugConfig(rules: readonly BlkdebugRule[]): string {
  return rules
    .map((rule) =>
      [
        '[inject-error]',
        `event = "${rule.event}"`,
        `errno = "${rule.errno}"`,
        ...(rule.sector === null ? [] : [`sector = "${rule.sector}"`]),
        `once = "${rule.once ? 'on' : 'off'}"`,
        '',
      ].join('\n'),
    )
    .join('\n');
}

function buildDiskArgs(disks: readonly QemuDisk[]): string[] {
  const args: string[] = [];
  if (disks.some((d) => d.disk.bus === 'scsi')) args.push('-device', 'virtio-scsi-pci,id=scsi0');
  if (disks.some((d) => d.disk.bus === 'usb' || d.disk.bus === 'usb-uas'))
    args.push('-device', 'qemu-xhci,id=xhci');
  if (disks.some((d) => d.disk.bus === 'sata')) args.push('-device', 'ahci,id=ahci0');
  let sataPort = 0;
  // Controller buses: one controller per (bus, controller), created before its first disk; disks number on from 0.
  const controllers = new Map<string, { id: string; disks: number }>();
  for (const { disk, image, blkdebugConfig } of disks) {
    const drive = `drive-${disk.id}`;
    // blkdebug sits between a raw format node and the qcow2 node, so its `sector` is a guest sector
    // (`blkdebug:<conf>:<image>` under format=qcow2 would see qcow2's host-file offsets instead).
    const node = blkdebugConfig
      ? `driver=raw,file.driver=blkdebug,file.config=${escapeOption(blkdebugConfig)},file.image.driver=qcow2,file.image.file.driver=file,file.image.file.filename=${escapeOption(image)}`
      : `file=${escapeOption(image)},format=qcow2`;
    // Behind an emulated HBA, writethrough: QEMU 7.2's megasas loses the writes still in qcow2's metadata cache when
    // the guest powers off through isa-debug-exit (its flush does not reach the image; seen: the last write of a
    // boot missing, the whole btrfs of a provisioning run). Each write is then durable when the guest sees it done.
    const cache = isControllerBus(disk.bus) ? 'writethrough' : 'writeback';
    args.push('-drive', `${node},if=none,id=${drive},cache=${cache},discard=unmap`);
    // Block sizes go on the device (the guest's view); ,logical_block_size=4096,physical_block_size=4096 is 4Kn.
    const blocks = [
      ...(disk.logicalBlockSize === null ? [] : [`logical_block_size=${disk.logicalBlockSize}`]),
      ...(disk.physicalBlockSize === null ? [] : [`physical_block_size=${disk.physicalBlockSize}`]),
    ];
    const serial = [`serial=${disk.serial}`, ...blocks].join(',');
    if (isControllerBus(disk.bus)) {
      const bus = CONTROLLER_BUSES[disk.bus];
      const key = `${disk.bus}/${disk.controller ?? ''}`;
      let controller = controllers.get(key);
      if (controller === undefined) {
        controller = { id: `ctl${controllers.size}`, disks: 0 };
        controllers.set(key, controller);
        args.push('-device', `${bus.device},id=${controller.id}${bus.attach === 'uas' ? ',bus=xhci.0' : ''}`);
      }
      const n = controller.disks++;
      const rotation = `rotation_rate=${disk.rotationRate ?? 0}`;
      if (bus.attach === 'scsi')
        args.push(
          '-device',
          `scsi-hd,bus=${controller.id}.0,scsi-id=${n},drive=${drive},${serial},${rotation}`,
        );
      if (bus.attach === 'uas')
        args.push(
          '-device',
          `scsi-hd,bus=${controller.id}.0,scsi-id=0,lun=${n},drive=${drive},${serial},${rotation}`,
        );
      if (bus.attach === 'ide')
        args.push(
          '-device',
          `ide-hd,bus=${controller.id}.${Math.floor(n / 2)},unit=${n % 2},drive=${drive},${serial},${rotation}`,
        );
      // QEMU's SD card has no serial or block size properties; its one sd-bus is named `sd-bus`.
      if (bus.attach === 'sd') args.push('-device', `sd-card,bus=sd-bus,drive=${drive}`);
      continue;
    }
    switch (disk.bus) {
      case 'virtio':
        args.push('-device', `virtio-blk-pci,drive=${drive},${serial}`);
        break;
      case 'nvme':
        if (disk.nvmeController === null) {
          args.push('-device', `nvme,drive=${drive},${serial}`);
          break;
        }
        // A named controller: created with its first namespace, then one nvme-ns per disk with its nsid
        // (the guest's sysfs `wwid` ends in the nsid, which tells the namespaces apart).
        if (disk.nvmeNamespaceId === 1) {
          args.push('-device', `nvme,id=nvme-${disk.nvmeController},serial=${disk.serial}`);
        }
        args.push(
          '-device',
          [
            `nvme-ns,bus=nvme-${disk.nvmeController},drive=${drive},nsid=${disk.nvmeNamespaceId}`,
            ...blocks,
          ].join(','),
        );
        break;
      case 'scsi':
        args.push(
          '-device',
          `scsi-hd,bus=scsi0.0,drive=${drive},${serial},rotation_rate=${disk.rotationRate ?? 0}`,
        );
        break;
      case 'sata':
        args.push(
          '-device',
          `ide-hd,bus=ahci0.${sataPort++},drive=${drive},${serial},rotation_rate=${disk.rotationRate ?? 0}`,
        );
        break;
      case 'usb':
        args.push(
          '-device',
          `usb-storage,bus=xhci.0,drive=${drive},${serial},removable=${disk.removable ? 'on' : 'off'}`,
        );
        break;
    }
  }
  return args;
}

/** QEMU option values escape commas by doubling them. */
function escapeOption(value: string): string {
  return value.replace(/,/g, ',,');
}

/**
 * Builds argv (binary first): the one QEMU command line of the harness, for scenario boots, image and
 * appliance boots, the benches and the KVM probe. The serial console goes to QEMU's stdout; the runner writes serial.log from that
 * stream (QEMU's own chardev logfile duplicates bytes whenever the stdout pipe is full, so it is not used).
 */
export function buildQemuArgv(spec: QemuLaunchSpec): string[] {
  return [
    spec.qemuBinary,
    '-machine',
    `q35,accel=${spec.accel}`,
    '-cpu',
    spec.accel === 'kvm' ? 'host' : 'max',
    '-m',
    String(spec.memoryMiB),
    '-smp',
    String(spec.smp),
    '-display',
    'none',
    '-monitor',
    'none',
    '-no-reboot',
    '-chardev',
    'stdio,id=console,signal=off',
    '-serial',
    'chardev:console',
    '-kernel',
    spec.kernel,
    ...(spec.initrd === null ? [] : ['-initrd', spec.initrd]),
    '-append',
    spec.cmdline,
    '-device',
    'virtio-rng-pci',
    '-device',
    'isa-debug-exit,iobase=0xf4,iosize=0x04',
    '-nic',
    'none',
    ...buildDiskArgs(spec.disks),
  ];
}

/** Renders argv as one shell-pasteable line (for qemu-cmdline.txt and rerun hints). */
export function formatShellCommand(argv: readonly string[]): string {
  return argv
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}
