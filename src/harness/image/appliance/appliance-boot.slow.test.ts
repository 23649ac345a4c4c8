import t from 'tap';
import { join } from 'node:path';
import { ensureImage } from '../ensure-image.ts';
import { execHostTool } from '../../exec/exec-host-tool.ts';
import { execCreateDisk, launchImageVm } from '../../qemu/launch-image-vm.ts';
import { writeInitrd } from '../layers/write-initrd.ts';
import { BOOT_SPEED_ARGS } from '../../qemu/build-kernel-cmdline.ts';

const repoRoot = join(import.meta.dirname, '../../../..');

t.test(
  'appliance mode: zstd initramfs, provisions, prints no test noise, then execs zosstorage.next',
  async (t) => {
    const image = await ensureImage({
      outDir: join(repoRoot, 'out'),
      bundlePath: process.env.ZOS_TEST_BUNDLE,
    });
    const dir = t.testdir({});
    const cpio = join(dir, 'initramfs.cpio');
    await writeInitrd(image.initrdLayers, cpio);
    await execHostTool(
      ['zstd', '-q', '-3', '--rm', cpio, '-o', join(dir, 'initramfs')],
      'compress the test initramfs',
    );
    const disk = join(dir, 'vda.qcow2');
    await execCreateDisk(disk, '40G');
    const boot = await launchImageVm({
      kernel: image.kernel,
      initrd: join(dir, 'initramfs'),
      disks: [disk],
      append: ['console=ttyS0 quiet panic=-1 zosstorage.next=poweroff,-f', ...BOOT_SPEED_ARGS].join(' '),
      serialLog: join(dir, 'serial.log'),
      timeoutMs: 240_000,
    });
    const lines = boot.console.split(/\r?\n/);
    t.same(
      lines.filter((line) => line.includes('ZOSTEST:')),
      [],
      'no test markers in appliance mode',
    );
    t.ok(
      lines.some((line) => line.startsWith('ZOSSTORAGE:DONE')),
      `provisioned (last lines:\n${lines.slice(-10).join('\n')})`,
    );
    t.notOk(
      lines.some((line) => /Kernel panic|cannot run zosstorage.next/.test(line)),
      'init handed over to the next command (no panic, no fallback)',
    );
    t.equal(
      boot.status,
      0,
      'zosstorage.next=poweroff -f ran: a plain ACPI power-off, not an isa-debug-exit byte',
    );
  },
);
