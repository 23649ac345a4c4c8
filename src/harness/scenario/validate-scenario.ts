// Pure scenario validation: schema, then cross-checks and defaults; every problem at once, each with its key path.
import type { ErrorObject } from 'ajv';
import type { FromSchema } from 'json-schema-to-ts';
import { createAjv } from '../../shared/ajv/create-ajv.ts';
import { describeAjvErrors } from '../../shared/ajv/describe-ajv-errors.ts';
import { GPT_TYPE_GUIDS } from '../../shared/gpt/gpt-type-guids.ts';
import { exitCodeOfError } from '../../zosstorage/errors/zos-error.ts';
import { ZOS_PARTIAL_MIN_BYTES } from '../disks/build-preseed-argv.ts';
import {
  CONTROLLER_BUS_NAMES,
  CONTROLLER_BUSES,
  isControllerBus,
  QEMU_SD_SERIAL,
} from '../qemu/disk-buses.ts';
import { compileConsolePattern } from './console-pattern.ts';
import { readSize } from './parse-size.ts';
import type { ScenarioProblem } from './scenario-problem.ts';
import { findClosestWord } from '../../shared/text/find-closest-word.ts';
import { SCENARIO_CONFIG_PATH } from '../qemu/build-kernel-cmdline.ts';
import { SCENARIO_SCHEMA } from './scenario-schema.ts';
import type {
  BlkdebugRule,
  BootExpectation,
  ConsolePattern,
  DiskExpectation,
  ExpectedPartition,
  FilesystemExpectation,
  PreseedStep,
  Scenario,
  ScenarioConfig,
  ScenarioDisk,
} from './scenario-types.ts';

export type ScenarioValidation = { ok: true; value: Scenario } | { ok: false; errors: ScenarioProblem[] };

/** A scenario document as the schema accepts it (before defaults, size parsing and cross-checks). */
type RawScenario = FromSchema<typeof SCENARIO_SCHEMA>;
type RawDisk = RawScenario['disks'][number];
type RawPreseed = NonNullable<RawDisk['preseed']>[number];
type RawBlkdebug = Extract<NonNullable<RawDisk['blkdebug']>, { event?: string }>;
type RawBoot = RawScenario['boots'][number];
type RawDiskExpectation = NonNullable<RawBoot['disks']>[string];
type RawFilesystem = NonNullable<RawBoot['filesystems']>[number];

const validateSchema = createAjv().compile<RawScenario>(SCENARIO_SCHEMA);
const MiB = 1024 * 1024;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Validates a parsed scenario document; `name` and `file` identify it in the result. */
export function validateScenario(raw: unknown, name: string, file: string): ScenarioValidation {
  if (!validateSchema(raw)) {
    const rawErrors = [...(validateSchema.errors ?? [])];
    const errors = describeAjvErrors(rawErrors, { schema: SCENARIO_SCHEMA, data: raw }).map(
      (p): ScenarioProblem => ({
        keys: p.keys,
        message: p.message,
        fix: p.fix,
      }),
    );
    // The rest of the file is checked too, on a copy the schema accepts: unknown keys dropped, a value outside its
    // enum set to an accepted one, other rejected values dropped. Problems inside a table that had a value
    // replaced or dropped are left out (they could come from the replacement).
    const repaired = repairDocument(raw, rawErrors);
    if (repaired === null || !validateSchema(repaired.doc)) return { ok: false, errors };
    const rest = normalizeScenario(repaired.doc, name, file);
    const more = (rest.ok ? [] : rest.errors).filter(
      (e) => !repaired.touched.some((keys) => isWithin(e.keys, keys)),
    );
    return { ok: false, errors: [...errors, ...more] };
  }
  return normalizeScenario(raw, name, file);
}

/** Whether `keys` is `prefix` or below it. */
function isWithin(keys: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.every((key, i) => keys[i] === key);
}

function splitPointer(pointer: string): (string | number)[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * A copy of `raw` the schema may accept (see validateScenario), and the tables whose values were replaced or
 * dropped; null when an error cannot be repaired (a missing required key, a bad list item).
 */
function repairDocument(
  raw: unknown,
  errors: readonly ErrorObject[],
): { doc: unknown; touched: (string | number)[][] } | null {
  const doc = structuredClone(raw);
  const touched: (string | number)[][] = [];
  const objectAt = (keys: readonly (string | number)[]): Record<string, unknown> | null => {
    let node: unknown = doc;
    for (const key of keys) node = (node as Record<string | number, unknown> | null)?.[key];
    return typeof node === 'object' && node !== null && !Array.isArray(node)
      ? (node as Record<string, unknown>)
      : null;
  };
  for (const error of errors) {
    if (error.keyword === 'anyOf' || error.keyword === 'if') continue;
    const keys = splitPointer(error.instancePath);
    if (error.keyword === 'additionalProperties') {
      const parent = objectAt(keys);
      if (parent === null) return null;
      delete parent[String(error.params.additionalProperty)];
      continue;
    }
    const last = keys.at(-1);
    const parent = objectAt(keys.slice(0, -1));
    if (error.keyword === 'required' || typeof last !== 'string' || parent === null) return null;
    if (error.keyword === 'enum') parent[last] = (error.params.allowedValues as unknown[])[0];
    else delete parent[last];
    touched.push(keys.slice(0, -1));
  }
  return { doc, touched };
}

/** Defaults, sizes, ids and the rules between fields, on a document the schema accepted. */
function normalizeScenario(doc: RawScenario, name: string, file: string): ScenarioValidation {
  const errors: ScenarioProblem[] = [];
  const problem: Problem = (keys, message, fix) => {
    errors.push({ keys, message, fix });
  };
  const disks = assignNvmeNamespaces(
    doc.disks.map((disk, i) => normalizeDisk(disk, ['disks', i], problem)),
    doc.disks,
    problem,
  );
  checkUnique(
    disks.map((d) => d.id),
    'id',
    problem,
  );
  // The namespaces of one controller share its serial; each controller's serial is still unique.
  checkUnique(
    disks.map((d) => (d.nvmeNamespaceId !== null && d.nvmeNamespaceId > 1 ? `\0${d.id}` : d.serial)),
    'serial',
    problem,
  );
  if (doc.config_path !== undefined && doc.config === undefined)
    problem(
      ['config_path'],
      'config_path says where to install the config, but the scenario has no config',
      'add config = "<file>" or an inline [config] table, or remove config_path',
    );
  checkControllerCapacity(disks, problem);
  const diskSizes = new Map(disks.map((d) => [d.id, d.sizeBytes]));
  const boots = doc.boots.map((boot, i) => normalizeBoot(boot, i, diskSizes, problem));
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      file,
      description: doc.description ?? '',
      disks,
      config: normalizeConfig(doc.config),
      configPath: doc.config_path ?? SCENARIO_CONFIG_PATH,
      kernelArgs: doc.kernel_args ?? [],
      dump: doc.dump ?? [],
      timeoutSeconds: doc.timeout_seconds ?? 600,
      initTimeoutSeconds: doc.init_timeout_seconds ?? 60,
      memoryMiB: doc.memory_mib ?? 1024,
      boots,
    },
  };
}

/** Records a problem: its key path, what is wrong, and what to write instead. */
type Problem = (keys: (string | number)[], message: string, fix: string) => void;

/**
 * Numbers the namespaces of each named NVMe controller in scenario order and gives them the first
 * namespace's serial and the wwid the guest's kernel shows for them (`qemuNamespaceWwid`).
 */
function assignNvmeNamespaces(
  disks: ScenarioDisk[],
  raw: readonly RawDisk[],
  problem: Problem,
): ScenarioDisk[] {
  const first = new Map<string, ScenarioDisk>();
  const count = new Map<string, number>();
  return disks.map((disk, i) => {
    const controller = disk.nvmeController;
    if (controller === null) return disk;
    if (disk.bus !== 'nvme') {
      problem(
        ['disks', i, 'nvme_controller'],
        `only nvme disks have an NVMe controller (this disk is on ${disk.bus})`,
        'remove nvme_controller, or set bus = "nvme"',
      );
      return disk;
    }
    const nsid = (count.get(controller) ?? 0) + 1;
    count.set(controller, nsid);
    const owner = first.get(controller) ?? disk;
    first.set(controller, owner);
    if (owner !== disk && raw[i]?.serial !== undefined && raw[i]?.serial !== owner.serial) {
      problem(
        ['disks', i, 'serial'],
        `namespaces share their controller's serial "${owner.serial}"`,
        `remove this serial; set it on disk "${owner.id}", the controller's first namespace`,
      );
    }
    return {
      ...disk,
      serial: owner.serial,
      nvmeNamespaceId: nsid,
      wwid: qemuNamespaceWwid(owner.serial, nsid),
    };
  });
}

/** The model string of QEMU's emulated NVMe controller. */
const QEMU_NVME_MODEL = 'QEMU NVMe Ctrl';

/**
 * The guest's sysfs `wwid` of namespace `nsid` on a QEMU NVMe controller. The kernel ignores the namespace
 * identifiers of QEMU's controller (PCI 1b36:0010, quirk NVME_QUIRK_BOGUS_NID), so an nvme-ns `uuid` or `eui64`
 * never shows; the kernel's fallback is `nvme.<vendor>-<serial hex>-<model hex>-<nsid, 8 hex digits>`.
 */
export function qemuNamespaceWwid(serial: string, nsid: number): string {
  const hex = (text: string) => Buffer.from(text, 'latin1').toString('hex');
  return `nvme.1b36-${hex(serial)}-${hex(QEMU_NVME_MODEL)}-${nsid.toString(16).padStart(8, '0')}`;
}

/** Each controller instance takes at most its bus's number of disks; QEMU has one SD bus per VM. */
function checkControllerCapacity(disks: readonly ScenarioDisk[], problem: Problem): void {
  const seen = new Map<string, number>();
  disks.forEach((disk, i) => {
    if (!isControllerBus(disk.bus)) return;
    const bus = CONTROLLER_BUSES[disk.bus];
    const key = bus.attach === 'sd' ? 'sd' : `${disk.bus}/${disk.controller ?? ''}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count > bus.maxDisks)
      problem(
        ['disks', i, 'bus'],
        bus.attach === 'sd'
          ? 'a VM has one SD card slot (QEMU names its sd-bus once)'
          : `a ${disk.bus} controller takes at most ${bus.maxDisks} disks`,
        bus.attach === 'sd'
          ? 'keep one sdhci disk per scenario'
          : 'put the others on another controller: controller = "<name>" on those disks',
      );
  });
}

/** What to write instead of an unknown disk id: the closest id, or the list. */
function suggestDisk(id: string, ids: ReadonlySet<string>): string {
  const closest = findClosestWord(id, [...ids]);
  return closest === null ? `the disks are: ${[...ids].join(', ')}` : `did you mean "${closest}"?`;
}

function checkUnique(values: string[], key: string, problem: Problem): void {
  values.forEach((value, i) => {
    if (values.indexOf(value) !== i)
      problem(
        ['disks', i, key],
        `duplicate ${key} "${value}" (disks[${values.indexOf(value)}] has it too)`,
        `give each disk its own ${key}`,
      );
  });
}

function normalizeConfig(config: RawScenario['config']): ScenarioConfig {
  if (config === undefined) return { kind: 'none' };
  if (typeof config === 'string') return { kind: 'file', path: config };
  return { kind: 'inline', value: config };
}

function normalizeDisk(disk: RawDisk, at: (string | number)[], problem: Problem): ScenarioDisk {
  const size = readSize(disk.size);
  const sizeBytes = size.ok ? size.bytes : 0;
  if (!size.ok) problem([...at, 'size'], size.message, size.fix);
  const logical = disk.logical_block_size ?? 512;
  if (sizeBytes !== 0 && (sizeBytes % logical !== 0 || sizeBytes < 4 * MiB)) {
    problem(
      [...at, 'size'],
      `${sizeBytes} bytes is ${sizeBytes < 4 * MiB ? 'under 4 MiB' : `not a whole number of ${logical}-byte blocks`}`,
      `write a multiple of ${logical} bytes of at least 4 MiB (e.g. "12G", or "12G+${logical === 512 ? '123s' : '8K'}")`,
    );
  }
  if ((disk.physical_block_size ?? logical) < logical) {
    problem(
      [...at, 'physical_block_size'],
      `cannot be smaller than the logical block size ${logical}`,
      `write physical_block_size = ${logical} or more, or leave it out`,
    );
  }
  if (disk.bus === 'usb' && disk.logical_block_size !== undefined) {
    problem(
      [...at, 'logical_block_size'],
      'usb-storage disks keep 512-byte blocks in QEMU',
      'remove logical_block_size (or use bus = "usb-uas" for 4K blocks behind USB)',
    );
  }
  const controllerBus = isControllerBus(disk.bus) ? CONTROLLER_BUSES[disk.bus] : null;
  const rotating =
    disk.bus === 'scsi' || disk.bus === 'sata' || (controllerBus !== null && controllerBus.attach !== 'sd');
  if (disk.rotation_rate !== undefined && !rotating) {
    problem(
      [...at, 'rotation_rate'],
      `only SCSI, SAS, RAID, IDE and SATA disks have a rotation rate (this disk is on ${disk.bus})`,
      'remove rotation_rate (virtio disks show as rotational, NVMe disks as not)',
    );
  }
  if (disk.controller !== undefined && controllerBus === null)
    problem(
      [...at, 'controller'],
      `only disks behind a controller bus name their controller (this one is on ${disk.bus})`,
      `remove controller, or set bus to one of ${CONTROLLER_BUS_NAMES.join(', ')}`,
    );
  if (controllerBus?.attach === 'sd') {
    if (sizeBytes !== 0 && !Number.isInteger(Math.log2(sizeBytes)))
      problem(
        [...at, 'size'],
        `an SD card's size must be a power of two in QEMU, not ${disk.size}`,
        `write size = "${2 ** Math.round(Math.log2(sizeBytes / 1024 ** 3))}G" (16G, 32G, …)`,
      );
    if (disk.serial !== undefined)
      problem([...at, 'serial'], `QEMU's SD card has a fixed serial (${QEMU_SD_SERIAL})`, 'remove serial');
    if (disk.logical_block_size !== undefined || disk.physical_block_size !== undefined)
      problem(
        [...at, 'logical_block_size'],
        "QEMU's SD card keeps 512-byte blocks",
        'remove logical_block_size and physical_block_size',
      );
  }
  if (disk.removable !== undefined && disk.bus !== 'usb') {
    problem(
      [...at, 'removable'],
      `only usb disks can be removable (this disk is on ${disk.bus})`,
      'remove removable, or set bus = "usb"',
    );
  }
  const preseed = (disk.preseed ?? []).map((step, i) =>
    normalizePreseed(step, sizeBytes, [...at, 'preseed', i], problem),
  );
  const rules =
    disk.blkdebug === undefined ? null : Array.isArray(disk.blkdebug) ? disk.blkdebug : [disk.blkdebug];
  return {
    id: disk.id,
    bus: disk.bus,
    controller: disk.controller ?? null,
    sizeBytes,
    serial:
      controllerBus?.attach === 'sd'
        ? QEMU_SD_SERIAL
        : (disk.serial ?? `ZOSTEST-${String(disk.id).toUpperCase()}`),
    nvmeController: disk.nvme_controller ?? null,
    nvmeNamespaceId: null,
    wwid: null,
    rotationRate: disk.rotation_rate ?? null,
    removable: disk.bus === 'usb' ? (disk.removable ?? true) : false,
    logicalBlockSize: disk.logical_block_size ?? null,
    physicalBlockSize: disk.physical_block_size ?? null,
    preseed,
    blkdebug:
      rules?.map((rule: RawBlkdebug): BlkdebugRule => ({
        event: rule.event ?? 'write_aio',
        errno: rule.errno ?? 5,
        sector: rule.sector ?? null,
        once: rule.once ?? false,
      })) ?? null,
  };
}

function normalizePreseed(
  step: RawPreseed,
  diskBytes: number,
  at: (string | number)[],
  problem: Problem,
): PreseedStep {
  const { kind } = step;
  const ranged = kind === 'random' || kind === 'zero';
  for (const key of ['offset', 'bytes'] as const) {
    if (!ranged && step[key] !== undefined)
      problem([...at, key], `only "random" and "zero" pre-seeding take ${key}`, `remove ${key}`);
  }
  if (kind !== 'random' && step.seed !== undefined)
    problem([...at, 'seed'], 'only "random" pre-seeding takes seed', 'remove seed');
  for (const key of ['path', 'format'] as const) {
    if (kind !== 'image' && step[key] !== undefined)
      problem([...at, key], `only "image" pre-seeding takes ${key}`, `remove ${key}`);
  }
  if (kind !== 'command' && step.argv !== undefined)
    problem([...at, 'argv'], 'only "command" pre-seeding takes argv', 'remove argv');
  if (kind === 'zos-partial' && diskBytes > 0 && diskBytes < ZOS_PARTIAL_MIN_BYTES)
    problem(
      [...at, 'kind'],
      `zos-partial needs a disk of at least ${ZOS_PARTIAL_MIN_BYTES / MiB} MiB (this one is ${diskBytes / MiB} MiB)`,
      `make the disk at least ${Math.ceil(ZOS_PARTIAL_MIN_BYTES / 1024 ** 3)}G`,
    );
  if (kind === 'image') return normalizeImagePreseed(step, at, problem);
  if (kind === 'command') {
    const argv = step.argv ?? [];
    if (step.argv === undefined)
      problem(
        [...at, 'argv'],
        'is required for command pre-seeding',
        'add argv = ["mkfs.ext4", "-F", "{path}"]',
      );
    else if (!argv.some((arg) => arg.includes('{path}')))
      problem(
        [...at, 'argv'],
        'does not name the disk file',
        'write the disk file as {path} (e.g. ["mkfs.ext4", "-F", "{path}"])',
      );
    return { kind, argv };
  }
  if (kind !== 'random' && kind !== 'zero') return { kind };
  const offset = step.offset === undefined || step.offset === 0 ? null : readSize(step.offset);
  const offsetBytes = offset?.ok === true ? offset.bytes : 0;
  if (offset !== null && !offset.ok) problem([...at, 'offset'], offset.message, offset.fix);
  if (step.bytes === undefined)
    problem([...at, 'bytes'], `is required for ${kind} pre-seeding`, 'add bytes = <count> (at most 16 MiB)');
  const bytes = step.bytes ?? 1;
  if (diskBytes > 0 && offsetBytes + bytes > diskBytes) {
    problem(
      [...at, 'offset'],
      `${step.kind} bytes at ${offsetBytes}+${bytes} run past the end of the disk (${diskBytes} bytes)`,
      `start at most at ${diskBytes - bytes}, or write fewer bytes`,
    );
  }
  if (step.kind === 'zero') return { kind: 'zero', offsetBytes: Math.max(offsetBytes, 0), bytes };
  return { kind: 'random', offsetBytes: Math.max(offsetBytes, 0), bytes, seed: step.seed ?? 1 };
}

/** `kind = "image"`: the file's path, its format (from `format` or the name) and its compression (from the name). */
function normalizeImagePreseed(step: RawPreseed, at: (string | number)[], problem: Problem): PreseedStep {
  const path = step.path ?? '';
  if (step.path === undefined)
    problem(
      [...at, 'path'],
      'is required for image pre-seeding',
      'add path = "<file relative to the clone>"',
    );
  const compression = /\.(gz|xz|zst)$/.exec(path)?.[1] as 'gz' | 'xz' | 'zst' | undefined;
  const inner = compression ? path.slice(0, -compression.length - 1) : path;
  const format = step.format ?? (inner.endsWith('.qcow2') ? 'qcow2' : 'raw');
  return { kind: 'image', path, format, compression: compression ?? null };
}

function compilePatterns(
  sources: string[] | undefined,
  at: (string | number)[],
  problem: Problem,
): ConsolePattern[] {
  return (sources ?? []).flatMap((source, i) => {
    try {
      return [compileConsolePattern(source)];
    } catch (error) {
      problem(
        [...at, i],
        (error as Error).message,
        'write the exact marker text, or a JavaScript regex as "/…/"',
      );
      return [];
    }
  });
}

function normalizeBoot(
  boot: RawBoot,
  index: number,
  diskSizes: Map<string, number>,
  problem: Problem,
): BootExpectation {
  const at = ['boots', index];
  const diskIds = new Set(diskSizes.keys());
  const before: Record<string, PreseedStep[]> = {};
  for (const [id, steps] of Object.entries(boot.before ?? {})) {
    if (!diskIds.has(id)) problem([...at, 'before', id], `no disk with id "${id}"`, suggestDisk(id, diskIds));
    before[id] = steps.map((step, i) =>
      normalizePreseed(step, diskSizes.get(id) ?? 0, [...at, 'before', id, i], problem),
    );
  }
  const refused = boot.verdict === 'refused';
  if (refused && (boot.exit_code === undefined || boot.exit_code === 0)) {
    problem(
      [...at, 'exit_code'],
      'a refused boot needs the expected non-zero exit code',
      'add exit_code = 4 (refused to protect data), 3 (unusable) or 2 (bad config): README "Exit codes"',
    );
  }
  if (!refused && boot.verdict !== 'powered_off' && boot.exit_code !== undefined && boot.exit_code !== 0) {
    problem(
      [...at, 'exit_code'],
      `a boot with verdict ${boot.verdict} exits 0`,
      'remove exit_code, or set verdict = "refused"',
    );
  }
  if (refused && boot.error_code !== undefined && boot.exit_code !== undefined) {
    const exit = exitCodeOfError(boot.error_code);
    if (exit !== boot.exit_code)
      problem(
        [...at, 'exit_code'],
        `${boot.error_code} ends the provisioner with exit ${exit}, not ${boot.exit_code}`,
        `write exit_code = ${exit}`,
      );
  }
  if (!refused && boot.error_code !== undefined)
    problem(
      [...at, 'error_code'],
      'only a refused boot has an error code',
      'remove error_code, or set verdict = "refused"',
    );
  const poweredOff = boot.verdict === 'powered_off';
  if (poweredOff !== (boot.power_off_at !== undefined))
    problem(
      [...at, poweredOff ? 'verdict' : 'power_off_at'],
      poweredOff
        ? 'a powered_off boot needs the point at which the power is cut'
        : "power_off_at cuts the power, so this boot's verdict is powered_off",
      poweredOff
        ? 'add power_off_at = "<marker>" or "/regex/"'
        : 'set verdict = "powered_off", or remove power_off_at',
    );
  if (poweredOff && boot.exit_code !== undefined)
    problem(
      [...at, 'exit_code'],
      'a powered_off boot has no exit code: the power is cut before the provisioner ends',
      'remove exit_code',
    );
  if (poweredOff && boot.dumps !== undefined)
    problem(
      [...at, 'dumps'],
      'a powered_off boot dumps nothing: the power is cut before the guest could',
      'remove dumps (check the disks with [boots.disks.<id>] instead)',
    );
  if (boot.same_layout_as_previous_boot && index === 0) {
    problem(
      [...at, 'same_layout_as_previous_boot'],
      'the first boot has no previous boot to compare with',
      'remove it here; put it on the second [[boots]]',
    );
  }
  for (const [i, id] of (boot.attach ?? []).entries()) {
    if (!diskIds.has(id)) problem([...at, 'attach', i], `no disk with id "${id}"`, suggestDisk(id, diskIds));
  }
  const attached = new Set(boot.attach ?? diskIds);
  for (const id of Object.keys(boot.disks ?? {})) {
    if (diskIds.has(id) && !attached.has(id))
      problem(
        [...at, 'disks', id],
        `disk "${id}" is not attached in this boot (attach = [${[...attached].join(', ')}])`,
        `add "${id}" to attach, or expect it in a boot that attaches it`,
      );
  }
  for (const [i, fs] of (boot.filesystems ?? []).entries()) {
    for (const id of fs.disks ?? [])
      if (diskIds.has(id) && !attached.has(id))
        problem(
          [...at, 'filesystems', i, 'disks'],
          `disk "${id}" is not attached in this boot`,
          `add "${id}" to attach, or remove it from this filesystem's disks`,
        );
  }
  if (boot.writes_checked && boot.verdict !== 'provisioned')
    problem(
      [...at, 'writes_checked'],
      'only a provisioning boot reads ranges before writing (verdict provisioned)',
      'remove writes_checked, or set verdict = "provisioned"',
    );
  const disks: Record<string, DiskExpectation> = {};
  for (const [id, expectation] of Object.entries(boot.disks ?? {})) {
    if (!diskIds.has(id)) problem([...at, 'disks', id], `no disk with id "${id}"`, suggestDisk(id, diskIds));
    disks[id] = normalizeDiskExpectation(expectation, [...at, 'disks', id], problem);
  }
  const filesystems = boot.filesystems?.map((fs, i) => {
    for (const [j, id] of (fs.disks ?? []).entries()) {
      if (!diskIds.has(id))
        problem([...at, 'filesystems', i, 'disks', j], `no disk with id "${id}"`, suggestDisk(id, diskIds));
    }
    return normalizeFilesystem(fs);
  });
  const dumps: Record<string, ConsolePattern[]> = {};
  for (const [path, patterns] of Object.entries(boot.dumps ?? {})) {
    dumps[path] = compilePatterns(patterns, [...at, 'dumps', path], problem);
  }
  const errorMarker = ['ZOSSTORAGE:ERROR'];
  const powerOffAt =
    boot.power_off_at === undefined
      ? []
      : compilePatterns([boot.power_off_at], [...at, 'power_off_at'], problem);
  return {
    verdict: boot.verdict,
    powerOffAt: powerOffAt[0] ?? null,
    exitCode: boot.exit_code ?? 0,
    errorCode: boot.error_code ?? null,
    topology: boot.topology ?? null,
    kernelArgs: boot.kernel_args ?? [],
    markers: compilePatterns(boot.markers, [...at, 'markers'], problem),
    forbidden: compilePatterns(
      [...(refused ? [] : errorMarker), ...(boot.forbidden ?? [])],
      [...at, 'forbidden'],
      problem,
    ),
    dumps,
    disks,
    filesystems: filesystems ?? null,
    sameLayoutAsPreviousBoot: boot.same_layout_as_previous_boot ?? false,
    crossCheckReport: boot.cross_check_report ?? (!refused && !poweredOff),
    before,
    writesChecked: boot.writes_checked ?? false,
    attach: boot.attach ?? null,
  };
}

function normalizeDiskExpectation(
  raw: RawDiskExpectation,
  at: (string | number)[],
  problem: Problem,
): DiskExpectation {
  if (raw.unchanged && raw.partitions !== undefined) {
    problem(
      [...at, 'partitions'],
      'an unchanged disk cannot also expect partitions',
      'remove partitions, or remove unchanged = true',
    );
  }
  const partitions = raw.partitions?.map((p, i): ExpectedPartition => ({
    name: p.name ?? null,
    typeGuid: resolveType(p.type, [...at, 'partitions', i, 'type'], problem),
    sizeMiB: p.size_mib ?? null,
    fs: p.fs ?? null,
    fsVersion: p.fs_version ?? null,
    label: p.label ?? null,
  }));
  return {
    unchanged: raw.unchanged ?? false,
    partitions: partitions ?? null,
    alignedMiB: raw.aligned_mib ?? partitions !== undefined,
    gptValid: raw.gpt_valid ?? partitions !== undefined,
    device: raw.device ?? null,
    transport: raw.transport ?? null,
    rotational: raw.rotational ?? null,
  };
}

function resolveType(type: string | undefined, at: (string | number)[], problem: Problem): string | null {
  if (type === undefined) return null;
  const known = (GPT_TYPE_GUIDS as Record<string, string>)[type.toUpperCase()];
  if (known) return known;
  if (GUID.test(type)) return type.toLowerCase();
  const closest = findClosestWord(type, Object.keys(GPT_TYPE_GUIDS));
  problem(
    at,
    `"${type}" is neither a known type code nor a GUID`,
    closest === null
      ? `write one of ${Object.keys(GPT_TYPE_GUIDS).join(', ')}, or a partition type GUID`
      : `did you mean "${closest}"?`,
  );
  return null;
}

function normalizeFilesystem(fs: RawFilesystem): FilesystemExpectation {
  return {
    type: fs.type,
    label: fs.label,
    devices: fs.devices ?? fs.disks?.length ?? null,
    disks: fs.disks ?? null,
    dataProfile: fs.data_profile ?? null,
    metadataProfile: fs.metadata_profile ?? null,
    replicas: fs.replicas ?? null,
    foregroundTarget: fs.foreground_target ?? null,
    backgroundTarget: fs.background_target ?? null,
    promoteTarget: fs.promote_target ?? null,
  };
}
