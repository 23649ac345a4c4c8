import t from 'tap';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { qemuNamespaceWwid, validateScenario } from './validate-scenario.ts';
import { loadScenario, parseScenarioText } from './load-scenario.ts';
import { formatKeyPath } from '../../shared/ajv/describe-ajv-errors.ts';
import { parseSize } from './parse-size.ts';

const ROOT = join(import.meta.dirname, '../../..');

const minimal = (): Record<string, unknown> => ({
  disks: [{ id: 'vda', bus: 'virtio', size: '40G' }],
  boots: [{ verdict: 'provisioned', markers: ['ZOSTEST:INIT', '/ZOSSTORAGE:MKFS type=(vfat|btrfs)/'] }],
});

/** Each problem as `key.path: message; fix`. */
function errorsOf(raw: unknown): string[] {
  const result = validateScenario(raw, 'x', 'x.toml');
  return result.ok ? [] : result.errors.map((e) => `${formatKeyPath(e.keys)}: ${e.message}; ${e.fix}`);
}

t.test('a minimal scenario gets its defaults', async (t) => {
  const result = validateScenario(minimal(), 'x', '/s/x.toml');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const s = result.value;
  t.equal(s.disks[0]?.sizeBytes, 40 * 1024 ** 3);
  t.equal(s.disks[0]?.serial, 'ZOSTEST-VDA');
  t.equal(s.boots[0]?.exitCode, 0);
  t.same(s.config, { kind: 'none' });
  t.same([s.disks[0]?.logicalBlockSize, s.disks[0]?.physicalBlockSize], [null, null]);
  t.equal(s.configPath, '/etc/zosstorage/scenario.yaml');
  t.same(
    s.boots[0]?.forbidden.map((p) => p.source),
    ['ZOSSTORAGE:ERROR'],
    'a boot expected to succeed forbids the provisioner error marker',
  );
  t.ok(s.boots[0]?.markers[1]?.test('ZOSSTORAGE:MKFS type=btrfs label=ZOSDATA'), 'regex marker');
  t.notOk(s.boots[0]?.markers[1]?.test('ZOSSTORAGE:MKFS type=ext4'));
});

t.test('a refused boot allows the error marker and needs its exit code', async (t) => {
  const raw = minimal();
  raw.boots = [
    { verdict: 'refused', exit_code: 4, error_code: 'DISK_NOT_EMPTY', disks: { vda: { unchanged: true } } },
  ];
  const result = validateScenario(raw, 'x', 'x.toml');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  t.same(result.value.boots[0]?.forbidden, []);
  t.equal(result.value.boots[0]?.disks.vda?.unchanged, true);
  t.equal(result.value.boots[0]?.crossCheckReport, false);
});

t.test('every bad input is named with its key path', async (t) => {
  const cases: [string, (raw: Record<string, unknown>) => void, RegExp][] = [
    ['unknown top-level key', (r) => (r.disk = []), /^disk: unknown key "disk"; did you mean "disks"\?$/],
    ['no disks', (r) => (r.disks = []), /^disks: must NOT have fewer than 1 items; /],
    [
      'bad bus',
      (r) => ((r.disks as object[])[0] = { id: 'vda', bus: 'ide', size: '1G' }),
      /^disks\[0\]\.bus: must be one of "virtio", "nvme", "scsi", "sata", "usb", "megasas", .*"sdhci" \(found "ide"\); did you mean "piix3-ide"\?$/,
    ],
    [
      'bad size',
      (r) => ((r.disks as object[])[0] = { id: 'vda', bus: 'virtio', size: '40 parsecs' }),
      /^disks\[0\]\.size: /,
    ],
    [
      'size not whole sectors',
      (r) => ((r.disks as object[])[0] = { id: 'vda', bus: 'virtio', size: 5000001 }),
      /^disks\[0\]\.size: 5000001 bytes is not a whole number of 512-byte blocks; write a multiple of 512 bytes/,
    ],
    [
      'rotation rate on virtio',
      (r) => ((r.disks as object[])[0] = { id: 'vda', bus: 'virtio', size: '1G', rotation_rate: 1 }),
      /^disks\[0\]\.rotation_rate: only SCSI, SAS, RAID, IDE and SATA disks have a rotation rate/,
    ],
    [
      'removable on nvme',
      (r) => ((r.disks as object[])[0] = { id: 'n', bus: 'nvme', size: '1G', removable: true }),
      /^disks\[0\]\.removable: only usb disks/,
    ],
    [
      'duplicate ids',
      (r) =>
        (r.disks = [
          { id: 'a', bus: 'virtio', size: '1G' },
          { id: 'a', bus: 'virtio', size: '1G', serial: 'S2' },
        ]),
      /^disks\[1\]\.id: duplicate id "a" \(disks\[0\] has it too\); give each disk its own id$/,
    ],
    [
      'random past the end',
      (r) =>
        ((r.disks as object[])[0] = {
          id: 'vda',
          bus: 'virtio',
          size: '4M',
          preseed: [{ kind: 'random', offset: '4M', bytes: 10 }],
        }),
      /^disks\[0\]\.preseed\[0\]\.offset: random bytes at 4194304\+10 run past the end/,
    ],
    [
      'zos-partial on a disk too small for its layout',
      (r) =>
        ((r.disks as object[])[0] = {
          id: 'vda',
          bus: 'virtio',
          size: '512M',
          preseed: [{ kind: 'zos-partial' }],
        }),
      /^disks\[0\]\.preseed\[0\]\.kind: zos-partial needs a disk of at least 600 MiB \(this one is 512 MiB\); make the disk at least 1G$/,
    ],
    [
      'offset on gpt seed',
      (r) =>
        ((r.disks as object[])[0] = {
          id: 'vda',
          bus: 'virtio',
          size: '1G',
          preseed: [{ kind: 'gpt', offset: 1 }],
        }),
      /^disks\[0\]\.preseed\[0\]\.offset: only "random" and "zero" pre-seeding take offset; remove offset$/,
    ],
    [
      'zero without bytes',
      (r) =>
        ((r.disks as object[])[0] = {
          id: 'vda',
          bus: 'virtio',
          size: '1G',
          preseed: [{ kind: 'zero', offset: '1K' }],
        }),
      /^disks\[0\]\.preseed\[0\]\.bytes: is required for zero pre-seeding; add bytes = <count>/,
    ],
    [
      'seed on zero',
      (r) =>
        ((r.disks as object[])[0] = {
          id: 'vda',
          bus: 'virtio',
          size: '1G',
          preseed: [{ kind: 'zero', bytes: 1024, seed: 3 }],
        }),
      /^disks\[0\]\.preseed\[0\]\.seed: only "random" pre-seeding takes seed; remove seed$/,
    ],
    [
      'path on a kind that is not image',
      (r) =>
        ((r.disks as object[])[0] = {
          id: 'vda',
          bus: 'virtio',
          size: '1G',
          preseed: [{ kind: 'xfs', path: 'fixtures/x.raw' }],
        }),
      /^disks\[0\]\.preseed\[0\]\.path: only "image" pre-seeding takes path; remove path$/,
    ],
    [
      'image without path',
      (r) =>
        ((r.disks as object[])[0] = { id: 'vda', bus: 'virtio', size: '1G', preseed: [{ kind: 'image' }] }),
      /^disks\[0\]\.preseed\[0\]\.path: is required for image pre-seeding; add path = /,
    ],
    [
      'command that does not name the disk file',
      (r) =>
        ((r.disks as object[])[0] = {
          id: 'vda',
          bus: 'virtio',
          size: '1G',
          preseed: [{ kind: 'command', argv: ['mkfs.ext4', '/tmp/elsewhere'] }],
        }),
      /^disks\[0\]\.preseed\[0\]\.argv: does not name the disk file; write the disk file as \{path\}/,
    ],
    [
      'argv on a kind that is not command',
      (r) =>
        ((r.disks as object[])[0] = {
          id: 'vda',
          bus: 'virtio',
          size: '1G',
          preseed: [{ kind: 'swap', argv: ['x', '{path}'] }],
        }),
      /^disks\[0\]\.preseed\[0\]\.argv: only "command" pre-seeding takes argv; remove argv$/,
    ],
    [
      'unknown seed',
      (r) =>
        ((r.disks as object[])[0] = { id: 'vda', bus: 'virtio', size: '1G', preseed: [{ kind: 'lvm' }] }),
      /^disks\[0\]\.preseed\[0\]\.kind: must be one of/,
    ],
    [
      'unknown topology',
      (r) => (r.boots = [{ verdict: 'provisioned', topology: 'btrfs_raid5' }]),
      /^boots\[0\]\.topology: must be one of/,
    ],
    [
      'refused without exit code',
      (r) => (r.boots = [{ verdict: 'refused' }]),
      /^boots\[0\]\.exit_code: a refused boot needs the expected non-zero exit code; add exit_code = 4/,
    ],
    [
      'provisioned with exit code',
      (r) => (r.boots = [{ verdict: 'provisioned', exit_code: 4 }]),
      /^boots\[0\]\.exit_code: a boot with verdict provisioned exits 0; remove exit_code, or set verdict = "refused"$/,
    ],
    [
      'unknown disk in expectations',
      (r) => (r.boots = [{ verdict: 'provisioned', disks: { vdz: { unchanged: true } } }]),
      /^boots\[0\]\.disks\.vdz: no disk with id "vdz"; did you mean "vda"\?$/,
    ],
    [
      'bad type code',
      (r) => (r.boots = [{ verdict: 'provisioned', disks: { vda: { partitions: [{ type: 'FFFF' }] } } }]),
      /^boots\[0\]\.disks\.vda\.partitions\[0\]\.type: "FFFF" is neither a known type code/,
    ],
    [
      'bad regex',
      (r) => (r.boots = [{ verdict: 'provisioned', markers: ['/(/'] }]),
      /^boots\[0\]\.markers\[0\]: invalid regular expression \/\(\//,
    ],
    [
      'same layout on boot 1',
      (r) => (r.boots = [{ verdict: 'provisioned', same_layout_as_previous_boot: true }]),
      /^boots\[0\]\.same_layout_as_previous_boot: the first boot has no previous boot/,
    ],
    [
      'too many boots',
      (r) => (r.boots = [1, 2, 3, 4].map(() => ({ verdict: 'provisioned' }))),
      /^boots: must NOT have more than 3 items; /,
    ],
    [
      'unchanged with partitions',
      (r) => (r.boots = [{ verdict: 'provisioned', disks: { vda: { unchanged: true, partitions: [] } } }]),
      /^boots\[0\]\.disks\.vda\.partitions: an unchanged disk cannot also expect partitions; remove partitions, or remove unchanged = true$/,
    ],
    [
      'unknown boot key',
      (r) => (r.boots = [{ verdict: 'provisioned', marker: [] }]),
      /^boots\[0\]\.marker: unknown key "marker"; did you mean "markers"\?$/,
    ],
    [
      'a size that is no whole number of logical blocks',
      (r) =>
        ((r.disks as object[])[0] = { id: 'vda', bus: 'nvme', size: '40G+1s', logical_block_size: 4096 }),
      /^disks\[0\]\.size: 42949673472 bytes is not a whole number of 4096-byte blocks; write a multiple of 4096 bytes of at least 4 MiB \(e\.g\. "12G", or "12G\+8K"\)$/,
    ],
    [
      'a physical block smaller than the logical one',
      (r) =>
        ((r.disks as object[])[0] = {
          id: 'vda',
          bus: 'scsi',
          size: '40G',
          logical_block_size: 4096,
          physical_block_size: 512,
        }),
      /^disks\[0\]\.physical_block_size: cannot be smaller than the logical block size 4096; write physical_block_size = 4096 or more, or leave it out$/,
    ],
    [
      'a block size QEMU cannot give',
      (r) => ((r.disks as object[])[0] = { id: 'vda', bus: 'virtio', size: '40G', logical_block_size: 1024 }),
      /^disks\[0\]\.logical_block_size: must be one of 512, 4096 \(found 1024\); write one of 512, 4096$/,
    ],
    [
      'powered_off without power_off_at',
      (r) => (r.boots = [{ verdict: 'powered_off' }]),
      /^boots\[0\]\.verdict: a powered_off boot needs the point at which the power is cut; add power_off_at = /,
    ],
    [
      'power_off_at with another verdict',
      (r) => (r.boots = [{ verdict: 'provisioned', power_off_at: 'ZOSSTORAGE:PARTITIONED' }]),
      /^boots\[0\]\.power_off_at: power_off_at cuts the power, so this boot's verdict is powered_off; set verdict = "powered_off", or remove power_off_at$/,
    ],
    [
      'powered_off with an exit code',
      (r) => (r.boots = [{ verdict: 'powered_off', power_off_at: 'X', exit_code: 4 }]),
      /^boots\[0\]\.exit_code: a powered_off boot has no exit code/,
    ],
    [
      'power_off_at that is a bad regex',
      (r) => (r.boots = [{ verdict: 'powered_off', power_off_at: '/(unclosed/' }]),
      /^boots\[0\]\.power_off_at/,
    ],
    [
      'config_path without a config',
      (r) => (r.config_path = '/etc/c.yaml'),
      /^config_path: config_path says where to install the config, but the scenario has no config; add config = /,
    ],
    [
      'relative config_path',
      (r) => Object.assign(r, { config: { version: 1 }, config_path: 'etc/c.yaml' }),
      /^config_path: must match pattern ".*" \(found "etc\/c\.yaml"\); write an absolute guest file path/,
    ],
    [
      'config_path with a double quote',
      (r) => Object.assign(r, { config: { version: 1 }, config_path: '/etc/"c".yaml' }),
      /^config_path: must match pattern ".*" \(found "\/etc\/\\"c\\"\.yaml"\); write an absolute guest file path/,
    ],
    [
      'a size in lower case',
      (r) => ((r.disks as object[])[0] = { id: 'vda', bus: 'virtio', size: '16g' }),
      /^disks\[0\]\.size: "16g" is not a size \(units are upper case\); write "16G"$/,
    ],
    [
      'a decimal unit',
      (r) => ((r.disks as object[])[0] = { id: 'vda', bus: 'virtio', size: '16GB' }),
      /^disks\[0\]\.size: "16GB" is ambiguous: sizes here are binary, but GB usually means 16000000000 bytes; write "16G" \(or "16GiB"\) for 17179869184 bytes, or 16000000000 for the decimal size$/,
    ],
    [
      'a size of the wrong type',
      (r) => ((r.disks as object[])[0] = { id: 'vda', bus: 'virtio', size: true }),
      /^disks\[0\]\.size: must be integer or string \(found a boolean true\); write a whole number of bytes/,
    ],
  ];
  for (const [name, mutate, expected] of cases) {
    const raw = minimal();
    mutate(raw);
    const errors = errorsOf(raw);
    t.ok(
      errors.some((e) => expected.test(e)),
      `${name}: ${errors.join(' | ') || 'no error'}`,
    );
  }
});

t.test(
  'disks naming one NVMe controller are its namespaces: nsid in order, one serial, a wwid each',
  async (t) => {
    const raw = minimal();
    raw.disks = [
      { id: 'ns1', bus: 'nvme', size: '16G', nvme_controller: 'ctl', serial: 'ZOS-CTL' },
      { id: 'other', bus: 'nvme', size: '16G' },
      { id: 'ns2', bus: 'nvme', size: '8G', nvme_controller: 'ctl', logical_block_size: 4096 },
    ];
    const result = validateScenario(raw, 'x', 'x.toml');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [ns1, other, ns2] = result.value.disks;
    t.same(
      [ns1, other, ns2].map((d) => [d?.nvmeController, d?.nvmeNamespaceId, d?.serial]),
      [
        ['ctl', 1, 'ZOS-CTL'],
        [null, null, 'ZOSTEST-OTHER'],
        ['ctl', 2, 'ZOS-CTL'],
      ],
    );
    // What the guest showed for nsid 2 of serial ZOS-NVME-CTL0 (the report of a nvme-namespaces boot).
    t.equal(
      qemuNamespaceWwid('ZOS-NVME-CTL0', 2),
      'nvme.1b36-5a4f532d4e564d452d43544c30-51454d55204e564d65204374726c-00000002',
    );
    t.same(
      [ns1?.wwid, ns2?.wwid],
      [qemuNamespaceWwid('ZOS-CTL', 1), qemuNamespaceWwid('ZOS-CTL', 2)],
      'each namespace has its own wwid',
    );
    t.equal(other?.wwid, null, 'a disk with a controller of its own is known by its serial');
  },
);

t.test('NVMe namespace mistakes are named with their key path', async (t) => {
  const withDisks = (disks: object[]) => ({ ...minimal(), disks });
  t.same(errorsOf(withDisks([{ id: 'vda', bus: 'virtio', size: '16G', nvme_controller: 'ctl' }])), [
    'disks[0].nvme_controller: only nvme disks have an NVMe controller (this disk is on virtio); remove nvme_controller, or set bus = "nvme"',
  ]);
  t.same(
    errorsOf(
      withDisks([
        { id: 'ns1', bus: 'nvme', size: '16G', nvme_controller: 'ctl', serial: 'A' },
        { id: 'ns2', bus: 'nvme', size: '16G', nvme_controller: 'ctl', serial: 'B' },
      ]),
    ),
    [
      'disks[1].serial: namespaces share their controller\'s serial "A"; remove this serial; set it on disk "ns1", the controller\'s first namespace',
    ],
  );
  t.same(
    errorsOf(
      withDisks([
        { id: 'ns1', bus: 'nvme', size: '16G', nvme_controller: 'ctl', serial: 'A' },
        { id: 'vdb', bus: 'virtio', size: '16G', serial: 'A' },
      ]),
    ),
    ['disks[1].serial: duplicate serial "A" (disks[0] has it too); give each disk its own serial'],
  );
  t.match(errorsOf(withDisks([{ id: 'ns1', bus: 'nvme', size: '16G', nvme_controller: 'Bad Name' }])), [
    /^disks\[0\]\.nvme_controller: must match pattern ".*" \(found "Bad Name"\); write a lower-case letter/,
  ]);
});

t.test('all problems are reported at once', async (t) => {
  const raw = minimal();
  raw.boots = [{ verdict: 'refused' }, { verdict: 'provisioned', disks: { nope: {} } }];
  t.equal(errorsOf(raw).length, 2);
});

t.test('sizes', async (t) => {
  t.equal(parseSize('40G'), 40 * 1024 ** 3);
  t.equal(parseSize('512MiB'), 512 * 1024 ** 2);
  t.equal(parseSize('1.5T'), 1.5 * 1024 ** 4);
  t.equal(parseSize(4096), 4096);
  t.equal(parseSize('83886203s'), 83886203 * 512, 'sectors of 512 bytes');
  t.equal(parseSize('40G+123s'), 40 * 1024 ** 3 + 123 * 512, 'a sum: 40 GiB and 123 sectors');
  t.equal(parseSize('40G+'), null);
  t.equal(parseSize('12 bananas'), null);
  t.equal(parseSize(-1), null);
});

t.test('loading names the file, and TOML errors name the line', async (t) => {
  const dir = t.testdir({
    scenarios: {
      'broken.toml': 'disks = [\n  { id = "vda", bus = \n]\n',
      'invalid.toml':
        '[[disks]]\nid = "vda"\nbus = "floppy"\nsize = "1G"\n[[boots]]\nverdict = "provisioned"\n',
      'no-image.toml':
        '[[disks]]\nid = "vda"\nbus = "virtio"\nsize = "1G"\npreseed = [{ kind = "image", path = "fixtures/none.raw.gz" }]\n[[boots]]\nverdict = "refused"\nexit_code = 4\n',
    },
  });
  await t.rejects(loadScenario(dir, 'no-image'), {
    code: 'SCENARIO_INVALID',
    message:
      /no-image\.toml is not a valid scenario \(1 problem; check all with run-scenario --check\):\n {2}\S*no-image\.toml:5: disks\[0\]\.preseed\[0\]\.path \(disk "vda"\): fixtures\/none\.raw\.gz does not exist \(relative to /,
  });
  await t.rejects(
    loadScenario(dir, 'broken'),
    /broken\.toml:2: TOML syntax: a key, its "=" and its value are on different lines: \{ id = "vda", bus =; write key = value on one line/,
  );
  await t.rejects(
    loadScenario(dir, 'invalid'),
    /invalid\.toml is not a valid scenario \(1 problem; check all with run-scenario --check\):\n {2}\S*invalid\.toml:3: disks\[0\]\.bus \(disk "vda"\): must be one of .* \(found "floppy"\); write one of/,
  );
  await t.rejects(loadScenario(dir, 'missing'), {
    code: 'SCENARIO_NOT_FOUND',
    message: /scenarios\/missing\.toml cannot be read \(ENOENT\)/,
  });
  await t.rejects(loadScenario(dir, '../etc/passwd'), {
    code: 'SCENARIO_INVALID',
    message: /is not a scenario name/,
  });
  const parsed = parseScenarioText('a = ', 'f.toml');
  t.same(parsed.ok ? [] : parsed.problems.map((p) => [p.line, p.message]), [
    [1, 'TOML syntax: a key without a value (column 5): a ='],
  ]);
});

t.test('every scenario in scenarios/ is valid', async (t) => {
  const names = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.toml'));
  t.ok(names.includes('single-vda.toml'));
  for (const name of names) {
    const scenario = await loadScenario(ROOT, name.replace(/\.toml$/, ''));
    t.equal(scenario.name, name.replace(/\.toml$/, ''));
  }
});

t.test('image seeds take their format and compression from the file name unless format says', async (t) => {
  const raw = minimal();
  (raw.disks as object[])[0] = {
    id: 'vda',
    bus: 'virtio',
    size: '1G',
    preseed: [
      { kind: 'image', path: 'fixtures/disks/a.qcow2.zst' },
      { kind: 'image', path: 'fixtures/disks/b.img.xz' },
      { kind: 'image', path: 'fixtures/disks/c.bin', format: 'qcow2' },
      { kind: 'command', argv: ['sh', '-c', 'mkswap "$1"', 'sh', '{path}'] },
    ],
  };
  const result = validateScenario(raw, 'x', 'x.toml');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  t.same(result.value.disks[0]?.preseed, [
    { kind: 'image', path: 'fixtures/disks/a.qcow2.zst', format: 'qcow2', compression: 'zst' },
    { kind: 'image', path: 'fixtures/disks/b.img.xz', format: 'raw', compression: 'xz' },
    { kind: 'image', path: 'fixtures/disks/c.bin', format: 'qcow2', compression: null },
    { kind: 'command', argv: ['sh', '-c', 'mkswap "$1"', 'sh', '{path}'] },
  ]);
});

t.test('steps before a boot (between boots) and writes_checked', async (t) => {
  const raw = minimal();
  raw.boots = [
    { verdict: 'provisioned', writes_checked: true },
    {
      verdict: 'refused',
      exit_code: 4,
      before: {
        vda: [
          { kind: 'command', argv: ['sgdisk', '--zap-all', '{path}'] },
          { kind: 'zero', bytes: 512 },
        ],
      },
    },
  ];
  const result = validateScenario(raw, 'x', 'x.toml');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  t.same(result.value.boots[1]?.before, {
    vda: [
      { kind: 'command', argv: ['sgdisk', '--zap-all', '{path}'] },
      { kind: 'zero', offsetBytes: 0, bytes: 512 },
    ],
  });
  t.equal(result.value.boots[0]?.writesChecked, true);
  t.same(result.value.boots[0]?.before, {}, 'no steps unless given');
  raw.boots = [
    {
      verdict: 'refused',
      exit_code: 4,
      writes_checked: true,
      before: { vdz: [{ kind: 'gpt' }], vda: [{ kind: 'command' }] },
    },
  ];
  t.same(errorsOf(raw).sort(), [
    'boots[0].before.vda[0].argv: is required for command pre-seeding; add argv = ["mkfs.ext4", "-F", "{path}"]',
    'boots[0].before.vdz: no disk with id "vdz"; did you mean "vda"?',
    'boots[0].writes_checked: only a provisioning boot reads ranges before writing (verdict provisioned); remove writes_checked, or set verdict = "provisioned"',
  ]);
});

t.test(
  'controller buses: SD card rules, the disks a controller takes, controller only on those buses',
  async (t) => {
    const raw = minimal();
    raw.disks = [
      { id: 'sd', bus: 'sdhci', size: '12G', serial: 'X' },
      ...Array.from({ length: 8 }, (_, i) => ({ id: `l${i}`, bus: 'lsi53c895a', size: '1G' })),
      { id: 'v', bus: 'virtio', size: '1G', controller: 'c1' },
    ];
    t.same(errorsOf(raw).sort(), [
      "disks[0].serial: QEMU's SD card has a fixed serial (0xdeadbeef); remove serial",
      'disks[0].size: an SD card\'s size must be a power of two in QEMU, not 12G; write size = "16G" (16G, 32G, …)',
      'disks[8].bus: a lsi53c895a controller takes at most 7 disks; put the others on another controller: controller = "<name>" on those disks',
      'disks[9].controller: only disks behind a controller bus name their controller (this one is on virtio); remove controller, or set bus to one of megasas, megasas-gen2, lsi53c895a, lsi53c810, am53c974, dc390, pvscsi, piix3-ide, usb-uas, sdhci',
    ]);
    raw.disks = [{ id: 'sd', bus: 'sdhci', size: '16G' }];
    const result = validateScenario(raw, 'x', 'x.toml');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    t.equal(result.value.disks[0]?.serial, '0xdeadbeef', 'the serial the guest will read');
  },
);
