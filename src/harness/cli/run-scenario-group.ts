// `run-scenario-group <group…>` (and `run-scenarios`): boots the scenarios of groups as a parallel VM matrix.
import { rm } from 'node:fs/promises';
import { freemem, availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { HarnessError } from '../errors/harness-error.ts';
import { chooseJobCount, estimateVmBytes } from '../matrix/choose-job-count.ts';
import { readScenarioGroups } from '../matrix/read-scenario-groups.ts';
import { runScenarioMatrix } from '../matrix/run-scenario-matrix.ts';
import { prepareRun } from '../run/prepare-run.ts';
import { loadScenario } from '../scenario/load-scenario.ts';
import type { Scenario } from '../scenario/scenario-types.ts';
import { USAGE_EXIT_CODE, VERDICT_CLASSES } from '../verdict/verdict-classes.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

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

function buildProgram(name: string, all: boolean): Command {
  const program = new Command()
    .name(name)
    .description(
      all
        ? 'Boot every scenario (scenario-groups/all.txt) as a parallel QEMU matrix; summary, JUnit XML and JSON under out/runs/<run-id>/.'
        : 'Boot the scenarios of one or more groups (scenario-groups/<group>.txt) as a parallel QEMU matrix; summary, JUnit XML and JSON under out/runs/<run-id>/.',
    );
  if (!all) program.argument('[groups...]', 'group names (see scenario-groups/)');
  return program
    .option(
      '-j, --jobs <n>',
      'VMs side by side (default: min(cores, free memory / per-VM need))',
      parseWholeNumber(64),
    )
    .option('--repeat <n>', 'run each scenario n times (flush out flakes)', parseWholeNumber(100), 1)
    .option('--keep', 'keep the disk images and initrds even when scenarios pass', false)
    .option('--verbose', 'stream every guest console, prefixed with the scenario', false)
    .option('--accel <mode>', 'auto (probe KVM, fall back to TCG), kvm or tcg', parseAccel, 'auto')
    .option('--smp <n>', 'virtual CPUs per VM (default: cores / jobs, at least 2)', parseWholeNumber(16))
    .option('--list', 'print the scenarios of the groups and exit (nothing is booted)', false)
    .option('--json', 'with --list: print a JSON array (CI matrix input)', false)
    .option('--summary-file <path>', 'also copy summary.json to this path')
    .addHelpText(
      'after',
      `\nExit codes: the worst verdict's (${Object.entries(VERDICT_CLASSES)
        .map(([verdict, v]) => `${v.exitCode} ${verdict}`)
        .join(', ')}), ${USAGE_EXIT_CODE} usage error.`,
    )
    .exitOverride();
}

async function runGroups(groups: string[], options: Options): Promise<number> {
  const names = await readScenarioGroups(ROOT, groups);
  if (options.list) {
    process.stdout.write(options.json ? `${JSON.stringify(names)}\n` : names.map((n) => `${n}\n`).join(''));
    return 0;
  }
  if (names.length === 0) {
    log(`${groups.join(' ')}: no scenarios in these groups`);
    return USAGE_EXIT_CODE;
  }
  // A summary left by an earlier run must not pass for this one's if this run dies before writing its own.
  if (options.summaryFile) await rm(resolve(options.summaryFile), { force: true });
  const scenarios: Scenario[] = [];
  for (const name of names) scenarios.push(await loadScenario(ROOT, name));
  const { runId, runRoot, accel, timeoutScale, image } = await prepareRun({
    root: ROOT,
    accel: options.accel,
    log,
  });
  const jobs = Math.min(options.jobs ?? chooseDefaultJobs(scenarios), scenarios.length * options.repeat);
  // At least 2 vCPUs (run-scenario's default): with 1 vCPU, bcachefs-tools 1.13 `bcachefs format` of a cached
  // layout segfaults in its btree_update thread in about one run in four (README "Known flake").
  const smp = options.smp ?? Math.max(2, Math.floor(availableParallelism() / jobs));
  log(
    `run ${runId}: ${scenarios.length} scenario(s)${options.repeat > 1 ? ` × ${options.repeat}` : ''} from ${groups.join(', ')} under ${accel.toUpperCase()}, --jobs ${jobs}, ${smp} vCPU(s) each; artifacts in out/runs/${runId}/`,
  );
  const { summary, files } = await runScenarioMatrix({
    root: ROOT,
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
  });
  log(`results: ${relative(process.cwd(), files.summary)}, ${relative(process.cwd(), files.junit)}`);
  return VERDICT_CLASSES[summary.verdict].exitCode;
}

/** `all`: run-scenarios (every scenario); otherwise run-scenario-group with group arguments. */
export async function main(argv: string[], all = false): Promise<number> {
  const program = buildProgram(all ? 'run-scenarios' : 'run-scenario-group', all);
  try {
    program.parse(argv);
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : USAGE_EXIT_CODE;
  }
  const options = program.opts<Options>();
  const groups = all ? ['all'] : program.args;
  if (groups.length === 0) {
    log('run-scenario-group: name at least one group (see scenario-groups/), e.g. run-scenario-group smoke');
    return USAGE_EXIT_CODE;
  }
  if (options.json && !options.list) {
    log(`${program.name()}: --json goes with --list`);
    return USAGE_EXIT_CODE;
  }
  try {
    return await runGroups(groups, options);
  } catch (error) {
    if (
      error instanceof HarnessError &&
      (error.code === 'SCENARIO_NOT_FOUND' || error.code === 'SCENARIO_INVALID')
    ) {
      log(`${program.name()}: ${error.message}`);
      return USAGE_EXIT_CODE;
    }
    log(`${program.name()}: harness error: ${error instanceof Error ? error.message : String(error)}`);
    return VERDICT_CLASSES.harness_error.exitCode;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv);
}
