import t, { type Test } from 'tap';
import { join } from 'node:path';
import {
  decodeQemuExit,
  GUEST_PATHS,
  INIT_CMDLINE,
  INIT_MARKERS,
  SNAPSHOT_FALLBACK_LINE,
} from '../guest-protocol.ts';
import { ensureImage } from './ensure-image.ts';
import { execCreateDisk, launchImageVm } from '../qemu/launch-image-vm.ts';
import { writeInitrd } from './layers/write-initrd.ts';
import { BOOT_SPEED_ARGS } from '../qemu/build-kernel-cmdline.ts';

const repoRoot = join(import.meta.dirname, '../../..');

/** Boots the image once on one empty 40 GiB virtio disk with `extraArgs`; returns the console lines and QEMU's end. */
async function bootOnEmptyDisk(t: Test, extraArgs: string[]) {
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
    append: [
      'console=ttyS0 quiet panic=-1 zostest=1 zostest.dump=/proc/mounts',
      ...BOOT_SPEED_ARGS,
      ...extraArgs,
    ].join(' '),
    serialLog: join(dir, 'serial.log'),
    timeoutMs: 180_000,
  });
  return { boot, lines: boot.console.split(/\r?\n/) };
}

t.test(
  'the image boots under TCG, provisions one empty virtio disk and powers off with exit class zosstorage/0',
  async (t) => {
    const { boot, lines } = await bootOnEmptyDisk(t, ['zosstorage.log_level=debug']);
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
    // A given bundle (ZOS_TEST_BUNDLE) may predate the snapshot entry: the image then starts the bundle.
    const runtime = process.env.ZOS_TEST_BUNDLE ? '(snapshot|bundle)' : 'snapshot';
    t.ok(
      lines.some((line) => new RegExp(`^ZOSTEST:ZOSSTORAGE_EXIT code=0 runtime=${runtime}$`).test(line)),
      `it ran from the ${runtime}`,
    );
    t.notOk(
      lines.some((line) => line.startsWith(SNAPSHOT_FALLBACK_LINE)),
      'no fallback line',
    );
    t.match(
      lines.find((line) => line.includes('DEBUG runtime started')) ?? '',
      / exec_argv=--no-opt,--no-sparkplug(,|\s|$)/,
      'node runs on the interpreter only (init.sh RUNTIME_FLAGS)',
    );
  },
);

t.test(
  'a startup snapshot that does not load: one init line, then the bundle provisions the disk as usual',
  { skip: process.env.ZOS_TEST_BUNDLE ? 'a given bundle may have no snapshot' : false },
  async (t) => {
    // build.json is no blob: node aborts on it before any JavaScript runs, as on a damaged or foreign blob.
    const { boot, lines } = await bootOnEmptyDisk(t, [`${INIT_CMDLINE.SNAPSHOT}${GUEST_PATHS.buildInfo}`]);
    const fallback = lines.filter((line) => line.startsWith(SNAPSHOT_FALLBACK_LINE));
    t.same(
      fallback,
      [
        `${SNAPSHOT_FALLBACK_LINE} ${GUEST_PATHS.buildInfo} did not load (node ended with status 134); starting ${GUEST_PATHS.provisioner}`,
      ],
      'the init says so in one line (node aborted: status 134)',
    );
    const at = (prefix: string) => lines.findIndex((line) => line.startsWith(prefix));
    t.same(
      [at(INIT_MARKERS.RUN_ZOSSTORAGE), at(SNAPSHOT_FALLBACK_LINE), at('ZOSSTORAGE:START')].map(
        (i) => i >= 0,
      ),
      [true, true, true],
    );
    t.ok(
      at(INIT_MARKERS.RUN_ZOSSTORAGE) < at(SNAPSHOT_FALLBACK_LINE) &&
        at(SNAPSHOT_FALLBACK_LINE) < at('ZOSSTORAGE:START'),
      'the line comes once the gate opened, before the bundle starts',
    );
    t.equal(
      lines.filter((line) => line.startsWith('ZOSSTORAGE:START')).length,
      1,
      'the provisioner ran once',
    );
    t.ok(lines.some((line) => line.startsWith('ZOSSTORAGE:DONE status=provisioned')));
    t.ok(lines.some((line) => /^ZOSTEST:ZOSSTORAGE_EXIT code=0 runtime=bundle$/.test(line)));
    t.same(decodeQemuExit(boot.status ?? -1), { kind: 'zosstorage', code: 0 });
  },
);
