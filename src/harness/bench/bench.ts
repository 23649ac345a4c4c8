// `scripts/bench`: runs every bench section once and prints its figures; sections are listed in BENCH_SECTIONS.
import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatBenchFigures } from './bench-section.ts';
import type { BenchSection } from './bench-section.ts';
import { IMAGE_BENCH_SECTIONS } from './image-bench-sections.ts';
import { SINGLE_VDA_BENCH } from '../run/single-vda-bench.ts';
import { MATRIX_BENCH_SECTION } from './matrix-bench.ts';

/** Every section, in print order: add a scenario section by appending it here. */
export const BENCH_SECTIONS: BenchSection[] = [
  ...IMAGE_BENCH_SECTIONS,
  SINGLE_VDA_BENCH,
  MATRIX_BENCH_SECTION,
];

async function main(): Promise<void> {
  const program = new Command('bench')
    .description(
      'Measure the image build, layer sizes and boot time (one run; figures printed as they come).',
    )
    .option('--cold', 'also time a cold build into an empty out/ (slow)')
    .option('--only <names>', 'comma-separated substrings of section names to run')
    .parse();
  const opts = program.opts<{ cold?: boolean; only?: string }>();
  const repoRoot = join(import.meta.dirname, '../../..');
  const workDir = mkdtempSync(join(tmpdir(), 'zos-bench-'));
  const only = opts.only?.split(',').filter(Boolean);
  let failed = false;
  try {
    for (const section of BENCH_SECTIONS) {
      if (only && !only.some((name) => section.name.includes(name))) continue;
      process.stderr.write(`bench: ${section.name}…\n`);
      try {
        const figures = await section.run({
          repoRoot,
          outDir: join(repoRoot, 'out'),
          workDir,
          cold: Boolean(opts.cold),
          log: (line) => process.stderr.write(`${line}\n`),
        });
        process.stdout.write(`${formatBenchFigures(section.name, figures)}\n`);
      } catch (error) {
        failed = true;
        process.stdout.write(
          `${section.name}\n  FAILED: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

await main();
