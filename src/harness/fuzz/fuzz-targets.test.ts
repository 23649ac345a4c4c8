// The quick fuzz suite: every target over its CI-seeded inputs (ZOS_FUZZ_SEED / ZOS_FUZZ_RUNS change them), no
// findings, and more than one documented outcome (a generator that only makes garbage would prove nothing).
import t from 'tap';
import fc from 'fast-check';
import { FUZZ_TARGETS, type FuzzTarget } from './fuzz-targets.ts';
import { FUZZ_DISK_RECIPES, makeFuzzDisks } from './make-fuzz-disks.ts';
import { applyByteEdits } from './mutate-bytes.ts';
import { applyTextEdits } from './mutate-text.ts';
import { formatFuzzReport, readFuzzSettings, runFuzzTarget } from './run-fuzz-target.ts';

const settings = readFuzzSettings(process.env);

for (const target of FUZZ_TARGETS) {
  t.test(`${target.name}: ${target.description}`, async (t) => {
    const report = await runFuzzTarget(target, { runs: settings.runs ?? target.runs, seed: settings.seed });
    t.comment(formatFuzzReport(report));
    t.same(
      report.findings.map(
        (finding) => `${finding.signature} (${finding.count}×; input #${finding.index}: ${finding.example})`,
      ),
      [],
      `no findings (reproduce one: ZOS_FUZZ_SEED=${settings.seed} ZOS_FUZZ_RUNS=<index + 1>)`,
    );
    t.ok(
      Object.keys(report.outcomes).length >= 2,
      `more than one outcome: ${JSON.stringify(report.outcomes)}`,
    );
  });
}

t.test(
  'the disk seeds are what the tools wrote; a missing tool is named, never silently skipped',
  async (t) => {
    const disks = await makeFuzzDisks();
    t.teardown(() => disks.release());
    t.comment(`skipped: ${disks.skipped.length === 0 ? 'none' : disks.skipped.join('; ')}`);
    t.equal(
      disks.images.length + disks.skipped.length,
      FUZZ_DISK_RECIPES.length,
      'every recipe made an image or says why not',
    );
    t.ok(
      disks.tables.length >= 1,
      'sfdisk made at least one table (util-linux is a host package of the harness)',
    );
    for (const image of disks.images) t.ok(image.blocks.size > 0, `${image.name} wrote blocks`);
    const tables = await makeFuzzDisks({ tablesOnly: true });
    t.teardown(() => tables.release());
    t.same(
      tables.images.map((image) => image.name),
      disks.tables.map((image) => image.name),
      'tablesOnly makes the partition tables and nothing else',
    );
  },
);

const throwing: FuzzTarget<number, null> = {
  name: 'throws',
  description: 'a parser with a bug on odd inputs, slow on 7, and a library warning on 4',
  runs: 20,
  boundMs: 50,
  prepare: async () => null,
  arbitrary: () => fc.nat({ max: 9 }),
  async run(input) {
    if (input === 7) await new Promise((resolve) => setTimeout(resolve, 80));
    if (input === 4) process.emitWarning('keys stringified: {4}');
    if (input % 2 === 1) throw new RangeError(`offset ${input} out of range`);
    return 'ok';
  },
  describe: String,
};

t.test(
  'a finding is counted once by signature, with its first input; slow inputs and warnings too',
  async (t) => {
    const report = await runFuzzTarget(throwing, { runs: 200, seed: 1 });
    t.same(report.findings.map((finding) => finding.signature).sort(), [
      'Node.js Warning: keys stringified',
      'RangeError: offset N out of range',
      'over the time bound of 50 ms',
    ]);
    const range = report.findings.find((finding) => finding.signature.startsWith('RangeError'));
    t.equal(Number(range?.example) % 2, 1, 'the example is an odd input');
    t.equal(report.outcomes.finding, range?.count, 'every throw is one finding outcome');
    t.equal(report.runs, 200);
    t.match(formatFuzzReport(report), /^throws: 200 inputs \(seed 1\), 3 distinct finding\(s\), /);
  },
);

t.test('settings: the CI seed by default; a bad seed or run count is refused by name', async (t) => {
  t.same(readFuzzSettings({}), { seed: 20261207, runs: null });
  t.same(readFuzzSettings({ ZOS_FUZZ_SEED: '5', ZOS_FUZZ_RUNS: '9' }), { seed: 5, runs: 9 });
  t.throws(() => readFuzzSettings({ ZOS_FUZZ_SEED: 'x' }), /ZOS_FUZZ_SEED=x is not a whole number/);
  t.throws(() => readFuzzSettings({ ZOS_FUZZ_RUNS: '0' }), /ZOS_FUZZ_RUNS=0 is not a whole number above 0/);
});

t.test(
  'edits apply as written: text cut, insert and repeat; bytes land in written blocks only',
  async (t) => {
    t.equal(
      applyTextEdits('abcdef', [
        { kind: 'delete', at: 1, length: 2 },
        { kind: 'insert', at: 0, text: '>' },
        { kind: 'repeat', at: 1, length: 1, times: 3 },
      ]),
      '>aaaadef',
    );
    const image = { name: 'x', sizeBytes: 8192, blocks: new Map([[1, Buffer.alloc(4096, 1)]]) };
    const edited = applyByteEdits(image, [
      { kind: 'byte', block: 5, at: 3, value: 9 },
      { kind: 'integer', block: 0, at: 8, width: 4, value: 'high-bit' },
    ]);
    t.same([...edited.blocks.keys()], [1], 'edits stay in the written block (block numbers wrap)');
    t.same([...(edited.blocks.get(1) ?? Buffer.alloc(0)).subarray(3, 12)], [9, 1, 1, 1, 1, 0, 0, 0, 0x80]);
    t.equal(image.blocks.get(1)?.[3], 1, 'the seed is left as it was');
  },
);
