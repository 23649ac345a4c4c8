// scripts/bench section: wall time of `run-scenario single-vda` (two boots) and its per-boot times, as a user runs it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execHostTool } from '../exec/exec-host-tool.ts';
import type { BenchFigure, BenchSection } from './bench-section.ts';
import type { ScenarioResult } from '../run/scenario-result.ts';

export const SINGLE_VDA_BENCH: BenchSection = {
  name: 'scenario runner: run-scenario single-vda (image cached)',
  async run(context): Promise<BenchFigure[]> {
    const started = Date.now();
    const result = await execHostTool(
      [
        process.execPath,
        '--import',
        'tsx',
        join(context.repoRoot, 'src/harness/cli/run-scenario.ts'),
        'single-vda',
      ],
      'time run-scenario single-vda',
      { cwd: context.repoRoot, okExitCodes: 'any' },
    );
    const wall = (Date.now() - started) / 1000;
    const output = `${result.stdout}${result.stderr}`;
    const runId = /run (\S+): /.exec(output)?.[1];
    if (!runId)
      throw new Error(`run-scenario printed no run id (exit ${result.exitCode}):\n${output.slice(-2000)}`);
    const verdict = JSON.parse(
      await readFile(join(context.outDir, 'runs', runId, 'single-vda', 'verdict.json'), 'utf8'),
    ) as ScenarioResult;
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
