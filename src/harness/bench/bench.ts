// `scripts/bench`: runs every bench section once and prints its figures; sections are listed in BENCH_SECTIONS.
import { Command } from 'commander';
import { withDir } from 'tmp-promise';
import { join } from 'node:path';
import {
  defineHarnessCommand,
  REPO_ROOT,
  runAsEntryPoint,
  runHarnessCli,
  usageError,
} from '../cli/run-harness-cli.ts';
import { ensureHostPackages } from '../exec/ensure-host-packages.ts';
import { VERDICT_CLASSES } from '../verdict/verdict-classes.ts';
import { formatBenchFigures } from './bench-section.ts';
import type { BenchSection } from './bench-section.ts';
import { IMAGE_BENCH_SECTIONS } from './image-bench-sections.ts';
import { SINGLE_VDA_BENCH } from './single-vda-bench.ts';
import { MATRIX_BENCH_SECTION } from './matrix-bench.ts';
import { BCACHEFS_FORMAT_BENCH } from './bcachefs-format-bench.ts';
import { SAFETY_BENCH } from './safety-bench.ts';
import { DEFAULT_FUZZ_RUNS, FUZZ_BENCH } from './fuzz-bench.ts';
import { SCALE_BENCH } from './scale-bench.ts';

/** Every section, in print order: add a scenario section by appending it here. */
export const BENCH_SECTIONS: BenchSection[] = [
  ...IMAGE_BENCH_SECTIONS,
  SINGLE_VDA_BENCH,
  MATRIX_BENCH_SECTION,
  BCACHEFS_FORMAT_BENCH,
  SAFETY_BENCH,
  SCALE_BENCH,
  FUZZ_BENCH,
];

export function buildProgram(): Command {
  return defineHarnessCommand(
    new Command('bench')
      .description(
        'Measure the image build, layer sizes and boot time (one run; figures printed as they come).',
      )
      .option('--cold', 'also time a cold build into an empty out/ (slow)')
      .option(
        '--fuzz-runs <n>',
        `inputs per fuzz target in the fuzz section (default ${DEFAULT_FUZZ_RUNS}; the disk inspection takes a tenth)`,
      )
      .option(
        '--only <names>',
        `comma-separated substrings of section names to run (sections: ${BENCH_SECTIONS.map((s) => s.name).join('; ')})`,
      ),
  );
}

/** The sections `--only` selects; a name that matches no section is a usage error naming the sections. */
export function selectBenchSections(only: string | undefined): BenchSection[] {
  const names = only
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (!names) return BENCH_SECTIONS;
  const unknown = names.filter((name) => !BENCH_SECTIONS.some((section) => section.name.includes(name)));
  if (unknown.length > 0)
    throw usageError(
      `--only ${unknown.join(',')} matches no bench section; sections: ${BENCH_SECTIONS.map((s) => s.name).join('; ')}`,
    );
  return BENCH_SECTIONS.filter((section) => names.some((name) => section.name.includes(name)));
}

/** `--fuzz-runs`: a whole number above 0, or a usage error naming what was given. */
function parseFuzzRuns(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const runs = Number(value);
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw usageError(
      `--fuzz-runs ${value} is not a whole number above 0 (inputs per fuzz target, e.g. 2000)`,
    );
  return runs;
}

async function runBench(opts: { cold?: boolean; only?: string; fuzzRuns?: string }): Promise<number> {
  const sections = selectBenchSections(opts.only);
  const fuzzRuns = parseFuzzRuns(opts.fuzzRuns);
  await ensureHostPackages(REPO_ROOT);
  let failed = false;
  await withDir(
    async ({ path: workDir }) => {
      for (const section of sections) {
        process.stderr.write(`bench: ${section.name}…\n`);
        try {
          const figures = await section.run({
            repoRoot: REPO_ROOT,
            outDir: join(REPO_ROOT, 'out'),
            workDir,
            cold: Boolean(opts.cold),
            fuzzRuns,
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
    },
    { prefix: 'zos-bench-', unsafeCleanup: true },
  );
  return failed ? VERDICT_CLASSES.harness_error.exitCode : 0;
}

export async function main(argv: string[]): Promise<number> {
  return runHarnessCli(buildProgram(), argv, (program) =>
    runBench(program.opts<{ cold?: boolean; only?: string; fuzzRuns?: string }>()),
  );
}

await runAsEntryPoint(import.meta.url, main);
