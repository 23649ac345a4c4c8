// Bench section: what the safety check costs under TCG on an empty 40 GiB and 2 TiB disk: our own format
// probes, blkid/wipefs and the emptiness scan, per disk, with the scan on (default) and off side by side.
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

export interface SafeTiming {
  probeMs: number;
  toolsMs: number;
  scanMs: number;
}

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
  { device: '/dev/vda', size: '40G', label: '40 GiB' },
  { device: '/dev/vdb', size: '2T', label: '2 TiB' },
];

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
          `${name} boot did not inspect both empty disks and refuse the third (status ${boot.status}):\n${boot.console.split('\n').slice(-10).join('\n')}`,
        );
      }
      const timing = parseTimingLine(boot.console) ?? {};
      return { safe, runSeconds: (timing.zosstorage_exit ?? NaN) - (timing.modules_loaded ?? NaN) };
    };
    const withScan = await bootOnce('scan-on', '');
    const withoutScan = await bootOnce('scan-off', 'zosstorage.scan_samples=0');
    const figures: BenchFigure[] = [];
    for (const disk of DISKS) {
      const on = withScan.safe.get(disk.device);
      figures.push(
        {
          label: `${disk.label}: own format probes (~320 candidates in ~120 reads)`,
          value: (on?.probeMs ?? NaN) / 1000,
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
      );
    }
    figures.push(
      { label: 'node + zosstorage run, scan on', value: withScan.runSeconds, unit: 's' },
      { label: 'node + zosstorage run, scan off', value: withoutScan.runSeconds, unit: 's' },
      {
        label: 'scan on / scan off (whole zosstorage run)',
        value: withScan.runSeconds / withoutScan.runSeconds,
        unit: 'x',
      },
    );
    return figures;
  },
};
