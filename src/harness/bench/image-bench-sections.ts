// Bench sections of the guest image: build times, layer sizes and one TCG boot against the busybox reference.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeQemuExit } from '../guest-protocol.ts';
import { ensureImage } from '../image/ensure-image.ts';
import { execHostTool, execHostToolBuffer } from '../exec/exec-host-tool.ts';
import { execCreateDisk, launchImageVm } from '../qemu/launch-image-vm.ts';
import { writeInitrd } from '../image/layers/write-initrd.ts';
import { parseTimingLine } from './parse-timing.ts';
import { buildReferenceInitrd } from './reference-layer.ts';
import type { BenchContext, BenchFigure, BenchSection } from './bench-section.ts';
import { HarnessError } from '../errors/harness-error.ts';

async function timeBuildScript(context: BenchContext, env: Record<string, string> = {}): Promise<number> {
  const start = process.hrtime.bigint();
  await execHostTool([join(context.repoRoot, 'scripts/build-initramfs')], 'time build-initramfs', {
    env,
    cwd: context.repoRoot,
  });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const MIB = 1048576;

export const IMAGE_BUILD_SECTION: BenchSection = {
  name: 'guest image build',
  async run(context) {
    const figures: BenchFigure[] = [];
    if (context.cold) {
      const coldOut = join(context.workDir, 'cold-out');
      const start = process.hrtime.bigint();
      const cold = await ensureImage({ outDir: coldOut });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const warm = await ensureImage({ outDir: context.outDir });
      const same = cold.layers.every((layer, i) => layer.sha256 === warm.layers[i]?.sha256);
      figures.push({ label: 'cold build (empty out/, cached .debs)', value: seconds, unit: 's' });
      figures.push({
        label: 'cold build layers identical to out/ (1 = yes)',
        value: same ? 1 : 0,
        unit: '',
        note: cold.layers.map((layer) => `${layer.name} ${layer.sha256.slice(0, 12)}`).join(', '),
      });
      rmSync(coldOut, { recursive: true, force: true });
    }
    await timeBuildScript(context); // make sure everything is built before timing the cached paths
    figures.push({
      label: './scripts/build-initramfs, cache hit',
      value: await timeBuildScript(context),
      unit: 's',
      note: 'goal < 2 s',
    });
    // A provisioner change = a new bundle and a new top layer: drop both so the next build redoes exactly that.
    const imageDir = join(context.outDir, 'image');
    rmSync(join(imageDir, 'bundle.key'), { force: true });
    for (const name of readdirSync(join(imageDir, 'layers')).filter((n) => n.startsWith('top-')))
      rmSync(join(imageDir, 'layers', name));
    figures.push({
      label: 'provisioner changed: bundle + top layer rebuild',
      value: await timeBuildScript(context),
      unit: 's',
      note: 'goal < 10 s',
    });
    const image = await ensureImage({ outDir: context.outDir });
    for (const layer of image.layers) {
      const data = await execHostToolBuffer(
        ['zstd', '-q', '-c', '-12', '-T0', layer.path],
        `compress the ${layer.name} layer`,
      );
      figures.push({ label: `${layer.name} layer, uncompressed`, value: layer.bytes / MIB, unit: 'MiB' });
      figures.push({
        label: `${layer.name} layer, zstd -12 (appliance)`,
        value: data.length / MIB,
        unit: 'MiB',
      });
    }
    return figures;
  },
};

export const IMAGE_BOOT_SECTION: BenchSection = {
  name: 'guest boot under TCG (one empty 40 GiB virtio disk, power-off included)',
  async run(context) {
    const image = await ensureImage({ outDir: context.outDir });
    const modulesWorkDir = join(context.outDir, 'image/modules-work');
    if (!existsSync(modulesWorkDir))
      throw new HarnessError(
        'PRECONDITION',
        `${modulesWorkDir} is missing: rebuild the base layer (rm -r out/image/layers)`,
      );
    const initrd = join(context.workDir, 'image.cpio');
    await writeInitrd(image.initrdLayers, initrd);
    const referenceInitrd = join(context.workDir, 'reference.cpio');
    writeFileSync(
      referenceInitrd,
      await buildReferenceInitrd({
        guestRoot: image.guestRoot,
        kernelVersion: image.kernelVersion,
        modulesWorkDir,
      }),
    );
    const bootOnce = async (name: string, initrdPath: string, append: string) => {
      const disk = join(context.workDir, `${name}.qcow2`);
      rmSync(disk, { force: true });
      await execCreateDisk(disk, '40G');
      const boot = await launchImageVm({
        kernel: image.kernel,
        initrd: initrdPath,
        disks: [disk],
        append,
        serialLog: join(context.workDir, `${name}.log`),
        timeoutMs: 300_000,
      });
      const exit = decodeQemuExit(boot.status ?? -1);
      if (exit.kind !== 'zosstorage' || exit.code !== 0) {
        throw new Error(
          `${name} boot did not end with exit class zosstorage/0 (status ${boot.status}):\n${boot.console.split('\n').slice(-10).join('\n')}`,
        );
      }
      return { seconds: boot.seconds, timing: parseTimingLine(boot.console) ?? {} };
    };
    const reference = await bootOnce('reference', referenceInitrd, 'console=ttyS0 quiet panic=-1');
    const zos = await bootOnce('zosstorage', initrd, 'console=ttyS0 quiet panic=-1 zostest=1');
    const stage = (from: string | undefined, to: string | undefined, timing: Record<string, number>) =>
      (timing[to ?? ''] ?? NaN) - (from ? (timing[from] ?? NaN) : 0);
    return [
      {
        label: 'reference busybox init (sgdisk, mkfs.vfat, mkfs.btrfs, mount)',
        value: reference.seconds,
        unit: 's',
      },
      {
        label: '  reference: kernel + unpack to /init (uptime)',
        value: stage(undefined, 'init', reference.timing),
        unit: 's',
      },
      { label: 'zosstorage image (node + provisioner, test mode)', value: zos.seconds, unit: 's' },
      {
        label: '  image: kernel + unpack to /init (uptime)',
        value: stage(undefined, 'init', zos.timing),
        unit: 's',
      },
      {
        label: '  image: modules + disk settle',
        value: stage('init', 'modules_loaded', zos.timing),
        unit: 's',
      },
      {
        label: '  image: node + zosstorage run',
        value: stage('modules_loaded', 'zosstorage_exit', zos.timing),
        unit: 's',
      },
      {
        label: '  image: report framing + unmount',
        value: stage('zosstorage_exit', 'poweroff', zos.timing),
        unit: 's',
      },
      {
        label: 'zosstorage / reference',
        value: zos.seconds / reference.seconds,
        unit: 'x',
        note: 'goal ≤ 1.3×',
      },
    ];
  },
};

/** The image's sections, in print order. */
export const IMAGE_BENCH_SECTIONS: BenchSection[] = [IMAGE_BUILD_SECTION, IMAGE_BOOT_SECTION];
