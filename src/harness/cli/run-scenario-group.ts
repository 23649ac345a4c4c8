// `run-scenario-group <group…>` (and `run-scenarios`): boots the scenarios of groups as a parallel VM matrix.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { freemem, availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { chooseJobCount, chooseVcpuCount, estimateVmBytes } from '../matrix/choose-job-count.ts';
import { listGroupNames, readScenarioGroups } from '../matrix/read-scenario-groups.ts';
import type { MatrixSummary } from '../matrix/build-matrix-summary.ts';
import { runScenarioMatrix } from '../matrix/run-scenario-matrix.ts';
import {
  listUnpassedScenarios,
  parseShard,
  selectScenarios,
  type Shard,
} from '../matrix/select-scenarios.ts';
import { prepareScenarioRun } from '../run/prepare-run.ts';
import { resolveScenarioFile } from '../scenario/load-scenario.ts';
import type { Scenario } from '../scenario/scenario-types.ts';
import { VERDICT_CLASSES } from '../verdict/verdict-classes.ts';
import {
  defineHarnessCommand,
  REPO_ROOT,
  runAsEntryPoint,
  runHarnessCli,
  usageError,
} from './run-harness-cli.ts';

interface Options {
  jobs?: number;
  repeat: number;
  keep: boolean;
  verbose: boolean;
  accel: 'auto' | 'kvm' | 'tcg';
  smp?: number;
  list: boolean;
  json: boolean;
  summaryFile?: string;
  frozenLock: boolean;
  shard?: Shard;
  exclude: string[];
  rerunFailed?: string;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function parseWholeNumber(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new InvalidArgumentError(`use a whole number from 1 to ${max}`);
    return n;
  };
}

function parseShardOption(value: string): Shard {
  const shard = parseShard(value);
  if (!shard) throw new InvalidArgumentError('use i/n with 1 ≤ i ≤ n ≤ 64, e.g. 2/3');
  return shard;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseAccel(value: string): Options['accel'] {
  if (value !== 'auto' && value !== 'kvm' && value !== 'tcg')
    throw new InvalidArgumentError('use auto, kvm or tcg');
  return value;
}

/** The default --jobs: min(cores, free memory / what the largest VM needs), at least 1. */
function chooseDefaultJobs(scenarios: readonly Scenario[]): number {
  const largest = Math.max(...scenarios.map((s) => s.memoryMiB));
  return chooseJobCount({ cores: availableParallelism(), freeBytes: freemem() }, estimateVmBytes(largest));
}

export function buildProgram(name: string, all: boolean): Command {
  const program = new Command()
    .name(name)
    .description(
      all
        ? 'Boot every scenario (scenario-groups/all.txt) as a parallel QEMU matrix; summary, JUnit XML and JSON under out/runs/<run-id>/.'
        : 'Boot the scenarios of one or more groups (scenario-groups/<group>.txt) as a parallel QEMU matrix; summary, JUnit XML and JSON under out/runs/<run-id>/.',
    );
  if (!all)
    program.argument(
      '[groups...]',
      'group names (see scenario-groups/, or --list) or paths to .txt group files',
    );
  program
    .option(
      '-j, --jobs <n>',
      'VMs side by side (default: min(cores, free memory / per-VM need))',
      parseWholeNumber(64),
    )
    .option('--repeat <n>', 'run each scenario n times (flush out flakes)', parseWholeNumber(100), 1)
    .option('--keep', 'keep the disk images and initrds even when scenarios pass', false)
    .option('--verbose', 'stream every guest console, prefixed with the scenario', false)
    .option('--accel <mode>', 'auto (probe KVM, fall back to TCG), kvm or tcg', parseAccel, 'auto')
    .option('--smp <n>', 'virtual CPUs per VM (default: cores / jobs, at least 1)', parseWholeNumber(16))
    .option(
      '--list',
      'print the scenarios of the groups and exit (nothing is booted); without groups, the groups',
      false,
    )
    .option('--json', 'with --list: print a JSON array (CI matrix input)', false)
    .option('--summary-file <path>', 'also copy summary.json to this path')
    .option(
      '--shard <i/n>',
      'run only shard i of n: a stable split by scenario name, every scenario in exactly one shard (CI matrix)',
      parseShardOption,
    )
    .option('--exclude <glob>', 'leave out scenarios whose name matches (repeatable: refuse-*)', collect, [])
    .option(
      '--rerun-failed <summary.json>',
      'run only the scenarios that did not pass in that summary (its groups when none are named)',
    )
    .option('--frozen-lock', 'fail when a locked guest package is gone (also ZOS_FROZEN_LOCK=1)', false);
  return defineHarnessCommand(program);
}

/** Every scenario a group names must exist: a typo fails `--list` too, before CI builds a matrix from it. */
function checkScenariosExist(names: readonly string[], groups: readonly string[]): void {
  const missing = names.filter((name) => !existsSync(resolveScenarioFile(REPO_ROOT, name)));
  if (missing.length > 0)
    throw usageError(
      `${groups.length > 0 ? `group ${groups.join(', ')}` : 'the summary'} names scenario(s) without a file: ${missing.map((m) => `${m} (scenarios/${m}.toml)`).join(', ')}`,
    );
}

/** The scenarios that did not pass in an earlier run's summary.json, and the groups it ran. */
async function readRerunSummary(file: string): Promise<{ names: string[]; groups: string[] }> {
  let summary: Pick<MatrixSummary, 'scenarios' | 'groups'>;
  try {
    summary = JSON.parse(await readFile(resolve(file), 'utf8')) as MatrixSummary;
    if (!Array.isArray(summary.scenarios) || !Array.isArray(summary.groups))
      throw new Error('no scenarios list');
  } catch (error) {
    const why =
      error instanceof SyntaxError ? 'not JSON' : ((error as NodeJS.ErrnoException).code ?? 'no scenarios');
    throw usageError(
      `--rerun-failed: ${file} is not the summary.json of a run (${why}): pass out/runs/<run-id>/summary.json`,
    );
  }
  return { names: listUnpassedScenarios(summary), groups: summary.groups };
}

async function runGroups(groupArgs: string[], options: Options): Promise<number> {
  const rerun = options.rerunFailed ? await readRerunSummary(options.rerunFailed) : null;
  const groups = groupArgs.length > 0 || !rerun ? groupArgs : rerun.groups;
  const grouped = groups.length > 0 ? await readScenarioGroups(REPO_ROOT, groups) : (rerun?.names ?? []);
  checkScenariosExist(grouped, groups);
  const names = selectScenarios(grouped, {
    exclude: options.exclude,
    only: rerun?.names ?? null,
    shard: options.shard ?? null,
  });
  if (names.length === 0 && (options.shard || rerun)) {
    // An empty shard or a run with nothing failed is not an error: a CI matrix job passes with nothing to do.
    const why = options.shard
      ? `shard ${options.shard.index}/${options.shard.count} of ${groups.join(' ') || 'the rerun'} is empty`
      : `nothing failed in ${options.rerunFailed}`;
    log(`${why}: nothing to run`);
    if (options.list && options.json) process.stdout.write('[]\n');
    return 0;
  }
  if (options.list) {
    process.stdout.write(options.json ? `${JSON.stringify(names)}\n` : names.map((n) => `${n}\n`).join(''));
    return 0;
  }
  if (names.length === 0)
    throw usageError(
      `${groups.join(' ')}: no scenarios in these groups${options.exclude.length > 0 ? ' after --exclude' : ''}`,
    );
  // A summary left by an earlier run must not pass for this one's if this run dies before writing its own.
  if (options.summaryFile) await rm(resolve(options.summaryFile), { force: true });
  const { scenarios, signal, runId, runRoot, accel, timeoutScale, image, identity } =
    await prepareScenarioRun(names, {
      root: REPO_ROOT,
      accel: options.accel,
      log,
      frozenLock: options.frozenLock,
    });
  const jobs = Math.min(options.jobs ?? chooseDefaultJobs(scenarios), scenarios.length * options.repeat);
  const smp = options.smp ?? chooseVcpuCount(availableParallelism(), jobs);
  log(
    `run ${runId}: ${scenarios.length} scenario(s)${options.repeat > 1 ? ` × ${options.repeat}` : ''} from ${groups.join(', ')} under ${accel.toUpperCase()}, --jobs ${jobs}, ${smp} vCPU(s) each; artifacts in out/runs/${runId}/`,
  );
  const { summary, files } = await runScenarioMatrix({
    root: REPO_ROOT,
    runId,
    runRoot,
    groups,
    scenarios,
    image,
    accel,
    jobs,
    repeat: options.repeat,
    keep: options.keep,
    verbose: options.verbose,
    smp,
    timeoutScale,
    summaryFile: options.summaryFile ? resolve(options.summaryFile) : undefined,
    stream: process.stderr,
    signal,
    identity,
  });
  log(`results: ${relative(process.cwd(), files.summary)}, ${relative(process.cwd(), files.junit)}`);
  log(`report:  ${relative(process.cwd(), files.report)}`);
  return VERDICT_CLASSES[summary.verdict].exitCode;
}

/** `all`: run-scenarios (every scenario); otherwise run-scenario-group with group arguments. */
export async function main(argv: string[], all = false): Promise<number> {
  return runHarnessCli(
    buildProgram(all ? 'run-scenarios' : 'run-scenario-group', all),
    argv,
    async (program) => {
      const options = program.opts<Options>();
      const groups = all ? ['all'] : program.args;
      if (options.json && !options.list) throw usageError('--json goes with --list');
      if (groups.length === 0 && options.list && !options.rerunFailed) {
        const known = await listGroupNames(REPO_ROOT);
        process.stdout.write(
          options.json ? `${JSON.stringify(known)}\n` : known.map((g) => `${g}\n`).join(''),
        );
        return 0;
      }
      if (groups.length === 0 && !options.rerunFailed)
        throw usageError(
          'name at least one group (see scenario-groups/, or --list), e.g. run-scenario-group smoke',
        );
      return runGroups(groups, options);
    },
  );
}

await runAsEntryPoint(import.meta.url, (argv) => main(argv));
