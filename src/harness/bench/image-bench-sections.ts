// Bench sections of the guest image: build times, layer sizes and one TCG boot against the busybox reference.
import { excerptConsole } from '../console/excerpt-console.ts';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeQemuExit, INIT_CMDLINE, INIT_MARKERS } from '../guest-protocol.ts';
import { ensureImage } from '../image/ensure-image.ts';
import { APPLIANCE_SIZE_LIMIT, APPLIANCE_ZSTD_LEVEL } from '../image/appliance/appliance-manifest.ts';
import { execHostTool, execHostToolBuffer } from '../exec/exec-host-tool.ts';
import { execCreateDisk, launchImageVm } from '../qemu/launch-image-vm.ts';
import { BOOT_SPEED_ARGS, buildKernelCmdline } from '../qemu/build-kernel-cmdline.ts';
import { writeInitrd } from '../image/layers/write-initrd.ts';
import { median, parseBootPhases, type BootPhases } from './boot-phases.ts';
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
        note: cold.layers.map((layer) => `${layer.name} ${layer.key.slice(0, 16)}`).join(', '),
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
    let applianceBytes = 0;
    for (const layer of image.layers) {
      const data = await execHostToolBuffer(
        ['zstd', '-q', '-c', `-${APPLIANCE_ZSTD_LEVEL}`, '-T0', layer.path],
        `compress the ${layer.name} layer`,
      );
      applianceBytes += data.length;
      figures.push({ label: `${layer.name} layer, uncompressed`, value: layer.bytes / MIB, unit: 'MiB' });
      figures.push({
        label: `${layer.name} layer, zstd -${APPLIANCE_ZSTD_LEVEL} (appliance)`,
        value: data.length / MIB,
        unit: 'MiB',
      });
    }
    // package-appliance compresses the layers as one stream: within a few KiB of the layers' sum.
    figures.push({
      label: `appliance initramfs (the layers' sum)`,
      value: applianceBytes / MIB,
      unit: 'MiB',
      note: `${applianceBytes.toLocaleString('en')} bytes; limit ${APPLIANCE_SIZE_LIMIT / MIB} MiB`,
    });
    return figures;
  },
};

/** Rounds of the boot bench (reference, boot 1, boot 2 alternate in each): `ZOS_BENCH_ROUNDS`, at least 3. */
export function benchRounds(env: NodeJS.ProcessEnv = process.env): number {
  const wanted = Number(env.ZOS_BENCH_ROUNDS ?? 3);
  return Number.isInteger(wanted) && wanted >= 3 ? wanted : 3;
}

/** Starts of one bench boot that dies before its init, in all. */
const MAX_BENCH_STARTS = 3;

const PHASE_LABELS: [keyof BootPhases, string][] = [
  ['kernelUnpack', 'kernel + unpack to /init'],
  ['modules', 'disk drivers + settle'],
  ['runtimeStart', 'node exec to the provisioner at its gate (beside the drivers)'],
  ['runtimeWait', "disks settled to the provisioner's first line"],
  ['logic', 'provisioner logic (its run minus external tools)'],
  ['tools', 'external tools (wall time while a command ran)'],
  ['ownReads', '  of it, our own disk reads beside wipefs (SAFE probe_ms + scan_ms)'],
  ['reportPoweroff', 'report framing, unmount, power-off'],
];

/**
 * The single-vda boots of each round: boot 1 on a fresh disk, boot 2 on what it provisioned, and boot 1 again on
 * a fresh disk with node started from the bundle instead of the startup snapshot (what the init falls back to), so
 * that the snapshot's gain is measured side by side. The bundle's boot comes last in odd rounds and first in even
 * ones: a boot's place after the reference moved its kernel + unpack phase by a second on a noisy host.
 */
const BENCH_BOOTS: {
  name: string;
  title: string;
  boot: 1 | 2;
  kernelArgs: readonly string[];
  goal: string | null;
}[] = [
  {
    name: 'boot 1',
    title: 'boot 1 (empty disk → provisioned)',
    boot: 1,
    kernelArgs: [],
    goal: 'goal ≤ 1.3×',
  },
  { name: 'boot 2', title: 'boot 2 (already provisioned)', boot: 2, kernelArgs: [], goal: 'goal ≤ 1.15×' },
  {
    name: 'boot 1 from the bundle',
    title: `boot 1 started from the bundle (${INIT_CMDLINE.SNAPSHOT}none)`,
    boot: 1,
    kernelArgs: [`${INIT_CMDLINE.SNAPSHOT}none`],
    goal: null,
  },
];

export const IMAGE_BOOT_SECTION: BenchSection = {
  name: 'guest boot under TCG: reference vs single-vda boot 1, boot 2 and boot 1 from the bundle (alternating, medians)',
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
    // A boot that dies before its init prints its first line (TCG's rare early Oops) is started again, up to
    // MAX_BENCH_STARTS in all, as the scenario runner does; any other failure ends the section.
    const bootOnce = async (name: string, initrdPath: string, disk: string, append: string) => {
      const initLine = name === 'reference' ? 'REFERENCE:START' : INIT_MARKERS.INIT;
      for (let start = 1; ; start++) {
        const boot = await launchImageVm({
          kernel: image.kernel,
          initrd: initrdPath,
          disks: [disk],
          append,
          serialLog: join(context.workDir, `${name}.log`),
          timeoutMs: 300_000,
          // As the scenario runner boots (run-scenario.ts defaults), so the figures are what a user sees.
          memoryMiB: 1024,
          smp: 2,
        });
        const exit = decodeQemuExit(boot.status ?? -1);
        if (exit.kind === 'zosstorage' && exit.code === 0) return boot;
        if (!boot.console.includes(initLine) && start < MAX_BENCH_STARTS) {
          context.log(`  ${name}: the guest died before its init (start ${start}); starting it again`);
          continue;
        }
        throw new Error(
          `${name} boot did not end with exit class zosstorage/0 (status ${boot.status}):\n${excerptConsole(boot.console.split('\n'), 10).join('\n')}`,
        );
      }
    };
    const freshDisk = async (name: string) => {
      const disk = join(context.workDir, `${name}.qcow2`);
      rmSync(disk, { force: true });
      await execCreateDisk(disk, '40G');
      return disk;
    };
    const zosAppend = (boot: number, extra: readonly string[]) =>
      buildKernelCmdline({
        boot,
        configPath: null,
        dump: [],
        kernelArgs: ['zosstorage.log_level=debug', ...extra],
      });
    const referenceAppend = ['console=ttyS0 loglevel=4 panic=-1 no_timer_check', ...BOOT_SPEED_ARGS].join(
      ' ',
    );
    const rounds = benchRounds();
    const reference: number[] = [];
    const referenceStart: number[] = [];
    const boots = BENCH_BOOTS.map((spec) => ({
      ...spec,
      seconds: [] as number[],
      phases: [] as BootPhases[],
    }));
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 === 1 ? boots : [...boots.slice(-1), ...boots.slice(0, -1)];
      context.log(`  round ${round}/${rounds}: reference, ${order.map((boot) => boot.name).join(', ')}`);
      const refDisk = await freshDisk('reference');
      const referenceBoot = await bootOnce('reference', referenceInitrd, refDisk, referenceAppend);
      reference.push(referenceBoot.seconds);
      referenceStart.push(parseTimingLine(referenceBoot.console)?.init ?? NaN);
      let disk = '';
      for (const boot of order) {
        if (boot.boot === 1) disk = await freshDisk('zosstorage');
        const result = await bootOnce(boot.name, initrd, disk, zosAppend(boot.boot, boot.kernelArgs));
        const phases = parseBootPhases(result.console);
        if (!phases)
          throw new Error(
            `${boot.name} printed no TIMING line or no debug start line (see ${result.console.slice(-400)})`,
          );
        boot.seconds.push(result.seconds);
        boot.phases.push(phases);
      }
    }
    const ref = median(reference);
    const figures: BenchFigure[] = [
      {
        label: 'reference busybox init (sgdisk, mkfs.vfat, mkfs.btrfs, mount)',
        value: ref,
        unit: 's',
        note: `median of ${rounds}: ${reference.map((v) => v.toFixed(2)).join(', ')}`,
      },
      {
        label: '    kernel + unpack + modprobe to its first command',
        value: median(referenceStart),
        unit: 's',
      },
    ];
    for (const boot of boots) {
      const seconds = median(boot.seconds);
      figures.push(
        {
          label: `single-vda ${boot.title}`,
          value: seconds,
          unit: 's',
          note: `median of ${rounds}: ${boot.seconds.map((v) => v.toFixed(2)).join(', ')}`,
        },
        {
          label: `  ${boot.name} / reference`,
          value: seconds / ref,
          unit: 'x',
          ...(boot.goal === null ? {} : { note: boot.goal }),
        },
        ...PHASE_LABELS.map(([key, label]): BenchFigure => ({
          label: `    ${label}`,
          value: median(boot.phases.map((phases) => phases[key])),
          unit: 's',
          ...(key === 'logic' && boot.goal !== null ? { note: 'goal ≤ 1.0 s' } : {}),
        })),
      );
    }
    const [fromSnapshot, , fromBundle] = boots;
    if (fromSnapshot && fromBundle) {
      // What the snapshot can change starts at /init: the kernel and unpack before it move with the host alone.
      const initToExit = (p: BootPhases) => p.modules + p.runtimeWait + p.logic + p.tools;
      figures.push({
        label: "boot 1: the startup snapshot's gain, /init to the provisioner's exit",
        value: median(
          fromBundle.phases.map((phases, i) => {
            const snapshot = fromSnapshot.phases[i];
            return snapshot ? initToExit(phases) - initToExit(snapshot) : NaN;
          }),
        ),
        unit: 's',
        note: 'median of the per-round differences (bundle − snapshot)',
      });
    }
    return figures;
  },
};

/** The image's sections, in print order. */
export const IMAGE_BENCH_SECTIONS: BenchSection[] = [IMAGE_BUILD_SECTION, IMAGE_BOOT_SECTION];
