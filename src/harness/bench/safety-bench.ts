// Bench section: what the safety check costs under TCG on an empty 40 GiB and 2 TiB disk: our own format
// probes, the removed-table probes, blkid/wipefs and the emptiness scan, per disk, each switch on (default) and off
// side by side; then a provisioning boot on the same disks for the check of every range before the first write.
import { excerptConsole } from '../console/excerpt-console.ts';
import { rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeQemuExit } from '../guest-protocol.ts';
import { ensureImage } from '../image/ensure-image.ts';
import { execHostTool } from '../exec/exec-host-tool.ts';
import { execCreateDisk, launchImageVm } from '../qemu/launch-image-vm.ts';
import { writeInitrd } from '../image/layers/write-initrd.ts';
import { BOOT_SPEED_ARGS } from '../qemu/build-kernel-cmdline.ts';
import { parseTimingLine } from './parse-timing.ts';
import type { BenchFigure, BenchSection } from './bench-section.ts';
import { DENSE_STARTS_MIB, LAYOUT_STARTS } from '../../zosstorage/safety/find-former-partitions.ts';
import { probeSuperblocks } from '../../zosstorage/safety/probe-superblocks.ts';

export interface SafeTiming {
  probeMs: number;
  toolsMs: number;
  scanMs: number;
}

/** The WRITE_CHECK markers of a console by device: ranges, bytes and milliseconds. Pure. */
export function parseWriteChecks(
  console: string,
): Map<string, { ranges: number; bytes: number; ms: number }> {
  const checks = new Map<string, { ranges: number; bytes: number; ms: number }>();
  for (const match of console.matchAll(
    /ZOSSTORAGE:WRITE_CHECK device=(\S+) ranges=(\d+) bytes=(\d+) ms=(\d+)/g,
  )) {
    checks.set(match[1] ?? '', { ranges: Number(match[2]), bytes: Number(match[3]), ms: Number(match[4]) });
  }
  return checks;
}

/** A 7200 rpm disk's random read: a seek and half a rotation (the estimate for rotating disks). */
const ROTATING_READ_MS = 12;

/** The per-disk inspection times of the SAFE markers on a console, by device. Pure. */
export function parseSafeTimings(console: string): Map<string, SafeTiming> {
  const timings = new Map<string, SafeTiming>();
  const pattern = /ZOSSTORAGE:SAFE device=(\S+) state=\S+ probe_ms=(\d+) tools_ms=(\d+) scan_ms=(\d+)/g;
  for (const match of console.matchAll(pattern)) {
    timings.set(match[1] ?? '', {
      probeMs: Number(match[2]),
      toolsMs: Number(match[3]),
      scanMs: Number(match[4]),
    });
  }
  return timings;
}

const DISKS = [
  { device: '/dev/vda', size: '40G', bytes: 40 * 1024 ** 3, label: '40 GiB' },
  { device: '/dev/vdb', size: '2T', bytes: 2 * 1024 ** 4, label: '2 TiB' },
];

/** The reads of the removed-table probes on an empty disk (find-former-partitions.test.ts counts them). */
const FORMER_READS = 2 + DENSE_STARTS_MIB + LAYOUT_STARTS.length;

/** How many reads the format probes make on an empty disk of `sizeBytes` (counted on a reader of zeros). */
export async function countFormatProbeReads(sizeBytes: number): Promise<number> {
  let reads = 0;
  await probeSuperblocks(async (_offset, length) => {
    reads += 1;
    return Buffer.alloc(length);
  }, sizeBytes);
  return reads;
}

/** Provisions the two empty disks (btrfs_independent, nothing mounted) and returns each disk's WRITE_CHECK. */
async function bootToProvision(
  context: Parameters<BenchSection['run']>[0],
  image: { kernel: string },
  initrd: string,
): Promise<Map<string, { ranges: number; bytes: number; ms: number }>> {
  const disks = DISKS.map((disk) => join(context.workDir, `provision-${disk.size}.qcow2`));
  for (const [index, disk] of DISKS.entries()) await execCreateDisk(disks[index] ?? '', disk.size);
  const boot = await launchImageVm({
    kernel: image.kernel,
    initrd,
    disks,
    append: [
      'console=ttyS0 quiet panic=-1 zostest=1',
      ...BOOT_SPEED_ARGS,
      'zosstorage.topology=btrfs_independent zosstorage.mount=0',
    ].join(' '),
    serialLog: join(context.workDir, 'provision.log'),
    timeoutMs: 300_000,
  });
  for (const disk of disks) rmSync(disk, { force: true });
  const checks = parseWriteChecks(boot.console);
  const exit = decodeQemuExit(boot.status ?? -1);
  if (exit.kind !== 'zosstorage' || exit.code !== 0 || checks.size !== DISKS.length)
    throw new Error(
      `the provisioning boot did not check both disks before writing (status ${boot.status}):\n${excerptConsole(boot.console.split('\n'), 10).join('\n')}`,
    );
  return checks;
}

export const SAFETY_BENCH: BenchSection = {
  name: 'safety check under TCG (empty 40 GiB and 2 TiB virtio disks; a third disk with a GPT stops the run)',
  async run(context) {
    const image = await ensureImage({ outDir: context.outDir });
    const initrd = join(context.workDir, 'safety.cpio');
    await writeInitrd(image.initrdLayers, initrd);
    // The third disk carries a GPT: the run refuses after inspecting every disk, so nothing is provisioned.
    const refusedRaw = join(context.workDir, 'refused.raw');
    writeFileSync(refusedRaw, '');
    truncateSync(refusedRaw, 12 * 1024 ** 3);
    await execHostTool(['sgdisk', '-o', refusedRaw], 'write a GPT on the bench disk that stops the run');
    const bootOnce = async (name: string, args: string) => {
      const disks = DISKS.map((disk) => join(context.workDir, `${name}-${disk.size}.qcow2`));
      for (const [index, disk] of DISKS.entries()) await execCreateDisk(disks[index] ?? '', disk.size);
      const refused = join(context.workDir, `${name}-refused.qcow2`);
      await execHostTool(
        ['qemu-img', 'convert', '-q', '-f', 'raw', '-O', 'qcow2', refusedRaw, refused],
        'convert the GPT disk',
      );
      const boot = await launchImageVm({
        kernel: image.kernel,
        initrd,
        disks: [...disks, refused],
        append: ['console=ttyS0 quiet panic=-1 zostest=1', ...BOOT_SPEED_ARGS, args].join(' ').trim(),
        serialLog: join(context.workDir, `${name}.log`),
        timeoutMs: 300_000,
      });
      for (const disk of [...disks, refused]) rmSync(disk, { force: true });
      const exit = decodeQemuExit(boot.status ?? -1);
      const safe = parseSafeTimings(boot.console);
      if (exit.kind !== 'zosstorage' || exit.code !== 4 || safe.size !== DISKS.length) {
        throw new Error(
          `${name} boot did not inspect both empty disks and refuse the third (status ${boot.status}):\n${excerptConsole(boot.console.split('\n'), 10).join('\n')}`,
        );
      }
      const timing = parseTimingLine(boot.console) ?? {};
      return { safe, runSeconds: (timing.zosstorage_exit ?? NaN) - (timing.modules_loaded ?? NaN) };
    };
    const withScan = await bootOnce('scan-on', '');
    const withoutScan = await bootOnce('scan-off', 'zosstorage.scan_samples=0');
    const withoutFormer = await bootOnce('former-off', 'zosstorage.former_partitions=0');
    const provision = await bootToProvision(context, image, initrd);
    const figures: BenchFigure[] = [];
    for (const disk of DISKS) {
      const formatReads = await countFormatProbeReads(disk.bytes);
      const on = withScan.safe.get(disk.device);
      const formerOff = withoutFormer.safe.get(disk.device);
      const write = provision.get(disk.device);
      figures.push(
        {
          label: `${disk.label}: own format probes and removed-table probes (${formatReads} + ${FORMER_READS} reads)`,
          value: (on?.probeMs ?? NaN) / 1000,
          unit: 's',
        },
        {
          label: `${disk.label}: of it, the removed-table probes (on minus off, ${FORMER_READS} reads)`,
          value: ((on?.probeMs ?? NaN) - (formerOff?.probeMs ?? NaN)) / 1000,
          unit: 's',
        },
        { label: `${disk.label}: blkid -p + wipefs -n`, value: (on?.toolsMs ?? NaN) / 1000, unit: 's' },
        {
          label: `${disk.label}: zero edges + scan (256 samples)`,
          value: (on?.scanMs ?? NaN) / 1000,
          unit: 's',
        },
        {
          label: `${disk.label}: zero edges, scan off`,
          value: (withoutScan.safe.get(disk.device)?.scanMs ?? NaN) / 1000,
          unit: 's',
        },
        {
          label: `${disk.label}: check of every range before the first write (btrfs, ${write?.ranges ?? '?'} ranges, ${((write?.bytes ?? NaN) / 2 ** 20).toFixed(1)} MiB)`,
          value: (write?.ms ?? NaN) / 1000,
          unit: 's',
        },
      );
    }
    const writeReads = Math.max(...[...provision.values()].map((check) => check.ranges));
    figures.push(
      { label: 'node + zosstorage run, scan on', value: withScan.runSeconds, unit: 's' },
      { label: 'node + zosstorage run, scan off', value: withoutScan.runSeconds, unit: 's' },
      {
        label: 'scan on / scan off (whole zosstorage run)',
        value: withScan.runSeconds / withoutScan.runSeconds,
        unit: 'x',
      },
      {
        label: `20 TB rotating disk, estimate: removed-table probes (${FORMER_READS} random reads at ${ROTATING_READ_MS} ms)`,
        value: (FORMER_READS * ROTATING_READ_MS) / 1000,
        unit: 's',
      },
      {
        label: `20 TB rotating disk, estimate: write check (${writeReads} ranges at ${ROTATING_READ_MS} ms + 7 MiB at 150 MB/s)`,
        value: (writeReads * ROTATING_READ_MS) / 1000 + (7 * 2 ** 20) / 150e6,
        unit: 's',
      },
    );
    return figures;
  },
};
