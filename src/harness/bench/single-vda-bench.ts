// scripts/bench section: wall time of `run-scenario single-vda` (two boots) and its per-boot times, as a user runs it.
import type { BenchFigure, BenchSection } from './bench-section.ts';
import { timeRunScenario } from './time-run-scenario.ts';

export const SINGLE_VDA_BENCH: BenchSection = {
  name: 'scenario runner: run-scenario single-vda (image cached)',
  async run(context): Promise<BenchFigure[]> {
    const { wallSeconds: wall, verdict } = await timeRunScenario(
      context.repoRoot,
      context.outDir,
      'single-vda',
    );
    return [
      {
        label: 'wall time, process start to exit',
        value: wall,
        unit: 's',
        note: `${verdict.accel.toUpperCase()}, verdict ${verdict.verdict}`,
      },
      ...verdict.boots.map((boot): BenchFigure => ({
        label: `boot ${boot.boot} (QEMU start to exit)`,
        value: boot.durationMs / 1000,
        unit: 's',
        note: boot.verdict,
      })),
      {
        label: 'host work (disks, initrd, inspection, checks)',
        value: verdict.durationMs / 1000 - verdict.boots.reduce((sum, b) => sum + b.durationMs / 1000, 0),
        unit: 's',
      },
    ];
  },
};
