import t from 'tap';
import type { ScenarioDisk } from '../scenario/scenario-types.ts';
import { buildKernelCmdline } from './build-kernel-cmdline.ts';
import { buildQemuArgv, formatBlkdebugConfig, formatShellCommand, type QemuDisk } from './build-qemu-argv.ts';

const disk = (id: string, bus: ScenarioDisk['bus'], extra: Partial<ScenarioDisk> = {}): ScenarioDisk => ({
  id,
  bus,
  controller: null,
  sizeBytes: 1024 ** 3,
  serial: `S-${id}`,
  nvmeController: null,
  nvmeNamespaceId: null,
  wwid: null,
  rotationRate: null,
  removable: false,
  logicalBlockSize: null,
  physicalBlockSize: null,
  preseed: [],
  blkdebug: null,
  ...extra,
});

const spec = (disks: QemuDisk[]) => ({
  qemuBinary: 'qemu-system-x86_64',
  accel: 'tcg' as const,
  memoryMiB: 1024,
  smp: 2,
  kernel: '/k',
  initrd: '/i',
  cmdline: 'console=ttyS0',
  disks,
});

const after = (argv: string[], flag: string): string[] =>
  argv.flatMap((a, i) => (argv[i - 1] === flag ? [a] : []));

t.test('each bus gets its controller and device with the serial', async (t) => {
  const argv = buildQemuArgv(
    spec([
      { disk: disk('vda', 'virtio'), image: '/r/vda.qcow2', blkdebugConfig: null },
      { disk: disk('n1', 'nvme'), image: '/r/n1.qcow2', blkdebugConfig: null },
      { disk: disk('hdd', 'scsi', { rotationRate: 7200 }), image: '/r/hdd.qcow2', blkdebugConfig: null },
      {
        disk: disk('stick', 'usb', { removable: true }),
        image: '/r/stick.qcow2',
        blkdebugConfig: '/r/stick.blkdebug.conf',
      },
    ]),
  );
  t.same(after(argv, '-device'), [
    'virtio-rng-pci',
    'isa-debug-exit,iobase=0xf4,iosize=0x04',
    'virtio-scsi-pci,id=scsi0',
    'qemu-xhci,id=xhci',
    'virtio-blk-pci,drive=drive-vda,serial=S-vda',
    'nvme,drive=drive-n1,serial=S-n1',
    'scsi-hd,bus=scsi0.0,drive=drive-hdd,serial=S-hdd,rotation_rate=7200',
    'usb-storage,bus=xhci.0,drive=drive-stick,serial=S-stick,removable=on',
  ]);
  t.match(
    after(argv, '-drive')[3],
    /file\.driver=blkdebug,file\.config=\/r\/stick\.blkdebug\.conf,.*file\.image\.file\.filename=\/r\/stick\.qcow2,if=none,id=drive-stick/,
  );
  t.same(after(argv, '-machine'), ['q35,accel=tcg']);
  t.ok(argv.includes('-no-reboot'));
});

t.test('sata disks share one AHCI controller, a port each; block sizes go on the device', async (t) => {
  const argv = buildQemuArgv(
    spec([
      { disk: disk('sda', 'sata', { physicalBlockSize: 4096 }), image: '/r/sda.qcow2', blkdebugConfig: null },
      { disk: disk('sdb', 'sata', { rotationRate: 1 }), image: '/r/sdb.qcow2', blkdebugConfig: null },
      {
        disk: disk('n1', 'nvme', { logicalBlockSize: 4096, physicalBlockSize: 4096 }),
        image: '/r/n1.qcow2',
        blkdebugConfig: null,
      },
    ]),
  );
  t.same(after(argv, '-device').slice(2), [
    'ahci,id=ahci0',
    'ide-hd,bus=ahci0.0,drive=drive-sda,serial=S-sda,physical_block_size=4096,rotation_rate=0',
    'ide-hd,bus=ahci0.1,drive=drive-sdb,serial=S-sdb,rotation_rate=1',
    'nvme,drive=drive-n1,serial=S-n1,logical_block_size=4096,physical_block_size=4096',
  ]);
});

t.test(
  'namespaces of a named NVMe controller: the controller once, then one nvme-ns with its nsid each',
  async (t) => {
    const ns = (id: string, nsid: number, extra: Partial<ScenarioDisk> = {}): QemuDisk => ({
      disk: disk(id, 'nvme', {
        serial: 'CTL',
        nvmeController: 'ctl',
        nvmeNamespaceId: nsid,
        wwid: `nvme.1b36-43544c-51454d55204e564d65204374726c-0000000${nsid}`,
        ...extra,
      }),
      image: `/r/${id}.qcow2`,
      blkdebugConfig: null,
    });
    const argv = buildQemuArgv(spec([ns('a', 1), ns('b', 2, { logicalBlockSize: 4096 })]));
    t.same(after(argv, '-device').slice(2), [
      'nvme,id=nvme-ctl,serial=CTL',
      'nvme-ns,bus=nvme-ctl,drive=drive-a,nsid=1',
      'nvme-ns,bus=nvme-ctl,drive=drive-b,nsid=2,logical_block_size=4096',
    ]);
  },
);

t.test('no controllers for buses that are not used; commas in paths are doubled', async (t) => {
  const argv = buildQemuArgv(
    spec([{ disk: disk('vda', 'virtio'), image: '/r,x/vda.qcow2', blkdebugConfig: null }]),
  );
  t.notOk(argv.some((a) => a.startsWith('virtio-scsi-pci') || a.startsWith('qemu-xhci')));
  t.match(after(argv, '-drive')[0], /^file=\/r,,x\/vda\.qcow2,/);
});

t.test('blkdebug rules file', async (t) => {
  t.equal(
    formatBlkdebugConfig([
      { event: 'write_aio', errno: 5, sector: null, once: false },
      { event: 'pwritev', errno: 28, sector: 2048, once: true },
    ]),
    '[inject-error]\nevent = "write_aio"\nerrno = "5"\nonce = "off"\n\n[inject-error]\nevent = "pwritev"\nerrno = "28"\nsector = "2048"\nonce = "on"\n',
  );
});

t.test('kernel command line', async (t) => {
  t.equal(
    buildKernelCmdline({
      boot: 2,
      configPath: '/etc/zosstorage/scenario.yaml',
      dump: ['/etc/fstab', '/proc/mounts'],
      kernelArgs: ['zosstorage.force=1'],
    }),
    'console=ttyS0 zostest=1 loglevel=4 panic=-1 no_timer_check initcall_blacklist=crypto_kdf108_init,init_encrypted,jent_mod_init cryptomgr.notests=1 lpj=9884000 ipv6.disable=1 zostest.boot=2 zosstorage.config=/etc/zosstorage/scenario.yaml zostest.dump=/etc/fstab,/proc/mounts zosstorage.force=1',
  );
  t.equal(
    buildKernelCmdline({ boot: 1, configPath: null, dump: [], kernelArgs: [] }),
    'console=ttyS0 zostest=1 loglevel=4 panic=-1 no_timer_check initcall_blacklist=crypto_kdf108_init,init_encrypted,jent_mod_init cryptomgr.notests=1 lpj=9884000 ipv6.disable=1 zostest.boot=1',
  );
});

t.test('a config path with blanks is passed in double quotes, one word for the kernel', async (t) => {
  t.match(
    buildKernelCmdline({ boot: 1, configPath: '/etc/zos storage/c.yaml', dump: [], kernelArgs: [] }),
    / zosstorage\.config="\/etc\/zos storage\/c\.yaml"$/,
  );
});

t.test('shell rendering quotes what needs quoting', async (t) => {
  t.equal(
    formatShellCommand(['qemu', '-append', "console=ttyS0 a='b'", '-m', '1024']),
    `qemu -append 'console=ttyS0 a='\\''b'\\''' -m 1024`,
  );
});

t.test(
  'one builder for every boot: the KVM probe (no initrd) and image boots (virtio disks zosdisk<N>)',
  async (t) => {
    const { formatQemuArgv } = await import('./launch-image-vm.ts');
    const probe = buildQemuArgv({
      qemuBinary: 'qemu-system-x86_64',
      accel: 'kvm',
      memoryMiB: 256,
      smp: 1,
      kernel: '/k',
      initrd: null,
      cmdline: 'console=ttyS0',
      disks: [],
    });
    t.notOk(probe.includes('-initrd'), 'the probe boots the kernel alone');
    t.ok(probe.join(' ').includes('-machine q35,accel=kvm -cpu host'));
    const image = formatQemuArgv({
      kernel: '/k',
      initrd: '/i',
      disks: ['/a.qcow2', '/b.qcow2'],
      append: 'console=ttyS0',
      serialLog: '/s.log',
      timeoutMs: 1000,
    });
    const joined = image.join(' ');
    t.ok(joined.includes('-machine q35,accel=tcg -cpu max'));
    t.ok(joined.includes('-initrd /i'));
    t.ok(joined.includes('-device virtio-blk-pci,drive=drive-d1,serial=zosdisk1'));
    t.ok(joined.includes('-device virtio-rng-pci'), 'entropy for every boot');
  },
);

t.test(
  'controller buses: one controller each, disks by target id, IDE units, UAS LUNs and the SD slot',
  async (t) => {
    const argv = buildQemuArgv(
      spec([
        { disk: disk('a', 'megasas', { rotationRate: 7200 }), image: '/r/a.qcow2', blkdebugConfig: null },
        { disk: disk('b', 'megasas'), image: '/r/b.qcow2', blkdebugConfig: null },
        { disk: disk('c', 'megasas', { controller: 'second' }), image: '/r/c.qcow2', blkdebugConfig: null },
        { disk: disk('d', 'piix3-ide'), image: '/r/d.qcow2', blkdebugConfig: null },
        { disk: disk('e', 'piix3-ide'), image: '/r/e.qcow2', blkdebugConfig: null },
        { disk: disk('f', 'piix3-ide'), image: '/r/f.qcow2', blkdebugConfig: null },
        { disk: disk('g', 'usb-uas'), image: '/r/g.qcow2', blkdebugConfig: null },
        { disk: disk('h', 'sdhci', { serial: '0xdeadbeef' }), image: '/r/h.qcow2', blkdebugConfig: null },
      ]),
    );
    t.same(after(argv, '-device').slice(2), [
      'qemu-xhci,id=xhci',
      'megasas,id=ctl0',
      'scsi-hd,bus=ctl0.0,scsi-id=0,drive=drive-a,serial=S-a,rotation_rate=7200',
      'scsi-hd,bus=ctl0.0,scsi-id=1,drive=drive-b,serial=S-b,rotation_rate=0',
      'megasas,id=ctl1',
      'scsi-hd,bus=ctl1.0,scsi-id=0,drive=drive-c,serial=S-c,rotation_rate=0',
      'piix3-ide,id=ctl2',
      'ide-hd,bus=ctl2.0,unit=0,drive=drive-d,serial=S-d,rotation_rate=0',
      'ide-hd,bus=ctl2.0,unit=1,drive=drive-e,serial=S-e,rotation_rate=0',
      'ide-hd,bus=ctl2.1,unit=0,drive=drive-f,serial=S-f,rotation_rate=0',
      'usb-uas,id=ctl3,bus=xhci.0',
      'scsi-hd,bus=ctl3.0,scsi-id=0,lun=0,drive=drive-g,serial=S-g,rotation_rate=0',
      'sdhci-pci,id=ctl4',
      'sd-card,bus=sd-bus,drive=drive-h',
    ]);
    t.ok(
      after(argv, '-drive').every((drive) => drive.includes('cache=writethrough')),
      'disks behind an emulated HBA are written through (QEMU 7.2 megasas lost unflushed writes)',
    );
  },
);
