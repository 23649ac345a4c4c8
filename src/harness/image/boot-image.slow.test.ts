import t from 'tap';
import { join } from 'node:path';
import { decodeQemuExit, INIT_MARKERS } from '../guest-protocol.ts';
import { ensureImage } from './ensure-image.ts';
import { execCreateDisk, launchImageVm } from '../qemu/launch-image-vm.ts';
import { writeInitrd } from './layers/write-initrd.ts';
import { BOOT_SPEED_ARGS } from '../qemu/build-kernel-cmdline.ts';

const repoRoot = join(import.meta.dirname, '../../..');

t.test(
  'the image boots under TCG, provisions one empty virtio disk and powers off with exit class zosstorage/0',
  async (t) => {
    const image = await ensureImage({
      outDir: join(repoRoot, 'out'),
      bundlePath: process.env.ZOS_TEST_BUNDLE,
    });
    const dir = t.testdir({});
    const initrd = join(dir, 'initrd.cpio');
    await writeInitrd(image.initrdLayers, initrd);
    const disk = join(dir, 'vda.qcow2');
    await execCreateDisk(disk, '40G');
    const boot = await launchImageVm({
      kernel: image.kernel,
      initrd,
      disks: [disk],
      append: ['console=ttyS0 quiet panic=-1 zostest=1 zostest.dump=/proc/mounts', ...BOOT_SPEED_ARGS].join(
        ' ',
      ),
      serialLog: join(dir, 'serial.log'),
      timeoutMs: 180_000,
    });
    const lines = boot.console.split(/\r?\n/);
    const order = [
      INIT_MARKERS.INIT,
      INIT_MARKERS.MODULES_LOADED,
      INIT_MARKERS.RUN_ZOSSTORAGE,
      'ZOSSTORAGE:START',
      INIT_MARKERS.ZOSSTORAGE_EXIT,
      INIT_MARKERS.REPORT_BEGIN,
      INIT_MARKERS.REPORT_END,
      INIT_MARKERS.POWEROFF,
    ];
    const positions = order.map((marker) => lines.findIndex((line) => line.startsWith(marker)));
    t.same(
      order.filter((_, i) => positions[i] === -1),
      [],
      `every marker is on the console (last lines:\n${lines.slice(-15).join('\n')})`,
    );
    t.same(
      [...positions].sort((a, b) => a - b),
      positions,
      'markers come in protocol order',
    );
    t.ok(
      lines.some((line) => line.startsWith('ZOSSTORAGE:DONE')),
      'the provisioner reports DONE',
    );
    t.notOk(
      lines.some((line) => line.includes('Kernel panic')),
      'no kernel panic',
    );
    t.notOk(
      lines.some((line) => line.startsWith(INIT_MARKERS.INIT_FAILED)),
      'init did not fail',
    );
    t.ok(boot.status !== null, `QEMU exited by itself within the timeout (${boot.seconds.toFixed(1)} s)`);
    t.same(decodeQemuExit(boot.status ?? -1), { kind: 'zosstorage', code: 0 });
    t.ok(lines.some((line) => /^ZOSTEST:ZOSSTORAGE_EXIT code=0$/.test(line)));
  },
);
