// `run-scenario <name…>`: checks preconditions, ensures the guest image, runs each scenario, prints verdicts.
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { buildMatrixSummary } from '../matrix/build-matrix-summary.ts';
import { formatSummaryTable } from '../matrix/format-summary-table.ts';
import { writeMatrixResults } from '../matrix/write-matrix-results.ts';
import { formatFailure } from '../run/format-failure.ts';
import { prepareScenarioRun } from '../run/prepare-run.ts';
import { recheckRun } from '../run/recheck-run.ts';
import { buildInterruptedResult, runScenario, writeVerdict } from '../run/run-scenario.ts';
import { expandScenarioNames } from '../scenario/load-scenario.ts';
import type { ProgressEvent, ScenarioResult } from '../run/scenario-result.ts';
import { checkScenarios } from '../scenario/check-scenarios.ts';
import { USAGE_EXIT_CODE, VERDICT_CLASSES } from '../verdict/verdict-classes.ts';
import {
  defineHarnessCommand,
  REPO_ROOT,
  runAsEntryPoint,
  runHarnessCli,
  usageError,
} from './run-harness-cli.ts';

interface Options {
  keep: boolean;
  verbose: boolean;
  accel: 'auto' | 'kvm' | 'tcg';
  recheck?: string;
  check: boolean;
  smp: number;
  frozenLock: boolean;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function formatProgress(event: ProgressEvent): string {
  const boot = event.boot === null ? '' : ` boot ${event.boot}/${event.boots}`;
  return `[${event.scenario}]${boot} ${event.phase}${event.detail ? `: ${event.detail}` : ''} (${(event.elapsedMs / 1000).toFixed(1)} s)`;
}

async function runScenarios(names: string[], options: Options): Promise<number> {
  const { scenarios, signal, runId, runRoot, accel, timeoutScale, image, identity } =
    await prepareScenarioRun(names, {
      root: REPO_ROOT,
      accel: options.accel,
      log,
      frozenLock: options.frozenLock,
    });
  const startedAt = new Date();
  const results: ScenarioResult[] = [];
  log(
    `run ${runId}: ${scenarios.length} scenario(s) under ${accel.toUpperCase()}, artifacts in out/runs/${runId}/`,
  );
  for (const scenario of scenarios) {
    const runDir = join(runRoot, scenario.name);
    if (signal.aborted) {
      const skipped = buildInterruptedResult(scenario, runDir, accel);
      await writeVerdict(skipped);
      results.push(skipped);
      continue;
    }
    const result = await runScenario(scenario, {
      root: REPO_ROOT,
      runDir,
      accel,
      image,
      keep: options.keep,
      smp: options.smp,
      timeoutScale,
      signal,
      onProgress: (event) => log(formatProgress(event)),
      onConsoleLine: options.verbose
        ? (line, boot) => log(`  ${scenario.name}:${boot} | ${line}`)
        : undefined,
    });
    results.push(result);
    if (result.verdict !== 'passed' && result.verdict !== 'interrupted')
      log(formatFailure(result, process.cwd()));
  }
  await rm(join(runRoot, 'image'), { recursive: true, force: true });
  const tasks = scenarios.map((s) => ({ scenario: s.name, attempt: 1, folder: s.name, estimateSeconds: 0 }));
  const summary = buildMatrixSummary(
    {
      runId,
      groups: [],
      accel,
      jobs: 1,
      repeat: 1,
      startedAt,
      wallMs: Date.now() - startedAt.getTime(),
      image: identity,
    },
    tasks,
    results,
  );
  const files = await writeMatrixResults(runRoot, summary, { scenarios });
  log(`\n${formatSummaryTable(summary)}`);
  log(`results: ${relative(process.cwd(), files.summary)}, ${relative(process.cwd(), files.junit)}`);
  log(`report:  ${relative(process.cwd(), files.report)}`);
  return VERDICT_CLASSES[summary.verdict].exitCode;
}

/** `--check`: every problem of the given scenario files (default: all, and the groups), one line each on stdout. */
async function check(args: readonly string[], verbose: boolean): Promise<number> {
  const result = await checkScenarios(REPO_ROOT, args);
  for (const line of result.problems) process.stdout.write(`${line}\n`);
  if (verbose) for (const note of result.notes) log(`note: ${note}`);
  const notes =
    result.notes.length === 0
      ? ''
      : `; ${result.notes.length} file(s) with a first boot not planned ahead (pre-seeded disks, injected faults…${verbose ? '' : ', --verbose lists them'})`;
  log(`run-scenario --check: ${result.files} scenario file(s), ${result.problems.length} problem(s)${notes}`);
  return result.problems.length === 0 ? 0 : USAGE_EXIT_CODE;
}

/** Re-inspects a kept scenario folder; uses the guest root its run recorded, never builds the image. */
async function recheck(dir: string): Promise<number> {
  const runDir = resolve(dir);
  if (!existsSync(join(runDir, 'verdict.json')))
    throw usageError(
      `${dir} is not a scenario folder of a run (no verdict.json): pass out/runs/<run-id>/<scenario>`,
    );
  const recorded = join(runDir, '..', 'image.json');
  const guestRoot = existsSync(recorded)
    ? ((JSON.parse(readFileSync(recorded, 'utf8')) as { guestRoot?: string }).guestRoot ?? null)
    : null;
  const result = await recheckRun(runDir, REPO_ROOT, guestRoot && existsSync(guestRoot) ? guestRoot : null);
  log(`${result.scenario} boot ${result.boot}: ${result.verdict}`);
  for (const failure of result.failures) log(`  - ${failure}`);
  return VERDICT_CLASSES[result.verdict].exitCode;
}

function parseAccel(value: string): Options['accel'] {
  if (value !== 'auto' && value !== 'kvm' && value !== 'tcg')
    throw new InvalidArgumentError('use auto, kvm or tcg');
  return value;
}

function parseSmp(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 16)
    throw new InvalidArgumentError('use a whole number from 1 to 16');
  return n;
}

export function buildProgram(): Command {
  return defineHarnessCommand(
    new Command()
      .name('run-scenario')
      .description(
        'Boot scenarios (scenarios/<name>.toml) in QEMU, inspect the disks from the host, print a verdict per scenario.',
      )
      .argument(
        '[names...]',
        "scenario names, globs ('refuse-*', quoted) or paths to .toml files (with --check also folders)",
      )
      .option(
        '--keep',
        'keep the disk images and initrd in the run folder even when the scenario passes',
        false,
      )
      .option('--verbose', 'stream the guest console', false)
      .option('--accel <mode>', 'auto (probe KVM, fall back to TCG), kvm or tcg', parseAccel, 'auto')
      .option('--smp <n>', 'virtual CPUs per VM', parseSmp, 2)
      .option('--frozen-lock', 'fail when a locked guest package is gone (also ZOS_FROZEN_LOCK=1)', false)
      .option(
        '--check',
        'check the named scenario files (names, globs, .toml paths or folders; none: all of scenarios/ and the groups) without booting: every problem with its file:line and fix',
        false,
      )
      .option(
        '--recheck <run-dir>',
        're-run the host-side checks on the kept disks of out/runs/<run-id>/<scenario> without booting',
      ),
  );
}

export async function main(argv: string[]): Promise<number> {
  return runHarnessCli(buildProgram(), argv, async (program) => {
    const options = program.opts<Options>();
    if (options.recheck) return recheck(options.recheck);
    if (options.check) return check(program.args, options.verbose);
    if (program.args.length === 0)
      throw usageError('name at least one scenario (see scenarios/), or --recheck <run-dir>');
    return runScenarios(await expandScenarioNames(REPO_ROOT, program.args), options);
  });
}

await runAsEntryPoint(import.meta.url, main);
