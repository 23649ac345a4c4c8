// The provisioning pipeline, top to bottom: config → discover → inspect → (already provisioned?) → plan →
// apply → mount → fstab → report. Every precondition is checked before the first write.
import { join } from 'node:path';
import { applyPlan } from './apply/apply-plan.ts';
import { buildApplySteps, listStepCommands } from './commands/build-apply-steps.ts';
import { buildMountSteps, listMountCommands } from './commands/build-mount-steps.ts';
import { listPlannedWrites, type PlannedWrite } from './commands/list-planned-writes.ts';
import { readKernelCmdline } from './config/read-kernel-cmdline.ts';
import { capProblems } from './config/config-limits.ts';
import { isCmdlineSwitchOn, resolveConfig } from './config/resolve-config.ts';
import { discoverDevices } from './discover/discover-devices.ts';
import type { SkippedDevice } from './discover/select-devices.ts';
import { toZosError, ZosError } from './errors/zos-error.ts';
import type { CommandRunner } from './exec/command.ts';
import { logCommandRuns } from './exec/log-command-runs.ts';
import type { Logger } from './log/logger-types.ts';
import { assignMountpoints } from './mount/assign-mountpoints.ts';
import { checkMountTargetsFree } from './mount/check-mount-targets.ts';
import { mountFilesystems } from './mount/mount-filesystems.ts';
import type { MountEntry } from './mount/parse-mounts.ts';
import { readMountTable } from './mount/read-mount-table.ts';
import { startModuleLoads } from './mount/start-module-loads.ts';
import { buildFstabEntries } from './mount/render-fstab.ts';
import { writeFstab } from './mount/write-fstab.ts';
import { describePlan } from './plan/describe-plan.ts';
import { planProvisioning } from './plan/plan-provisioning.ts';
import { buildReport } from './report/build-report.ts';
import { writeReport } from './report/write-report.ts';
import type { DiskState } from './safety/disk-state.ts';
import { inspectDisks } from './safety/inspect-disks.ts';
import { checkPlannedWrites } from './safety/check-planned-writes.ts';
import { classifyTargets, type TargetClassification } from './state/classify-targets.ts';
import type { TopologyAlias } from './layout/topologies.ts';
import type { Config, Layout, Plan, ReportStatus } from './types.ts';

export interface RunZosstorageOptions {
  /**
   * `provision` writes; `plan` prints the plan and writes nothing; `validate` stops after the config;
   * `mount-existing` mounts what was provisioned before and never writes to a disk; `report-current` prints the
   * report of the disks as they are and neither mounts nor writes. The kernel cmdline switches
   * `zosstorage.mount_existing` and `zosstorage.report_current` choose the last two too.
   */
  action: RunAction;
  force: boolean;
  configPath?: string;
  cliOverrides: Record<string, string | boolean | undefined>;
  defaultConfigPath?: string;
  sysRoot: string;
  devRoot: string;
  cmdlineFile: string;
  mountsFile: string;
  /** Prefix for mountpoints, the fstab and the report (`/` on a real boot). */
  root: string;
  runner: CommandRunner;
  now: () => Date;
  newGuid: () => string;
  toolVersion: string;
  /** Creates the logger once the logging config is known. */
  openLogger: (logging: Config['logging']) => Logger;
  /** Receives what `--plan` prints (stdout). */
  print: (text: string) => void;
}

export type RunAction = 'provision' | 'plan' | 'validate' | 'mount-existing' | 'report-current';

export type RunOutcome = ReportStatus | 'planned' | 'validated';

/** The actions the kernel command line can choose (`zosstorage.mount_existing=1`). */
const CMDLINE_ACTIONS = { mount_existing: 'mount-existing', report_current: 'report-current' } as const;

/** The run's action: the CLI's, or one switched on on the kernel command line; two different ones are USAGE. */
export function chooseRunAction(cliAction: RunAction, cmdline: string): RunAction {
  const fromCmdline = Object.entries(CMDLINE_ACTIONS).filter(([name]) => isCmdlineSwitchOn(cmdline, name));
  const named = [
    ...(cliAction === 'provision' ? [] : [{ action: cliAction, as: `--${cliAction}` }]),
    ...fromCmdline.map(([name, action]) => ({ action, as: `zosstorage.${name}=1` })),
  ];
  if (new Set(named.map((n) => n.action)).size > 1) {
    throw new ZosError(
      'USAGE',
      `${named.map((n) => n.as).join(' and ')} are two actions; choose one (--mount-existing and --report-current never run together or with provisioning)`,
    );
  }
  return named[0]?.action ?? cliAction;
}

/** The NO_ELIGIBLE_DISKS error, listing every block device that was skipped and why. */
function buildNoEligibleDisksError(skipped: readonly SkippedDevice[], sysRoot: string): ZosError {
  const found =
    skipped.length === 0
      ? `there are no block devices in ${join(sysRoot, 'block')}`
      : `skipped: ${skipped.map((device) => `${device.name} (${device.reason})`).join(', ')}`;
  return new ZosError('NO_ELIGIBLE_DISKS', `no eligible disk found; ${found}. Nothing was written`, {
    details: { skipped: skipped.map((device) => `${device.name}: ${device.reason}`).join('; ') },
  });
}

/** One SAFE or REFUSED marker per inspected disk, so the console shows every verdict before any refusal. */
function markDiskStates(states: readonly DiskState[], logger: Logger): void {
  for (const state of states) {
    if (state.state === 'not_empty') {
      // The first recognised structure names the format and its copy; otherwise the first finding (data, a holder).
      const first = state.evidence.find((entry) => entry.format !== undefined) ?? state.evidence[0];
      logger.marker('REFUSED', {
        device: state.device.path,
        reason: first?.kind ?? 'unknown',
        offset: first?.offset ?? 'none',
        ...(first?.format === undefined ? {} : { format: first.format }),
        ...(first?.copy === undefined ? {} : { copy: first.copy }),
        ...formatTiming(state),
      });
    } else {
      logger.marker('SAFE', { device: state.device.path, state: state.state, ...formatTiming(state) });
    }
  }
}

/**
 * A provisioned node whose disks changed: a DEGRADED marker (and a warning with the next step) per filesystem that
 * misses members it can lose, a NEW_DISK marker per disk that is none of the layout's (left untouched).
 */
function markLifecycle(layout: Layout, logger: Logger): void {
  for (const filesystem of layout.filesystems) {
    if (filesystem.state !== 'degraded') continue;
    const missing = filesystem.missing?.join('; ') ?? 'unknown';
    logger.marker('DEGRADED', {
      type: filesystem.type,
      uuid: filesystem.uuid,
      members: `${filesystem.members.length}/${filesystem.devices ?? filesystem.members.length}`,
      missing,
    });
    // The missing member's id (`devid 2 (UUID …)` → 2) and where this boot mounts the filesystem, for the commands.
    const id = /^(?:devid|member) (\d+)/.exec(filesystem.missing?.[0] ?? '')?.[1] ?? '<id>';
    const at = filesystem.mountpoint ?? '<mountpoint>';
    logger.warn(
      `${filesystem.type} ${filesystem.uuid} is mounted degraded: ${missing} missing, its data is on the members ` +
        `left (${filesystem.members.join(', ')}). Attach the missing disk again if it can be, or replace it: ` +
        (filesystem.type === 'btrfs'
          ? `give a new disk the zos partitions, then \`btrfs replace start ${id} <new disk>3 ${at}\` and ` +
            `\`btrfs balance start -dconvert=raid1,soft -mconvert=raid1,soft ${at}\``
          : `give a new disk the zos partitions, then \`bcachefs device add ${at} <new disk>3\`, ` +
            `\`bcachefs device remove --force ${id} ${at}\` and \`bcachefs data rereplicate ${at}\``) +
        ' (docs/provisioner.md, "A node\'s disks change"). zosstorage never writes to the disks of a provisioned node.',
      { uuid: filesystem.uuid },
    );
  }
  for (const disk of layout.otherDisks ?? []) {
    logger.marker('NEW_DISK', { device: disk.path, state: disk.state, action: 'untouched' });
    logger.info(
      disk.state === 'unprovisioned'
        ? 'an empty disk next to the provisioned layout: left untouched (zosstorage does not grow a provisioned node)'
        : 'a disk with data next to the provisioned layout: refused and left untouched',
      { device: disk.path, ...(disk.reason === null ? {} : { found: disk.reason }) },
    );
  }
}

/** Where the inspection of one disk spent its time, as marker fields. */
function formatTiming(state: DiskState): Record<string, number> {
  if (state.timing === undefined) return {};
  const { probesMs, toolsMs, scanMs } = state.timing;
  return { probe_ms: probesMs, tools_ms: toolsMs, scan_ms: scanMs };
}

/** The plan, its layout and every command a fresh apply + mount runs, in order (read-only probes aside). */
function formatPlanOutput(plan: Plan, config: Config, root: string): string {
  const commands = [
    ...listStepCommands(buildApplySteps(plan)),
    ...listMountCommands(buildMountSteps(describePlan(plan).filesystems, config, root)),
  ].map((command) => command.argv);
  // What the run would read before its first write (safety/check-planned-writes.ts), disk-relative byte ranges.
  const checked = listPlannedWrites(plan).map(({ disk, offset, length, tool, what }) => ({
    disk,
    offset,
    length,
    tool,
    what,
  }));
  return `${JSON.stringify({ status: 'planned', plan, layout: describePlan(plan), commands, checked_before_write: checked }, null, 2)}\n`;
}

/** Runs the pipeline; on a failure after the config is known it writes a `failed` report, then rethrows. */
export async function runZosstorage(options: RunZosstorageOptions): Promise<RunOutcome> {
  const cmdline = await readKernelCmdline(options.cmdlineFile);
  if (options.force || isCmdlineSwitchOn(cmdline, 'force')) {
    throw new ZosError(
      'FORCE_UNIMPLEMENTED',
      '--force is not implemented: zosstorage never wipes disks; clear them yourself (blkdiscard -z <disk>, see docs/provisioner.md "Clearing a disk on purpose") and run again',
    );
  }
  const action = chooseRunAction(options.action, cmdline);
  const resolved = await resolveConfig({
    configPath: options.configPath,
    cliOverrides: options.cliOverrides,
    cmdline,
    defaultConfigPath: options.defaultConfigPath,
  });
  const { config } = resolved;
  const logger = options.openLogger(config.logging);
  const unknown = capProblems(resolved.unknownCmdlineNames);
  for (const name of unknown.shown) {
    logger.warn('unknown kernel cmdline setting ignored', { name: `zosstorage.${name}` });
  }
  if (unknown.more !== null)
    logger.warn('more unknown kernel cmdline settings ignored', {
      count: resolved.unknownCmdlineNames.length - unknown.shown.length,
    });
  logger.marker('CONFIG', {
    topology: config.topology.mode,
    ...(resolved.topologyAlias ? { alias: resolved.topologyAlias } : {}),
    source: resolved.topologySource,
    file: resolved.configPath ?? 'none',
    ...(action === 'provision' ? {} : { action }),
  });
  if (action === 'validate') {
    logger.info('configuration is valid', { file: resolved.configPath ?? 'none (built-in defaults)' });
    return 'validated';
  }

  const context: RunContext = {
    options,
    action,
    config,
    logger,
    runner: logCommandRuns(options.runner, logger),
    reportPath: join(options.root, config.report.path),
    topologyAlias: resolved.topologyAlias,
  };
  try {
    return await provision(context);
  } catch (error) {
    if (action === 'provision' || action === 'mount-existing')
      await writeFailedReport(context, toZosError(error));
    if (action === 'report-current') printReport(context, 'failed', null, toZosError(error));
    throw error;
  }
}

interface RunContext {
  options: RunZosstorageOptions;
  /** The action after the kernel cmdline's switches (chooseRunAction). */
  action: RunAction;
  config: Config;
  logger: Logger;
  /** The given runner, debug-logging every command. */
  runner: CommandRunner;
  /** Where the report goes (under --root). */
  reportPath: string;
  topologyAlias: TopologyAlias | null;
}

/** Discover → inspect → classify → plan → apply → mount → fstab → report. */
async function provision(context: RunContext): Promise<RunOutcome> {
  const { options, config, logger, runner } = context;
  const { candidates, skipped } = await discoverDevices({
    sysRoot: options.sysRoot,
    devRoot: options.devRoot,
    rules: config.device_selection,
  });
  for (const device of skipped) logger.info('device skipped', { device: device.name, reason: device.reason });
  logger.marker('DISCOVERED', {
    count: candidates.length,
    devices: candidates.map((device) => device.path).join(',') || 'none',
  });
  if (candidates.length === 0) throw buildNoEligibleDisksError(skipped, options.sysRoot);

  const mounts = await readMountTable(options.mountsFile);
  const states = await inspectDisks({
    devices: candidates,
    runner,
    sysRoot: options.sysRoot,
    devRoot: options.devRoot,
    mounts,
    safety: config.safety,
  });
  markDiskStates(states, logger);
  const target = classifyTargets(states, config);

  if (context.action === 'mount-existing' || context.action === 'report-current')
    return reportOrMountExisting(context, target, mounts);
  if (target.kind === 'provisioned') {
    logger.info('already provisioned: the disks carry the zos layout; nothing is written', {
      topology: target.layout.topology,
    });
    logger.marker('ALREADY_PROVISIONED', { topology: target.layout.topology });
    const layout = { ...target.layout, filesystems: assignMountpoints(target.layout.filesystems, config) };
    markLifecycle(layout, logger);
    if (context.action === 'plan') {
      options.print(`${JSON.stringify({ status: 'already_provisioned', layout }, null, 2)}\n`);
      return 'planned';
    }
    const modules = loadModulesFor(
      context,
      layout.filesystems.map((filesystem) => filesystem.type),
    );
    await mountData(context, layout, mounts);
    await writeFstabEntries(context, { layout });
    await modules;
    return finish(context, 'already_provisioned', layout);
  }

  const plan = planProvisioning({ devices: candidates, config, newGuid: options.newGuid });
  logger.marker('PLAN', {
    topology: plan.topology,
    disks: plan.disks.length,
    filesystems: plan.filesystems.length,
  });
  if (context.action === 'plan') {
    options.print(formatPlanOutput(plan, config, options.root));
    return 'planned';
  }
  const layout = describePlan(plan);
  checkMountTargetsFree(buildMountSteps(layout.filesystems, config, options.root), mounts);
  // Beside partitioning and mkfs. A bcachefs is mounted once by apply itself (its first read-write mount), so its
  // module is needed even when the run does not mount the data filesystems afterwards.
  const modules = startModuleLoads({
    types: plan.filesystems
      .filter((filesystem) => config.mount.enabled || filesystem.kind === 'bcachefs')
      .map((filesystem) => filesystem.kind),
    sysRoot: options.sysRoot,
    runner,
    logger,
  });
  // Never write over a non-zero byte: every range the commands will write, on every disk, before the first write
  // (beside the module loads just started, which write nothing to a disk).
  const writes = listPlannedWrites(plan);
  for (const check of await checkPlannedWrites(writes)) {
    logger.marker('WRITE_CHECK', {
      device: check.disk,
      ranges: check.ranges,
      bytes: check.bytes,
      ms: check.ms,
    });
  }
  await applyPlan({
    plan,
    config,
    runner,
    logger,
    devRoot: options.devRoot,
    sysRoot: options.sysRoot,
  });
  await mountData(context, layout, mounts);
  await writeFstabEntries(context, { plan });
  await modules;
  return finish(context, 'provisioned', layout, writes);
}

/**
 * --mount-existing and --report-current: never plan, partition, format or create anything. On disks without the
 * zos layout the status is `unprovisioned`; a foreign or partial layout is refused as always (classifyTargets).
 */
async function reportOrMountExisting(
  context: RunContext,
  target: TargetClassification,
  mounts: readonly MountEntry[],
): Promise<RunOutcome> {
  const { config, logger } = context;
  const layout =
    target.kind === 'provisioned'
      ? { ...target.layout, filesystems: assignMountpoints(target.layout.filesystems, config) }
      : null;
  const status = layout ? 'already_provisioned' : 'unprovisioned';
  if (layout) {
    logger.marker('ALREADY_PROVISIONED', { topology: layout.topology });
    markLifecycle(layout, logger);
  } else logger.info('no zos layout on the eligible disks: nothing to mount or report');
  if (context.action === 'report-current') {
    printReport(context, status, layout);
    logger.marker('DONE', { status });
    return status;
  }
  if (layout) {
    await loadModulesFor(
      context,
      layout.filesystems.map((filesystem) => filesystem.type),
    );
    await mountData(context, layout, mounts, { createSubvolumes: false });
    await writeFstabEntries(context, { layout });
  }
  return finish(context, status, layout);
}

/** --report-current: the state report on stdout (where --plan prints its plan); nothing is written. */
function printReport(
  { options, topologyAlias }: RunContext,
  status: ReportStatus,
  layout: Layout | null,
  error?: ZosError,
): void {
  const report = buildReport({
    toolVersion: options.toolVersion,
    now: options.now(),
    status,
    layout,
    error,
    topologyAlias,
  });
  options.print(`${JSON.stringify(report, null, 2)}\n`);
}

/** Starts the module loads of a found layout's filesystems (mount/start-module-loads.ts), when the run mounts. */
function loadModulesFor({ options, config, logger, runner }: RunContext, types: string[]): Promise<void> {
  if (!config.mount.enabled) return Promise.resolve();
  return startModuleLoads({ types, sysRoot: options.sysRoot, runner, logger });
}

async function mountData(
  { options, config, logger, runner }: RunContext,
  layout: Layout,
  mounts: readonly MountEntry[],
  { createSubvolumes = true }: { createSubvolumes?: boolean } = {},
): Promise<void> {
  if (!config.mount.enabled) return;
  await mountFilesystems({
    filesystems: layout.filesystems,
    config,
    runner,
    root: options.root,
    mounts,
    logger,
    createSubvolumes,
  });
}

/**
 * fstab lives on the root filesystem (not on the disks): it is brought up to date on every run, from the
 * plan's `fstab` when provisioning, from the found layout when the disks were provisioned before.
 */
async function writeFstabEntries(
  { options, config, logger }: RunContext,
  source: { plan: Plan } | { layout: Layout },
): Promise<void> {
  if (!config.fstab.enabled || !config.mount.enabled) return;
  const entries =
    'plan' in source
      ? (source.plan.fstab?.entries ?? [])
      : buildFstabEntries(source.layout.filesystems, config);
  await writeFstab({ path: config.fstab.path, entries, root: options.root, logger });
}

async function finish(
  context: RunContext,
  status: 'provisioned' | 'already_provisioned' | 'unprovisioned',
  layout: Layout | null,
  checkedWrites?: readonly PlannedWrite[],
) {
  const { options, logger, reportPath, topologyAlias } = context;
  const report = buildReport({
    toolVersion: options.toolVersion,
    now: options.now(),
    status,
    layout,
    topologyAlias,
    ...(checkedWrites === undefined ? {} : { checkedWrites }),
  });
  await writeReport(reportPath, report);
  logger.marker('REPORT', { path: reportPath });
  logger.marker('DONE', { status });
  return status;
}

/** Best effort: a failure to write the failed report is logged, the original error stays the one reported. */
async function writeFailedReport(
  { options, logger, reportPath, topologyAlias }: RunContext,
  error: ZosError,
): Promise<void> {
  try {
    const report = buildReport({
      toolVersion: options.toolVersion,
      now: options.now(),
      status: 'failed',
      layout: null,
      error,
      topologyAlias,
    });
    await writeReport(reportPath, report);
    logger.marker('REPORT', { path: reportPath });
  } catch (reportError) {
    logger.error('could not write the failed report', {
      path: reportPath,
      reason: toZosError(reportError).message,
    });
  }
}
