// What a scenario expects, checked against its own config and disks before any boot: the config resolves (or the
// boot expects its refusal), an expected topology matches the configured mode, and a first boot on blank disks
// expects what the provisioner's own planner makes of them (topology, members, profiles, which disks it writes).
import { kernelDiskName } from '../../shared/format/kernel-disk-name.ts';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { withDir } from 'tmp-promise';
import { ZosError } from '../../zosstorage/errors/zos-error.ts';
import { formatConfigError, type ConfigError } from '../../zosstorage/config/config-error.ts';
import { resolveConfig } from '../../zosstorage/config/resolve-config.ts';
import { selectDevices } from '../../zosstorage/discover/select-devices.ts';
import type { BlockDeviceFacts } from '../../zosstorage/discover/read-block-device.ts';
import { planProvisioning } from '../../zosstorage/plan/plan-provisioning.ts';
import type { Config, Plan, Transport } from '../../zosstorage/types.ts';
import { CONTROLLER_BUSES, isControllerBus } from '../qemu/disk-buses.ts';
import type { ScenarioProblem } from './scenario-problem.ts';
import type { BootExpectation, Scenario, ScenarioDisk } from './scenario-types.ts';

/** Refusals that come from the config or the plan, which a check without a boot can foresee. */
const CONFIG_REFUSALS = new Set(['CONFIG_INVALID', 'CONFIG_NOT_FOUND', 'NO_ELIGIBLE_DISKS']);

/** Kernel arguments that make the provisioner do something else than provision. */
const OTHER_MODES = /^zosstorage\.(report_current|mount_existing|force)\b/;

export interface ConsistencyResult {
  problems: ScenarioProblem[];
  /** Why a first boot's plan was not predicted (pre-seeded disks, injected errors…), per boot checked. */
  notes: string[];
}

/** A config the provisioner refuses: its code and exit, and each problem with where it is. */
interface Refusal {
  code: string;
  exitCode: number;
  problems: { keys: (string | number)[]; where: string; message: string }[];
}

type Resolution = { ok: true; config: Config } | ({ ok: false } & Refusal);

/** A config path as keys: `mount.paths[1]` → ['mount', 'paths', 1]. */
function splitConfigPath(path: string): (string | number)[] {
  return path === ''
    ? []
    : path.split(/\.|(?=\[)/).map((part) => (/^\[\d+\]$/.test(part) ? Number(part.slice(1, -1)) : part));
}

/** Resolves the config a boot's provisioner reads (file, inline table or none, and the kernel arguments). */
async function resolveBootConfig(
  root: string,
  scenario: Scenario,
  boot: BootExpectation,
  scratch: string,
): Promise<Resolution> {
  let configPath: string | undefined;
  if (scenario.config.kind === 'file') configPath = resolve(root, scenario.config.path);
  if (scenario.config.kind === 'inline') {
    configPath = join(scratch, 'inline-config.json');
    await writeFile(configPath, JSON.stringify(scenario.config.value));
  }
  const cmdline = [...scenario.kernelArgs, ...boot.kernelArgs]
    .filter((arg) => !arg.startsWith('zosstorage.config='))
    .join(' ');
  try {
    const resolved = await resolveConfig({
      configPath,
      cliOverrides: {},
      cmdline,
      defaultConfigPath: join(scratch, 'no-default-config.yaml'),
    });
    return { ok: true, config: resolved.config };
  } catch (error) {
    if (!(error instanceof ZosError)) throw error;
    const inline = join(scratch, 'inline-config.json');
    const errors = (error.details.errors ?? []) as ConfigError[];
    const problems =
      errors.length === 0
        ? [{ keys: [], where: '', message: error.message.split(inline).join('the inline config') }]
        : errors.map((e) => ({
            keys: e.source === inline ? splitConfigPath(e.path) : [],
            where: e.source === inline ? '' : `${formatConfigError(e).slice(0, -e.message.length - 2)}: `,
            message: e.message,
          }));
    return { ok: false, code: error.code, exitCode: error.exitCode, problems };
  }
}

function expectsRefusal(boot: BootExpectation, code: string, exitCode: number): boolean {
  return (
    boot.verdict === 'refused' &&
    (boot.errorCode === code || (boot.errorCode === null && boot.exitCode === exitCode))
  );
}

function refusalFix(code: string, exitCode: number): string {
  return `fix it, or expect the refusal: verdict = "refused", exit_code = ${exitCode}, error_code = "${code}"`;
}

/** The kernel names, transports and flags the guest gives the attached disks (as QEMU and Linux 6.12 show them). */
function describeGuestDisks(disks: readonly ScenarioDisk[], boot: BootExpectation): BlockDeviceFacts[] {
  const counters = { vd: 0, sd: 0 };
  const nvme = new Map<string, number>();
  return disks.map((disk): BlockDeviceFacts => {
    const expected = boot.disks[disk.id]?.device?.replace(/^\/dev\//, '') ?? null;
    const controller = isControllerBus(disk.bus) ? CONTROLLER_BUSES[disk.bus] : null;
    let name: string;
    let transport: Transport;
    let rotational = disk.rotationRate !== 1;
    if (disk.bus === 'virtio') {
      name = kernelDiskName('vd', counters.vd++);
      transport = 'virtio';
      rotational = true;
    } else if (disk.bus === 'nvme') {
      const key = disk.nvmeController ?? `\0${disk.id}`;
      if (!nvme.has(key)) nvme.set(key, nvme.size);
      name = `nvme${nvme.get(key)}n${disk.nvmeNamespaceId ?? 1}`;
      transport = 'nvme';
      rotational = false;
    } else if (controller?.attach === 'sd') {
      name = 'mmcblk0';
      transport = 'mmc';
      rotational = false;
    } else {
      name = kernelDiskName('sd', counters.sd++);
      transport =
        disk.bus === 'usb' || controller?.attach === 'uas'
          ? 'usb'
          : disk.bus === 'sata' || controller?.attach === 'ide'
            ? 'sata'
            : 'scsi';
      if (disk.bus === 'usb') rotational = true;
    }
    return {
      name: expected ?? name,
      devicePath: `devices/${name}`,
      isPartition: false,
      hidden: false,
      sizeBytes: disk.sizeBytes,
      readOnly: false,
      removable: disk.removable,
      rotational,
      logicalSectorSize: disk.logicalBlockSize ?? 512,
      physicalSectorSize: disk.physicalBlockSize ?? disk.logicalBlockSize ?? 512,
      transport,
      model: null,
      serial: disk.serial,
      wwid: disk.wwid,
    };
  });
}

/** Why boot `index` cannot be predicted from the config and disks alone; null when it can. */
function findUnpredictable(scenario: Scenario, boot: BootExpectation, index: number): string | null {
  if (index > 0) return 'only a first boot starts from blank disks';
  if (boot.verdict !== 'provisioned' && boot.verdict !== 'refused') return `verdict ${boot.verdict}`;
  if (boot.verdict === 'refused' && boot.errorCode !== null && !CONFIG_REFUSALS.has(boot.errorCode))
    return `refused for ${boot.errorCode}, which depends on the disks' content`;
  if (boot.verdict === 'refused' && boot.errorCode === null && boot.exitCode !== 2 && boot.exitCode !== 3)
    return `refused with exit ${boot.exitCode}, which depends on the disks' content`;
  if (Object.keys(boot.before).length > 0) return 'disks changed before the boot';
  const attached = scenario.disks.filter((d) => boot.attach?.includes(d.id) ?? true);
  if (attached.some((d) => d.preseed.length > 0)) return 'pre-seeded disks';
  if (attached.some((d) => d.blkdebug !== null)) return 'injected I/O errors';
  if ([...scenario.kernelArgs, ...boot.kernelArgs].some((arg) => OTHER_MODES.test(arg)))
    return 'a report, mount or force mode on the kernel command line';
  return null;
}

/** Compares what a provisioning boot expects with the plan the provisioner would make. */
function comparePlan(
  plan: Plan,
  boot: BootExpectation,
  at: (string | number)[],
  idOf: ReadonlyMap<string, string>,
  /** Whether the planner chose the topology (a fixed mode's mismatch is reported once, by the caller). */
  chosen: boolean,
): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const memberIds = (members: readonly string[]) =>
    members.map((path) => idOf.get(path.replace(/^\/dev\//, '').replace(/p?\d+$/, '')) ?? path);
  const planned = plan.disks.map((disk) => idOf.get(disk.device.name) ?? disk.device.name);
  const data = plan.filesystems.filter((fs) => fs.kind !== 'vfat');
  const describeData = data.map((fs) => `${fs.kind} over ${memberIds(fs.members).join('+')}`).join(', ');
  if (chosen && boot.topology !== null && boot.topology !== plan.topology)
    problems.push({
      keys: [...at, 'topology'],
      message: `the provisioner plans ${plan.topology} for this config and these disks (${describeData}), not ${boot.topology}`,
      fix: `write topology = "${plan.topology}", or change the config's topology.mode or the disks`,
    });
  for (const [id, expectation] of Object.entries(boot.disks)) {
    const written = planned.includes(id);
    if (expectation.unchanged && written)
      problems.push({
        keys: [...at, 'disks', id, 'unchanged'],
        message: `the plan partitions disk "${id}" (planned: ${planned.join(', ')})`,
        fix: 'remove unchanged = true, or keep the disk out (device_selection, a removable or small disk)',
      });
    if (expectation.partitions !== null && !written)
      problems.push({
        keys: [...at, 'disks', id, 'partitions'],
        message: `the plan leaves disk "${id}" alone (planned: ${planned.join(', ') || 'none'})`,
        fix: 'expect unchanged = true, or select the disk (device_selection, size at least min_size_gib)',
      });
  }
  for (const [i, fs] of (boot.filesystems ?? []).entries()) {
    const same = data.filter((p) => p.kind === fs.type && p.label === fs.label);
    const fsAt = [...at, 'filesystems', i];
    if (same.length === 0) {
      problems.push({
        keys: [...fsAt, 'type'],
        message: `the plan makes no ${fs.type} labelled ${fs.label} (it makes ${describeData})`,
        fix: 'expect the filesystems of the planned topology, or change the config',
      });
      continue;
    }
    const match =
      fs.disks === null
        ? same
        : same.filter((p) => [...memberIds(p.members)].sort().join() === [...fs.disks!].sort().join());
    if (match.length === 0) {
      problems.push({
        keys: [...fsAt, 'disks'],
        message: `no planned ${fs.type} ${fs.label} has exactly the disks ${fs.disks!.join(', ')} (planned: ${describeData})`,
        fix: `write disks = [${memberIds(same[0]!.members)
          .map((id) => `"${id}"`)
          .join(', ')}]`,
      });
      continue;
    }
    const target = match[0]!;
    if (fs.devices !== null && target.members.length !== fs.devices)
      problems.push({
        keys: [...fsAt, 'devices'],
        message: `the planned ${fs.type} has ${target.members.length} member(s), not ${fs.devices}`,
        fix: `write devices = ${target.members.length}`,
      });
    const options = target.options as unknown as Record<string, unknown>;
    const compare = (key: string, expected: unknown, planned: unknown) => {
      if (expected !== null && planned !== undefined && planned !== expected)
        problems.push({
          keys: [...fsAt, key],
          message: `the config makes ${key} ${String(planned)}, not ${String(expected)}`,
          fix: `write ${key} = ${JSON.stringify(planned)}, or change the config`,
        });
    };
    compare('data_profile', fs.dataProfile, options.data_profile);
    compare('metadata_profile', fs.metadataProfile, options.metadata_profile);
    compare('replicas', fs.replicas, options.replicas);
    compare('foreground_target', fs.foregroundTarget, options.foreground_target);
    compare('background_target', fs.backgroundTarget, options.background_target);
    compare('promote_target', fs.promoteTarget, options.promote_target);
  }
  for (const [j, marker] of boot.markers.entries()) {
    const written = /^ZOSSTORAGE:PLAN topology=(\S+) disks=(\d+)$/.exec(marker.source);
    if (written && (written[1] !== plan.topology || Number(written[2]) !== plan.disks.length))
      problems.push({
        keys: [...at, 'markers', j],
        message: `the plan marker will read "ZOSSTORAGE:PLAN topology=${plan.topology} disks=${plan.disks.length}"`,
        fix: `write "ZOSSTORAGE:PLAN topology=${plan.topology} disks=${plan.disks.length}"`,
      });
  }
  return problems;
}

/** Checks every boot of `scenario` against its config and disks; see the top of this file. */
export async function checkScenarioConsistency(root: string, scenario: Scenario): Promise<ConsistencyResult> {
  if (scenario.config.kind === 'file' && !existsSync(resolve(root, scenario.config.path)))
    return {
      problems: [
        {
          keys: ['config'],
          message: `the config file ${scenario.config.path} does not exist (relative to ${root})`,
          fix: 'write the path of a config file relative to the clone (e.g. "fixtures/configs/valid/minimal.yaml")',
        },
      ],
      notes: [],
    };
  return withDir(
    async ({ path: scratch }) => {
      const problems: ScenarioProblem[] = [];
      const notes: string[] = [];
      for (const [index, boot] of scenario.boots.entries()) {
        const at = ['boots', index];
        const resolution = await resolveBootConfig(root, scenario, boot, scratch);
        if (!resolution.ok) {
          if (!expectsRefusal(boot, resolution.code, resolution.exitCode) && boot.verdict !== 'powered_off')
            for (const refusal of resolution.problems)
              problems.push({
                keys:
                  scenario.config.kind === 'inline'
                    ? ['config', ...refusal.keys]
                    : scenario.config.kind === 'file'
                      ? ['config']
                      : [...at, 'kernel_args'],
                message: `boot ${index + 1}: the provisioner refuses this config (${resolution.code}, exit ${resolution.exitCode}): ${refusal.where}${refusal.message.replace(/\n/g, ' ')}`,
                fix: refusalFix(resolution.code, resolution.exitCode),
              });
          continue;
        }
        const { config } = resolution;
        const mode = config.topology.mode;
        const settled = boot.verdict === 'provisioned' || boot.verdict === 'already_provisioned';
        if (settled && mode !== 'auto' && boot.topology !== null && boot.topology !== mode)
          problems.push({
            keys: [...at, 'topology'],
            message: `the config's topology.mode is ${mode}, so the provisioner never settles on ${boot.topology}`,
            fix: `write topology = "${mode}", or change topology.mode (config or zosstorage.topology=)`,
          });
        const unpredictable = findUnpredictable(scenario, boot, index);
        if (unpredictable !== null) {
          if (index === 0) notes.push(`boot 1 not planned ahead: ${unpredictable}`);
          continue;
        }
        const attached = scenario.disks.filter((d) => boot.attach?.includes(d.id) ?? true);
        const facts = describeGuestDisks(attached, boot);
        const idOf = new Map(facts.map((fact, i) => [fact.name, attached[i]!.id]));
        const { candidates } = selectDevices(facts, config.device_selection, '/dev');
        let plan: Plan;
        try {
          plan = planProvisioning({ devices: candidates, config, newGuid: () => crypto.randomUUID() });
        } catch (error) {
          if (!(error instanceof ZosError)) throw error;
          if (!expectsRefusal(boot, error.code, error.exitCode))
            problems.push({
              keys: [...at, 'verdict'],
              message: `the provisioner refuses this boot (${error.code}, exit ${error.exitCode}): ${error.message}`,
              fix: refusalFix(error.code, error.exitCode),
            });
          continue;
        }
        if (boot.verdict === 'refused') {
          problems.push({
            keys: [...at, 'verdict'],
            message: `the provisioner plans ${plan.topology} on ${plan.disks.map((d) => idOf.get(d.device.name)).join(', ')} and provisions: nothing in the config or disks makes it refuse`,
            fix: 'expect verdict = "provisioned", or change the config or disks so that it refuses',
          });
          continue;
        }
        problems.push(...comparePlan(plan, boot, at, idOf, mode === 'auto'));
      }
      return { problems, notes };
    },
    { unsafeCleanup: true },
  );
}
