// The fuzz targets: every parser the provisioner and the harness expose to input they do not control, each with the
// outcomes it documents. Anything else it throws, or an input that takes longer than its bound, is a finding.
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { dir as makeTempDir } from 'tmp-promise';
import { parseGpt } from '../../shared/gpt/parse-gpt.ts';
import { formatConfigError } from '../../zosstorage/config/config-error.ts';
import { parseConfigYaml } from '../../zosstorage/config/parse-config-yaml.ts';
import { resolveConfig } from '../../zosstorage/config/resolve-config.ts';
import { validateConfig } from '../../zosstorage/config/validate-config.ts';
import { ZosError } from '../../zosstorage/errors/zos-error.ts';
import { chooseRunAction } from '../../zosstorage/run-zosstorage.ts';
import { recognizeZosLayout } from '../../zosstorage/safety/recognize-zos-layout.ts';
import { extractDumps } from '../console/extract-dumps.ts';
import { extractGuestReport } from '../console/extract-guest-report.ts';
import { excerptConsole } from '../console/excerpt-console.ts';
import { matchMarkers } from '../console/match-markers.ts';
import { splitConsoleLines } from '../console/split-console-lines.ts';
import { HarnessError } from '../errors/harness-error.ts';
import { parseConsoleTimes, pickTimelineEvents } from '../report/pick-timeline-events.ts';
import { checkScenarioConsistency } from '../scenario/check-scenario-consistency.ts';
import { compileConsolePattern } from '../scenario/console-pattern.ts';
import { parseScenarioText } from '../scenario/load-scenario.ts';
import { validateScenario } from '../scenario/validate-scenario.ts';
import { inspectImage, makeFuzzDisks, type FuzzDisks } from './make-fuzz-disks.ts';
import { applyByteEdits, byteEdit, type ByteEdit, type SparseImage } from './mutate-bytes.ts';
import { mutatedText } from './mutate-text.ts';

const ROOT = join(import.meta.dirname, '../../..');

export interface FuzzTarget<Input = unknown, Context = unknown> {
  name: string;
  /** What is fed and what counts as documented, one line (bench output, docs). */
  description: string;
  /** Inputs per run in the quick suite (ZOS_FUZZ_RUNS or --fuzz-runs change it). */
  runs: number;
  /** An input taking longer than this is a finding (milliseconds; generous: the suite runs beside other tests). */
  boundMs: number;
  prepare(): Promise<Context>;
  arbitrary(context: Context): fc.Arbitrary<Input>;
  /** Runs one input; returns its documented outcome, throws anything undocumented. */
  run(input: Input, context: Context): Promise<string>;
  /** The input, short, to reproduce a finding. */
  describe(input: Input, context: Context): string;
  /** Releases what prepare made. */
  release?(context: Context): Promise<void>;
}

/** A ZosError whose code the target documents, as its outcome; anything else is rethrown. */
function documentedZosError(error: unknown, codes: readonly string[]): string {
  if (error instanceof ZosError && codes.includes(error.code)) return error.code;
  throw error;
}

function readTexts(dir: string, ending: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(ending))
    .sort()
    .map((name) => readFileSync(join(dir, name), 'utf8'));
}

const short = (text: string) => JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text);

interface ConfigContext {
  seeds: string[];
  dir: string;
  cleanup(): Promise<void>;
}

/** A refused config's message stays short enough for a serial console (the first 20 problems, then a count). */
const MAX_CONFIG_ERROR_LINES = 30;

const configYaml: FuzzTarget<string, ConfigContext> = {
  name: 'config-yaml',
  description:
    'config YAML (the fixtures, mutated, and text from nothing) → parse and validate, then the whole config read from a file: valid, or CONFIG_INVALID in at most 30 lines; never INTERNAL',
  runs: 400,
  boundMs: 3000,
  async prepare() {
    const scratch = await makeTempDir({ unsafeCleanup: true, prefix: 'zos-fuzz-config-' });
    return {
      seeds: [
        ...readTexts(join(ROOT, 'fixtures/configs/valid'), '.yaml'),
        ...readTexts(join(ROOT, 'fixtures/configs/invalid'), '.yaml'),
      ],
      dir: scratch.path,
      cleanup: () => scratch.cleanup(),
    };
  },
  arbitrary: (context) => mutatedText(context.seeds),
  async run(text, context) {
    const parsed = parseConfigYaml(text, 'fuzz.yaml');
    let outcome: string;
    if (!parsed.ok) {
      parsed.errors.forEach(formatConfigError);
      outcome = 'yaml-error';
    } else {
      const result = validateConfig(parsed.raw, parsed.sourceMap);
      if (!result.ok) result.errors.forEach(formatConfigError);
      if (!result.ok && result.errors.length > 20)
        throw new Error(`${result.errors.length} problems shown, over 20`);
      outcome = result.ok ? 'valid' : 'invalid';
    }
    // The provisioner's own path: read from a file (size and line limits first), parse, validate, resolve.
    const file = join(context.dir, 'config.yaml');
    await writeFile(file, text);
    try {
      await resolveConfig({ configPath: file, cliOverrides: {}, cmdline: '' });
    } catch (error) {
      documentedZosError(error, ['CONFIG_INVALID']);
      const lines = (error as Error).message.split('\n').length;
      if (lines > MAX_CONFIG_ERROR_LINES)
        throw new Error(`the config error has ${lines} lines, over ${MAX_CONFIG_ERROR_LINES}`, {
          cause: error,
        });
    }
    return outcome;
  },
  describe: short,
  release: (context) => context.cleanup(),
};

const CMDLINE_SEEDS = [
  'console=ttyS0 quiet zosstorage.topology=btrfs_raid1',
  'BOOT_IMAGE=/vmlinuz root=/dev/ram0 zosstorage.min_size_gib=12 zosstorage.allow_removable=true zosstorage.force',
  'zosstorage.topo=dual_independent zosstorage.log_level=debug zosstorage.mount_existing=1 "zosstorage.fstab=false"',
  'zosstorage.report_current zosstorage.scan_samples=0 zosstorage.next=x zosstorage.unknown=1 zosstorage.="" zosstorage.',
];

const kernelCmdline: FuzzTarget<string, string[]> = {
  name: 'kernel-cmdline',
  description:
    'kernel command lines (mutated, and from nothing) → resolve the config and the action: ok, CONFIG_INVALID or USAGE (zosstorage.config= is left out: it names a host file)',
  runs: 400,
  boundMs: 2000,
  prepare: async () => CMDLINE_SEEDS,
  arbitrary: (seeds) => mutatedText(seeds),
  async run(text) {
    const cmdline = text.replace(/zosstorage\.config=\S*/g, '');
    try {
      chooseRunAction('provision', cmdline);
      await resolveConfig({
        cliOverrides: {},
        cmdline,
        defaultConfigPath: '/nonexistent/zosstorage-fuzz.yaml',
      });
      return 'ok';
    } catch (error) {
      return documentedZosError(error, ['CONFIG_INVALID', 'USAGE']);
    }
  },
  describe: short,
};

interface ImageInput {
  image: number;
  edits: ByteEdit[];
}

const imageInput = (images: readonly SparseImage[]): fc.Arbitrary<ImageInput> =>
  fc.record({
    image: fc.nat({ max: images.length - 1 }),
    edits: fc.array(byteEdit, { minLength: 0, maxLength: 8 }),
  });

const describeImage = (images: readonly SparseImage[], input: ImageInput) =>
  `${images[input.image]?.name ?? input.image} with ${JSON.stringify(input.edits)}`;

const gptParser: FuzzTarget<ImageInput, FuzzDisks> = {
  name: 'gpt',
  description:
    'GPTs written by sfdisk (zos layout, MBR, many partitions), mutated → parseGpt and the zos layout check: a GPT, none, or a verdict, never a throw',
  runs: 400,
  boundMs: 2000,
  prepare: () => makeFuzzDisks({ tablesOnly: true }),
  arbitrary: (disks) => imageInput(disks.tables),
  describe: (input, disks) => describeImage(disks.tables, input),
  async run(input, disks) {
    const image = applyByteEdits(disks.tables[input.image] as SparseImage, input.edits);
    const read = (offset: number, length: number) => readSparse(image, offset, length);
    const gpt = await parseGpt(read, image.sizeBytes, 512);
    if (gpt === null) return 'no-gpt';
    return `gpt-${recognizeZosLayout(gpt).kind}`;
  },
  release: (disks) => disks.release(),
};

const diskInspection: FuzzTarget<ImageInput, FuzzDisks> = {
  name: 'disk-inspection',
  description:
    "disks written by sfdisk and mkfs.vfat/ext4/btrfs/xfs, mutated → the provisioner's whole inspection (its own probes, a silent wipefs): empty, not_empty or zos, never a write, never a throw",
  runs: 60,
  boundMs: 15000,
  prepare: () => makeFuzzDisks(),
  arbitrary: (disks) => imageInput(disks.images),
  describe: (input, disks) => describeImage(disks.images, input),
  async run(input, disks) {
    const image = applyByteEdits(disks.images[input.image] as SparseImage, input.edits);
    try {
      return await inspectImage(disks, image);
    } catch (error) {
      return documentedZosError(error, ['TOOL_FAILED']);
    }
  },
  release: (disks) => disks.release(),
};

/** Reads `length` bytes at `offset` of a sparse image (zeros where nothing was written). */
function readSparse(image: SparseImage, offset: number, length: number): Buffer {
  const out = Buffer.alloc(Math.max(0, Math.min(length, image.sizeBytes - offset)));
  for (let at = 0; at < out.length;) {
    const block = Math.floor((offset + at) / 4096);
    const within = (offset + at) % 4096;
    const take = Math.min(4096 - within, out.length - at);
    image.blocks.get(block)?.copy(out, at, within, within + take);
    at += take;
  }
  return out;
}

const MARKERS = [
  'ZOSTEST:INIT',
  'ZOSSTORAGE:SAFE device=/dev/vda',
  '/ZOSSTORAGE:MKFS type=(vfat|btrfs)/',
  'ZOSSTORAGE:DONE',
].map(compileConsolePattern);

const consoleFraming: FuzzTarget<string, string[]> = {
  name: 'console-framing',
  description:
    "serial consoles (recorded boots, mutated: cut, repeated, spliced report and dump frames) → the harness's line split, report framing, dumps, markers, excerpts, timeline: never a throw",
  runs: 400,
  boundMs: 3000,
  prepare: async () => readTexts(join(ROOT, 'fixtures/serial-logs'), '.log'),
  arbitrary: (seeds) => mutatedText(seeds),
  async run(text) {
    const lines = splitConsoleLines(text);
    const report = extractGuestReport(lines);
    extractDumps(lines);
    matchMarkers(lines, MARKERS, MARKERS);
    excerptConsole(lines, 40);
    pickTimelineEvents(parseConsoleTimes(lines.map((line, i) => `${i}\t${line}`).join('\n')));
    return `report-${report.kind}`;
  },
  describe: short,
};

const scenarioFile: FuzzTarget<string, string[]> = {
  name: 'scenario-file',
  description:
    'scenario TOML (every file of scenarios/, mutated) → parse, validate, check against its config and plan: problems or a scenario; only SCENARIO_* errors',
  runs: 150,
  boundMs: 5000,
  prepare: async () => readTexts(join(ROOT, 'scenarios'), '.toml'),
  arbitrary: (seeds) => mutatedText(seeds),
  async run(text) {
    try {
      const parsed = parseScenarioText(text, 'fuzz.toml');
      if (!parsed.ok) return 'syntax';
      const result = validateScenario(parsed.raw, 'fuzz', 'fuzz.toml');
      if (!result.ok) return 'invalid';
      const consistency = await checkScenarioConsistency(ROOT, result.value);
      return consistency.problems.length > 0 ? 'inconsistent' : 'valid';
    } catch (error) {
      if (error instanceof HarnessError && error.code.startsWith('SCENARIO_')) return error.code;
      throw error;
    }
  },
  describe: short,
};

/** Every target, in the order the bench prints them. */
export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  configYaml,
  kernelCmdline,
  gptParser,
  diskInspection,
  consoleFraming,
  scenarioFile,
] as unknown as FuzzTarget[];
