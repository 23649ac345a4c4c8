// Runs one fuzz target over generated inputs and counts what came out: outcomes, distinct findings (an undocumented
// throw, an input over the time bound, memory past the bound), time per input.
import fc from 'fast-check';
import type { FuzzTarget } from './fuzz-targets.ts';

/** The CI seed: the same inputs on every run of the quick suite (ZOS_FUZZ_SEED changes it). */
export const FUZZ_SEED = 20261207;

/** Resident memory past which a run is a finding (a parser that trusts a length and allocates it). */
const RSS_BOUND_BYTES = 2 * 1024 ** 3;

export interface FuzzFinding {
  /** The error's kind and first line, digits folded: one finding however many inputs hit it. */
  signature: string;
  count: number;
  /** The first input that hit it, and its index among the generated ones (with the seed: how to reproduce it). */
  example: string;
  index: number;
}

export interface FuzzReport {
  target: string;
  seed: number;
  runs: number;
  totalMs: number;
  maxMs: number;
  outcomes: Record<string, number>;
  findings: FuzzFinding[];
}

/** Seed and runs from the environment: ZOS_FUZZ_SEED, ZOS_FUZZ_RUNS (inputs per target; default each target's own). */
export function readFuzzSettings(env: NodeJS.ProcessEnv): { seed: number; runs: number | null } {
  const seed = env.ZOS_FUZZ_SEED === undefined ? FUZZ_SEED : Number(env.ZOS_FUZZ_SEED);
  const runs = env.ZOS_FUZZ_RUNS === undefined ? null : Number(env.ZOS_FUZZ_RUNS);
  if (!Number.isSafeInteger(seed))
    throw new Error(`ZOS_FUZZ_SEED=${env.ZOS_FUZZ_SEED} is not a whole number`);
  if (runs !== null && !(Number.isSafeInteger(runs) && runs > 0))
    throw new Error(`ZOS_FUZZ_RUNS=${env.ZOS_FUZZ_RUNS} is not a whole number above 0`);
  return { seed, runs };
}

function signatureOf(error: unknown): string {
  const name =
    error instanceof Error ? `${error.name}${'code' in error ? ` ${String(error.code)}` : ''}` : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return `${name}: ${(message.split('\n')[0] ?? '').replace(/\d+/g, 'N').slice(0, 200)}`;
}

/** Runs `runs` inputs of `target` from `seed`, in batches (inputs are generated as they are needed). */
export async function runFuzzTarget<Input, Context>(
  target: FuzzTarget<Input, Context>,
  options: { runs: number; seed: number; onProgress?: (done: number) => void },
): Promise<FuzzReport> {
  const context = await target.prepare();
  const report: FuzzReport = {
    target: target.name,
    seed: options.seed,
    runs: 0,
    totalMs: 0,
    maxMs: 0,
    outcomes: {},
    findings: [],
  };
  const record = (signature: string, input: Input, index: number) => {
    const known = report.findings.find((finding) => finding.signature === signature);
    if (known) known.count += 1;
    else report.findings.push({ signature, count: 1, example: target.describe(input, context), index });
  };
  // A Node.js warning (a library writing to stderr behind the caller's back) is a finding of the input that caused it.
  const warnings: string[] = [];
  const onWarning = (warning: Error) =>
    warnings.push(
      `Node.js ${warning.name}: ${(warning.message.split(':')[0] ?? '').replace(/\d+/g, 'N').slice(0, 200)}`,
    );
  process.on('warning', onWarning);
  try {
    const arbitrary = target.arbitrary(context);
    const inputs = fc.sample(arbitrary, { numRuns: options.runs, seed: options.seed });
    for (const [index, input] of inputs.entries()) {
      const started = process.hrtime.bigint();
      let outcome: string;
      try {
        outcome = await target.run(input, context);
      } catch (error) {
        outcome = 'finding';
        record(signatureOf(error), input, index);
      }
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      await new Promise((resolve) => setImmediate(resolve));
      for (const warning of warnings.splice(0)) record(warning, input, index);
      if (ms > target.boundMs) record(`over the time bound of ${target.boundMs} ms`, input, index);
      if (process.memoryUsage.rss() > RSS_BOUND_BYTES) record('resident memory over 2 GiB', input, index);
      report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
      report.runs += 1;
      report.totalMs += ms;
      report.maxMs = Math.max(report.maxMs, ms);
      options.onProgress?.(report.runs);
    }
  } finally {
    process.off('warning', onWarning);
    await target.release?.(context);
  }
  return report;
}

/** One line per report: runs, outcomes, findings, time per input. */
export function formatFuzzReport(report: FuzzReport): string {
  const outcomes = Object.entries(report.outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  return `${report.target}: ${report.runs} inputs (seed ${report.seed}), ${report.findings.length} distinct finding(s), ${(report.totalMs / Math.max(1, report.runs)).toFixed(2)} ms per input (max ${report.maxMs.toFixed(0)} ms); ${outcomes}`;
}
