import t from 'tap';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { qemuNamespaceWwid, validateScenario } from './validate-scenario.ts';
import { loadScenario, parseScenarioToml } from './load-scenario.ts';
import { parseSize } from './parse-size.ts';

const ROOT = join(import.meta.dirname, '../../..');

const minimal = (): Record<string, unknown> => ({
  disks: [{ id: 'vda', bus: 'virtio', size: '40G' }],
  boots: [{ verdict: 'provisioned', markers: ['ZOSTEST:INIT', '/ZOSSTORAGE:MKFS type=(vfat|btrfs)/'] }],
});

function errorsOf(raw: unknown): string[] {
  const result = validateScenario(raw, 'x', 'x.toml');
  return result.ok ? [] : result.errors;
}

t.test('a minimal scenario gets its defaults', async (t) => {
  const result = validateScenario(minimal(), 'x', '/s/x.toml');
  if (!result.ok) throw new Error(result.errors.join('\n'));
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
  if (!result.ok) throw new Error(result.errors.join('\n'));
  t.same(result.value.boots[0]?.forbidden, []);
  t.equal(result.value.boots[0]?.disks.vda?.unchanged, true);
  t.equal(result.value.boots[0]?.crossCheckReport, false);
});

t.test('every bad input is named with its key path', async (t) => {
  const cases: [string, (raw: Record<string, unknown>) => void, RegExp][] = [
    ['unknown top-level key', (r) => (r.disk = []), /^disk: unknown key "disk"$/],
    ['no disks', (r) => (r.disks = []), /^disks: must NOT have fewer than 1 items$/],
    [
      'bad bus',
      (r) => ((r.disks as object[])[0] = { id: 'vda', bus: 'ide', size: '1G' }),
      /^disks\[0\]\.bus: must be one of "virtio", "nvme", "scsi", "sata", "usb", "megasas", .*"sdhci"$/,
    ],
    [
      'bad size',
      (r) => ((r.disks as object[])[0] = { id: 'vda', bus: 'virtio', size: '40 parsecs' }),
      /^disks\[0\]\.size: /,
    ],
    [
      'size not whole sectors',
      (r) => ((r.disks as object[])[0] = { id: 'vda', bus: 'virtio', size: 5000001 }),
      /^disks\[0\]\.size: must be a whole number of 512-byte blocks/,
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
      /^disks\[1\]\.id: duplicate id "a"$/,
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
      /^disks\[0\]\.preseed\[0\]\.kind: zos-partial needs a disk of at least 600 MiB \(this one is 512 MiB\)$/,
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
      /^disks\[0\]\.preseed\[0\]\.offset: only "random" and "zero" pre-seeding take offset$/,
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
      /^disks\[0\]\.preseed\[0\]\.bytes: is required for zero pre-seeding$/,
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
      /^disks\[0\]\.preseed\[0\]\.seed: only "random" pre-seeding takes seed$/,
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
      /^disks\[0\]\.preseed\[0\]\.path: only "image" pre-seeding takes path$/,
    ],
    [
      'image without path',
      (r) =>
        ((r.disks as object[])[0] = { id: 'vda', bus: 'virtio', size: '1G', preseed: [{ kind: 'image' }] }),
      /^disks\[0\]\.preseed\[0\]\.path: is required for image pre-seeding$/,
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
      /^disks\[0\]\.preseed\[0\]\.argv: must name the disk file as \{path\}/,
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
      /^disks\[0\]\.preseed\[0\]\.argv: only "command" pre-seeding takes argv$/,
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
      /^boots\[0\]\.exit_code: a refused boot needs the expected non-zero exit code$/,
    ],
    [
      'provisioned with exit code',
      (r) => (r.boots = [{ verdict: 'provisioned', exit_code: 4 }]),
      /^boots\[0\]\.exit_code: a boot with verdict provisioned exits 0$/,
    ],
    [
      'unknown disk in expectations',
      (r) => (r.boots = [{ verdict: 'provisioned', disks: { vdz: { unchanged: true } } }]),
      /^boots\[0\]\.disks\.vdz: no disk with id "vdz" \(disks: vda\)$/,
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
      /^boots: must NOT have more than 3 items$/,
    ],
    [
      'unchanged with partitions',
      (r) => (r.boots = [{ verdict: 'provisioned', disks: { vda: { unchanged: true, partitions: [] } } }]),
      /^boots\[0\]\.disks\.vda\.partitions: an unchanged disk cannot also expect partitions$/,
    ],
    [
      'unknown boot key',
      (r) => (r.boots = [{ verdict: 'provisioned', marker: [] }]),
      /^boots\[0\]\.marker: unknown key "marker"$/,
    ],
    [
      'a size that is no whole number of logical blocks',
      (r) =>
        ((r.disks as object[])[0] = { id: 'vda', bus: 'nvme', size: '40G+1s', logical_block_size: 4096 }),
      /^disks\[0\]\.size: must be a whole number of 4096-byte blocks and at least 4 MiB$/,
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
      /^disks\[0\]\.physical_block_size: cannot be smaller than the logical block size 4096$/,
    ],
    [
      'a block size QEMU cannot give',
      (r) => ((r.disks as object[])[0] = { id: 'vda', bus: 'virtio', size: '40G', logical_block_size: 1024 }),
      /^disks\[0\]\.logical_block_size: must be one of 512, 4096$/,
    ],
    [
      'powered_off without power_off_at',
      (r) => (r.boots = [{ verdict: 'powered_off' }]),
      /^boots\[0\]\.verdict: a powered_off boot needs power_off_at/,
    ],
    [
      'power_off_at with another verdict',
      (r) => (r.boots = [{ verdict: 'provisioned', power_off_at: 'ZOSSTORAGE:PARTITIONED' }]),
      /^boots\[0\]\.power_off_at: power_off_at cuts the power, so this boot's verdict is powered_off$/,
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
      /^config_path: config_path says where to install the config, but the scenario has no config$/,
    ],
    [
      'relative config_path',
      (r) => Object.assign(r, { config: { version: 1 }, config_path: 'etc/c.yaml' }),
      /^config_path: must match pattern/,
    ],
    [
      'config_path with a double quote',
      (r) => Object.assign(r, { config: { version: 1 }, config_path: '/etc/"c".yaml' }),
      /^config_path: must match pattern/,
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
    if (!result.ok) throw new Error(result.errors.join('\n'));
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
    'disks[0].nvme_controller: only nvme disks have an NVMe controller (this disk is on virtio)',
  ]);
  t.same(
    errorsOf(
      withDisks([
        { id: 'ns1', bus: 'nvme', size: '16G', nvme_controller: 'ctl', serial: 'A' },
        { id: 'ns2', bus: 'nvme', size: '16G', nvme_controller: 'ctl', serial: 'B' },
      ]),
    ),
    [
      'disks[1].serial: namespaces share their controller\'s serial "A" (set serial on disk "ns1", the first one)',
    ],
  );
  t.same(
    errorsOf(
      withDisks([
        { id: 'ns1', bus: 'nvme', size: '16G', nvme_controller: 'ctl', serial: 'A' },
        { id: 'vdb', bus: 'virtio', size: '16G', serial: 'A' },
      ]),
    ),
    ['disks[1].serial: duplicate serial "A"'],
  );
  t.match(errorsOf(withDisks([{ id: 'ns1', bus: 'nvme', size: '16G', nvme_controller: 'Bad Name' }])), [
    /^disks\[0\]\.nvme_controller: must match pattern/,
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
      /no-image\.toml is not a valid scenario:\n {2}- disks\[0\]\.preseed\[0\]\.path: fixtures\/none\.raw\.gz does not exist \(relative to /,
  });
  await t.rejects(loadScenario(dir, 'broken'), /broken\.toml:2:\d+: TOML syntax error/);
  await t.rejects(
    loadScenario(dir, 'invalid'),
    /invalid\.toml is not a valid scenario:\n {2}- disks\[0\]\.bus: must be one of/,
  );
  await t.rejects(loadScenario(dir, 'missing'), {
    code: 'SCENARIO_NOT_FOUND',
    message: /scenarios\/missing\.toml cannot be read \(ENOENT\)/,
  });
  await t.rejects(loadScenario(dir, '../etc/passwd'), {
    code: 'SCENARIO_INVALID',
    message: /is not a scenario name/,
  });
  t.throws(() => parseScenarioToml('a = ', 'f.toml'), /f\.toml:1:\d+: TOML syntax error/);
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
  if (!result.ok) throw new Error(result.errors.join('\n'));
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
  if (!result.ok) throw new Error(result.errors.join('\n'));
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
    'boots[0].before.vda[0].argv: is required for command pre-seeding',
    'boots[0].before.vdz: no disk with id "vdz" (disks: vda)',
    'boots[0].writes_checked: only a provisioning boot reads ranges before writing (verdict provisioned)',
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
      "disks[0].serial: QEMU's SD card has a fixed serial (0xdeadbeef); leave serial out",
      "disks[0].size: an SD card's size must be a power of two in QEMU (e.g. 16G, 32G), not 12G",
      'disks[8].bus: a lsi53c895a controller takes at most 7 disks; put the others on another one (controller = "…")',
      'disks[9].controller: only disks behind a controller bus (megasas, megasas-gen2, lsi53c895a, lsi53c810, am53c974, dc390, pvscsi, piix3-ide, usb-uas, sdhci) name their controller (this one is on virtio)',
    ]);
    raw.disks = [{ id: 'sd', bus: 'sdhci', size: '16G' }];
    const result = validateScenario(raw, 'x', 'x.toml');
    if (!result.ok) throw new Error(result.errors.join('\n'));
    t.equal(result.value.disks[0]?.serial, '0xdeadbeef', 'the serial the guest will read');
  },
);
