// Bench section: the fuzz campaign at the size asked for (`--fuzz-runs`, default 2,000 inputs per target; the quick
// suite in the tests runs fewer): inputs, distinct findings and time per input of each target, and what the input
// limits cost on the largest refused config (30,000 keys).
import { FUZZ_TARGETS } from '../fuzz/fuzz-targets.ts';
import { FUZZ_SEED, runFuzzTarget } from '../fuzz/run-fuzz-target.ts';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveConfig } from '../../zosstorage/config/resolve-config.ts';
import { ZosError } from '../../zosstorage/errors/zos-error.ts';
import type { BenchFigure, BenchSection } from './bench-section.ts';

export const DEFAULT_FUZZ_RUNS = 2000;

/**
 * The provisioner's whole config read of a file with `keys` unknown keys: milliseconds to refuse it and the lines of
 * its error (the issue measured 13.3 s and 3 MB for 30,000 keys before the input limits).
 */
async function timeUnknownKeys(workDir: string, keys: number): Promise<{ ms: number; lines: number }> {
  const file = join(workDir, `keys-${keys}.yaml`);
  await writeFile(file, `version: 1\n${Array.from({ length: keys }, (_, i) => `k${i}: ${i}`).join('\n')}\n`);
  const started = process.hrtime.bigint();
  try {
    await resolveConfig({ configPath: file, cliOverrides: {}, cmdline: '' });
  } catch (error) {
    if (!(error instanceof ZosError) || error.code !== 'CONFIG_INVALID') throw error;
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, lines: error.message.split('\n').length };
  }
  throw new Error(`a config with ${keys} unknown keys was accepted`);
}

export const FUZZ_BENCH: BenchSection = {
  name: 'fuzz (every parser of outside input; findings must be 0)',
  async run({ fuzzRuns, log, workDir }) {
    const runs = fuzzRuns ?? DEFAULT_FUZZ_RUNS;
    const figures: BenchFigure[] = [];
    let findings = 0;
    for (const target of FUZZ_TARGETS) {
      // The disk inspection writes a sparse image per input: a tenth of the runs keeps the section in minutes.
      const targetRuns = target.name === 'disk-inspection' ? Math.max(1, Math.round(runs / 10)) : runs;
      const report = await runFuzzTarget(target, { runs: targetRuns, seed: FUZZ_SEED });
      for (const finding of report.findings)
        log(
          `  ${target.name}: ${finding.signature} (${finding.count}×, input #${finding.index}: ${finding.example})`,
        );
      findings += report.findings.length;
      const outcomes = Object.entries(report.outcomes)
        .map(([name, count]) => `${name} ${count}`)
        .join(', ');
      figures.push(
        { label: `${target.name}: inputs`, value: report.runs, unit: '', note: outcomes },
        {
          label: `${target.name}: milliseconds per input`,
          value: Number((report.totalMs / Math.max(1, report.runs)).toFixed(2)),
          unit: '',
          note: `max ${report.maxMs.toFixed(0)} ms, bound ${target.boundMs} ms`,
        },
        {
          label: `${target.name}: distinct findings`,
          value: report.findings.length,
          unit: '',
          note: 'goal 0',
        },
      );
    }
    figures.push({
      label: 'all targets: distinct findings',
      value: findings,
      unit: '',
      note: `seed ${FUZZ_SEED}`,
    });
    for (const keys of [30_000, 1_990]) {
      const refused = await timeUnknownKeys(workDir, keys);
      figures.push({
        label: `config with ${keys.toLocaleString('en')} unknown keys: refused in (ms)`,
        value: Number(refused.ms.toFixed(1)),
        unit: '',
        note: `${refused.lines} line(s) of error; goal < 500 ms, ≤ 30 lines`,
      });
    }
    return figures;
  },
};
