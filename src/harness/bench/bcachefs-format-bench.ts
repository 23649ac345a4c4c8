// Bench section: how often the guest's `bcachefs format` crashes, per topology, pinned to one CPU and not.
import { rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execHostTool } from '../exec/exec-host-tool.ts';
import { ensureImage } from '../image/ensure-image.ts';
import { guestToolArgv } from '../inspect/guest-tool.ts';
import { hostPlanArgs } from '../../zosstorage/testing/host-plan-args.ts';
import type { BenchContext, BenchFigure, BenchSection } from './bench-section.ts';

/** Each bcachefs topology as the provisioner plans it for a sysfs fixture (config given as YAML). */
export const BCACHEFS_TOPOLOGIES = [
  { name: 'single', sysfs: 'one-virtio', config: 'topology:\n  mode: bcachefs_single\n' },
  { name: 'raid1', sysfs: 'two-nvme', config: 'topology:\n  mode: bcachefs_raid1\n' },
  {
    name: 'cached 2 disks',
    sysfs: 'nvme-plus-sata-hdd',
    config: 'topology:\n  mode: bcachefs_cached\n',
  },
  {
    name: 'cached 3 disks',
    sysfs: 'three-virtio',
    config: 'topology:\n  mode: bcachefs_cached\n  roles:\n    cache: [/dev/vda]\n',
  },
] as const;

/**
 * Runs per topology and mode (`ZOS_BENCH_BCACHEFS_RUNS`, default 200), the section's time budget
 * (`ZOS_BENCH_BCACHEFS_SECONDS`, default 900), and whether to also run the argv without `--no_initialize`
 * (`ZOS_BENCH_BCACHEFS_COMPARE=1`: shows the tool's own crash rate side by side).
 */
export function readFormatBenchLimits(env: NodeJS.ProcessEnv = process.env): {
  runs: number;
  seconds: number;
  compare: boolean;
} {
  const runs = Number(env.ZOS_BENCH_BCACHEFS_RUNS ?? 200);
  const seconds = Number(env.ZOS_BENCH_BCACHEFS_SECONDS ?? 900);
  return {
    runs: Number.isInteger(runs) && runs > 0 ? runs : 200,
    seconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 900,
    compare: env.ZOS_BENCH_BCACHEFS_COMPARE === '1',
  };
}

/** The `bcachefs format` argv of a `--plan` output (`commands`: argv arrays in apply order). Pure. */
export function findFormatArgv(planJson: string): string[] {
  const plan = JSON.parse(planJson) as { commands?: string[][] };
  const format = plan.commands?.find((argv) => argv[0] === 'bcachefs' && argv[1] === 'format');
  if (!format) throw new Error('the plan has no bcachefs format command');
  return format;
}

/** Whether a run crashed: killed by a signal, or glibc's heap checks aborted it. Pure. */
export function isCrash(result: { exitCode?: number; signal?: string; stderr: string }): boolean {
  return (
    result.signal !== undefined ||
    (result.exitCode ?? 0) > 128 ||
    /tcache|double free|corrupted|Segmentation fault|malloc\(\)/.test(result.stderr)
  );
}

/** The shipped format argv of one topology, from the provisioner's own `--plan` on fake devices. */
async function planFormatArgv(
  context: BenchContext,
  topology: (typeof BCACHEFS_TOPOLOGIES)[number],
  dir: string,
): Promise<string[]> {
  const sysRoot = join(context.repoRoot, 'fixtures/sysfs', topology.sysfs);
  const devRoot = join(dir, 'dev');
  await execHostTool(
    [process.execPath, join(context.repoRoot, 'scripts/make-fake-devs.mjs'), sysRoot, devRoot],
    'make fake device nodes',
  );
  const config = join(dir, 'config.yaml');
  writeFileSync(config, `version: 1\n${topology.config}`);
  const plan = await execHostTool(
    [
      process.execPath,
      join(context.repoRoot, 'out/zosstorage.cjs'),
      ...hostPlanArgs(sysRoot, devRoot, ['--config', config]),
    ],
    'plan the bcachefs format',
  );
  return findFormatArgv(String(plan.stdout));
}

export const BCACHEFS_FORMAT_BENCH: BenchSection = {
  name: 'bcachefs format reliability (guest bcachefs-tools on sparse files, crashes per run)',
  async run(context) {
    const { runs, seconds, compare } = readFormatBenchLimits();
    const image = await ensureImage({ outDir: context.outDir, warn: context.log });
    const deadline = Date.now() + seconds * 1000;
    const figures: BenchFigure[] = [];
    for (const [index, topology] of BCACHEFS_TOPOLOGIES.entries()) {
      const dir = join(context.workDir, `bcachefs-${index}`);
      const argv = await planFormatArgv(context, topology, dir);
      const devices = argv.filter((arg) => arg.startsWith(join(dir, 'dev')));
      // Each member partition becomes a fresh 2 GiB sparse file, recreated before every run.
      const files = devices.map((_, i) => join(dir, `member-${i}.img`));
      const args = argv.slice(1).map((arg) => files[devices.indexOf(arg)] ?? arg);
      context.log(`  ${topology.name}: bcachefs ${args.join(' ')}`);
      const modes = [
        { pinned: false, args, label: 'unpinned' },
        { pinned: true, args, label: 'pinned to CPU 0' },
        ...(compare
          ? [
              {
                pinned: true,
                args: args.filter((a) => a !== '--no_initialize'),
                label: 'pinned, WITHOUT --no_initialize',
              },
            ]
          : []),
      ];
      for (const { pinned, args: modeArgs, label } of modes) {
        let done = 0;
        let crashes = 0;
        while (done < runs && Date.now() < deadline) {
          for (const file of files) {
            rmSync(file, { force: true });
            writeFileSync(file, '');
            truncateSync(file, 2 * 1024 ** 3);
          }
          const command = guestToolArgv(image.guestRoot, 'bcachefs', modeArgs);
          const result = await execHostTool(
            pinned ? ['taskset', '-c', '0', ...command] : command,
            'format bcachefs',
            { okExitCodes: 'any' },
          );
          done++;
          if (isCrash(result)) crashes++;
          else if (result.exitCode !== 0 && modeArgs === args)
            throw new Error(
              `bcachefs format failed (exit ${result.exitCode}): ${String(result.stderr).slice(-300)}`,
            );
        }
        figures.push({
          label: `${topology.name}, ${label}: crashes`,
          value: crashes,
          unit: '',
          note: `of ${done} runs${done < runs ? `; time budget of ${seconds} s reached` : ''}; goal 0`,
        });
      }
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
