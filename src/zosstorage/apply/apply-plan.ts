// Applies a plan: partitions each disk, waits for its partition nodes, creates the filesystems (stops at the first failure).
import { access } from 'node:fs/promises';
import path from 'node:path';
import { buildApplySteps, type ApplyStep } from '../commands/build-apply-steps.ts';
import { listRequiredPrograms } from '../commands/list-required-programs.ts';
import { describeInstallHint } from '../exec/tool-packages.ts';
import { ZosError } from '../errors/zos-error.ts';
import type { Command, CommandRunner } from '../exec/command.ts';
import { runChecked } from '../exec/run-checked.ts';
import type { Logger } from '../log/logger-types.ts';
import type { Config, Plan } from '../types.ts';
import { waitForPath as defaultWaitForPath, type WaitForPath } from './wait-for-path.ts';

/** How long a partition node may take to appear after the table was re-read. */
export const PARTITION_NODE_TIMEOUT_MS = 30_000;

export interface ApplyPlanInput {
  plan: Plan;
  config: Config;
  runner: CommandRunner;
  logger: Logger;
  /** Where device nodes live (named in timeout messages). */
  devRoot: string;
  /** sysfs root, used to tell "kernel has no partition" from "no device node" when waiting fails. */
  sysRoot: string;
  /** Injectable so tests do not sleep. */
  waitForPath?: WaitForPath;
  timeoutMs?: number;
}

async function exists(target: string): Promise<boolean> {
  return access(target).then(
    () => true,
    () => false,
  );
}

/** `udevadm settle` where udev exists; in the initramfs (no udev) devtmpfs creates the nodes itself. */
async function settleDevices(runner: CommandRunner, logger: Logger, settle: Command): Promise<void> {
  // A PATH lookup first: the initramfs has no udev, and a spawn that fails costs about 40 ms under TCG.
  const [program] = settle.argv;
  if (program !== undefined && runner.findProgram && !(await runner.findProgram(program))) {
    logger.debug('no udevadm; polling for device nodes');
    return;
  }
  try {
    const result = await runner(settle);
    if (result.exitCode !== 0)
      logger.warn('udevadm settle failed; polling for device nodes', { exit: result.exitCode });
  } catch (error) {
    if (!(error instanceof ZosError && error.code === 'TOOL_MISSING')) throw error;
    logger.debug('no udevadm; polling for device nodes');
  }
}

async function awaitPartitionNodes(step: ApplyStep, input: ApplyPlanInput): Promise<void> {
  const wait = input.waitForPath ?? defaultWaitForPath;
  const timeoutMs = input.timeoutMs ?? PARTITION_NODE_TIMEOUT_MS;
  for (const node of step.expectPaths ?? []) {
    if (await wait(node, timeoutMs)) continue;
    const name = path.basename(node);
    const known = await exists(path.join(input.sysRoot, 'class', 'block', name));
    const why = known
      ? `the kernel knows ${name} but ${node} does not exist: is devtmpfs mounted on ${input.devRoot}?`
      : `the kernel did not pick up the new partition table of ${step.device}`;
    throw new ZosError(
      'TOOL_FAILED',
      `partition ${node} did not appear within ${timeoutMs / 1000} s: ${why}`,
      {
        details: { step: step.step, device: step.device, node },
      },
    );
  }
}

/**
 * Before the first write: every program the run needs must be startable (when the runner can look
 * programs up), so a missing bcachefs never leaves half-partitioned disks behind.
 */
async function checkProgramsPresent({ plan, config, runner }: ApplyPlanInput): Promise<void> {
  const find = runner.findProgram;
  if (find === undefined) return;
  const missing: string[] = [];
  for (const program of listRequiredPrograms(plan, config)) {
    if (!(await find(program))) missing.push(program);
  }
  if (missing.length === 0) return;
  const list = missing.map((program) => `\`${program}\` (${describeInstallHint(program)})`).join(', ');
  throw new ZosError('TOOL_MISSING', `cannot apply the plan, not found: ${list}; nothing was written`, {
    details: { missing: missing.join(',') },
  });
}

/**
 * The filesystem a mkfs refused to overwrite, from its own words: mkfs.btrfs `appears to contain an existing
 * filesystem (btrfs)`, bcachefs `contains a ext4 filesystem`; null for any other failure.
 */
export function findRefusalOfExistingData(error: unknown): string | null {
  if (!(error instanceof ZosError) || error.code !== 'TOOL_FAILED') return null;
  const stderr = typeof error.details.stderr === 'string' ? error.details.stderr : '';
  const match =
    /appears to contain an existing filesystem \(([^)]+)\)/.exec(stderr) ??
    /contains an? ([\w.-]+) filesystem/.exec(stderr) ??
    /contains an existing filesystem/.exec(stderr);
  return match === null ? null : (match[1] ?? 'unknown');
}

/** TOOL_FOUND_DATA: a safety finding after the first write, with what the disks now hold and what comes next. */
function buildFoundDataError(
  step: ApplyStep,
  tool: string,
  found: string,
  done: readonly string[],
  cause: unknown,
): ZosError {
  return new ZosError(
    'TOOL_FOUND_DATA',
    `${tool} refused to format ${step.device}: it found an existing ${found} filesystem there that every check ` +
      `before missed. It wrote nothing; this run had written ${done.length > 0 ? done.join(', ') : 'nothing'}. ` +
      'The next boot refuses these disks (PARTIAL_LAYOUT) and writes nothing. ' +
      `Look at what is on ${step.device} (blkid -p ${step.device}) before you clear the disk on purpose`,
    { cause, details: { device: step.device, tool, found } },
  );
}

/**
 * Checks that every needed program exists, then runs buildApplySteps(plan) in order. Markers: `PARTITIONED device=` once a disk's partition nodes
 * exist, `MKFS type= label= uuid= members=` after each filesystem. The first failure throws
 * (TOOL_FAILED / TOOL_MISSING naming the step and device) and nothing after it runs.
 */
export async function applyPlan(input: ApplyPlanInput): Promise<void> {
  const { plan, runner, logger } = input;
  await checkProgramsPresent(input);
  const done: string[] = [];
  for (const step of buildApplySteps(plan)) {
    logger.info(`${step.step} ${step.device}`, { step: step.step, device: step.device });
    for (const command of step.commands) {
      try {
        await runChecked(runner, command);
      } catch (error) {
        const found = step.step === 'mkfs' ? findRefusalOfExistingData(error) : null;
        if (found === null) throw error;
        logger.marker('TOOL_REFUSED', { device: step.device, tool: command.argv[0] ?? 'mkfs', found });
        throw buildFoundDataError(step, command.argv[0] ?? 'mkfs', found, done, error);
      }
    }
    if (step.step === 'partition') done.push(`the GPT of ${step.device}`);
    if (step.step === 'mkfs' && step.filesystem) done.push(`the ${step.filesystem.type} on ${step.device}`);
    if (step.step === 'reread') {
      if (step.settle) await settleDevices(runner, logger, step.settle);
      await awaitPartitionNodes(step, input);
      logger.marker('PARTITIONED', { device: step.device });
    }
    if (step.step === 'mkfs' && step.filesystem !== undefined) {
      const { type, label, uuid, members } = step.filesystem;
      logger.marker('MKFS', { type, label, uuid, members: members.join(',') });
    }
    if (step.step === 'initialize' && step.filesystem !== undefined) {
      const { type, uuid } = step.filesystem;
      logger.marker('INITIALIZED', { type, uuid, by: 'first-mount' });
    }
  }
}
