// `run-scenario <name…>`: checks preconditions, ensures the guest image, runs each scenario, prints verdicts.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { HarnessError } from '../errors/harness-error.ts';
import { ensureImage } from '../image/ensure-image.ts';
import { formatFailure, formatSummaryLine } from '../run/format-failure.ts';
import { prepareRun } from '../run/prepare-run.ts';

import { recheckRun } from '../run/recheck-run.ts';
import { runScenario } from '../run/run-scenario.ts';
import type { ProgressEvent, ScenarioResult } from '../run/scenario-result.ts';
import { loadScenario } from '../scenario/load-scenario.ts';
import type { Scenario } from '../scenario/scenario-types.ts';
import {
  pickWorseVerdict,
  USAGE_EXIT_CODE,
  VERDICT_CLASSES,
  type VerdictClass,
} from '../verdict/verdict-classes.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

interface Options {
  keep: boolean;
  verbose: boolean;
  accel: 'auto' | 'kvm' | 'tcg';
  recheck?: string;
  smp: number;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function formatProgress(event: ProgressEvent): string {
  const boot = event.boot === null ? '' : ` boot ${event.boot}/${event.boots}`;
  return `[${event.scenario}]${boot} ${event.phase}${event.detail ? `: ${event.detail}` : ''} (${(event.elapsedMs / 1000).toFixed(1)} s)`;
}

async function runScenarios(names: string[], options: Options): Promise<VerdictClass> {
  const scenarios: Scenario[] = [];
  for (const name of names) scenarios.push(await loadScenario(ROOT, name));
  const { runId, runRoot, accel, timeoutScale, image } = await prepareRun({
    root: ROOT,
    accel: options.accel,
    log,
  });
  const results: ScenarioResult[] = [];
  log(
    `run ${runId}: ${scenarios.length} scenario(s) under ${accel.toUpperCase()}, artifacts in out/runs/${runId}/`,
  );
  for (const scenario of scenarios) {
    const result = await runScenario(scenario, {
      root: ROOT,
      runDir: join(runRoot, scenario.name),
      accel,
      image,
      keep: options.keep,
      smp: options.smp,
      timeoutScale,
      onProgress: (event) => log(formatProgress(event)),
      onConsoleLine: options.verbose
        ? (line, boot) => log(`  ${scenario.name}:${boot} | ${line}`)
        : undefined,
    });
    results.push(result);
    if (result.verdict !== 'passed') log(formatFailure(result, process.cwd()));
  }
  log('');
  for (const result of results) log(formatSummaryLine(result));
  return results.reduce<VerdictClass>((worst, r) => pickWorseVerdict(worst, r.verdict), 'passed');
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

export async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('run-scenario')
    .description(
      'Boot scenarios (scenarios/<name>.toml) in QEMU, inspect the disks from the host, print a verdict per scenario.',
    )
    .argument('[names...]', 'scenario names (or paths to .toml files)')
    .option(
      '--keep',
      'keep the disk images and initrd in the run folder even when the scenario passes',
      false,
    )
    .option('--verbose', 'stream the guest console', false)
    .option('--accel <mode>', 'auto (probe KVM, fall back to TCG), kvm or tcg', parseAccel, 'auto')
    .option('--smp <n>', 'virtual CPUs per VM', parseSmp, 2)
    .option(
      '--recheck <run-dir>',
      're-run the host-side checks on the kept disks of out/runs/<run-id>/<scenario> without booting',
    )
    .addHelpText(
      'after',
      `\nExit codes: ${Object.entries(VERDICT_CLASSES)
        .map(([name, v]) => `${v.exitCode} ${name}`)
        .join(', ')}, ${USAGE_EXIT_CODE} usage error.`,
    )
    .exitOverride();
  try {
    program.parse(argv);
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : USAGE_EXIT_CODE;
  }
  const options = program.opts<Options>();
  const names = program.args;
  try {
    if (options.recheck) {
      const image = await ensureImage({ outDir: join(ROOT, 'out') }).catch(() => null);
      const result = await recheckRun(resolve(options.recheck), ROOT, image?.guestRoot ?? null);
      log(`${result.scenario} boot ${result.boot}: ${result.verdict}`);
      for (const failure of result.failures) log(`  - ${failure}`);
      return VERDICT_CLASSES[result.verdict].exitCode;
    }
    if (names.length === 0) {
      log('run-scenario: name at least one scenario (see scenarios/), or --recheck <run-dir>');
      return USAGE_EXIT_CODE;
    }
    return VERDICT_CLASSES[await runScenarios(names, options)].exitCode;
  } catch (error) {
    if (error instanceof HarnessError && error.code === 'SCENARIO_NOT_FOUND') {
      log(`run-scenario: ${error.message}`);
      return USAGE_EXIT_CODE;
    }
    log(`run-scenario: harness error: ${error instanceof Error ? error.message : String(error)}`);
    return VERDICT_CLASSES.harness_error.exitCode;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv);
}
