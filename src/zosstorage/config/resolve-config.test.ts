import t from 'tap';
import { join } from 'node:path';
import { ZosError } from '../errors/zos-error.ts';
import { isCmdlineSwitchOn, resolveConfig } from './resolve-config.ts';

const FILE = `version: 1
topology:
  mode: btrfs_independent
logging:
  level: warn
fstab:
  enabled: true
`;

t.test('precedence: kernel cmdline > CLI > file > defaults', async (t) => {
  const dir = t.testdir({ 'config.yaml': FILE });
  const configPath = join(dir, 'config.yaml');

  const fromFile = await resolveConfig({ configPath, cliOverrides: {}, cmdline: '' });
  t.equal(fromFile.config.topology.mode, 'btrfs_independent');
  t.equal(fromFile.topologySource, 'config_file');
  t.equal(fromFile.config.logging.level, 'warn');
  t.equal(fromFile.config.report.path, '/run/zosstorage/state.json', 'default');
  t.equal(fromFile.configPath, configPath);

  const fromCli = await resolveConfig({
    configPath,
    cliOverrides: { topology: 'btrfs_raid1', log_level: 'debug', fstab: false, report_path: undefined },
    cmdline: '',
  });
  t.equal(fromCli.config.topology.mode, 'btrfs_raid1');
  t.equal(fromCli.topologySource, 'cli');
  t.equal(fromCli.config.logging.level, 'debug');
  t.equal(fromCli.config.fstab.enabled, false);

  const fromCmdline = await resolveConfig({
    configPath,
    cliOverrides: { topology: 'btrfs_raid1', log_level: 'debug' },
    cmdline: 'console=ttyS0 zosstorage.topology=bcachefs_raid1 zosstorage.fstab=0 zosstorage.min_size_gib=20',
  });
  t.equal(fromCmdline.config.topology.mode, 'bcachefs_raid1');
  t.equal(fromCmdline.topologySource, 'kernel_cmdline');
  t.equal(fromCmdline.config.logging.level, 'debug', 'CLI still wins over the file');
  t.equal(fromCmdline.config.fstab.enabled, false);
  t.equal(fromCmdline.config.device_selection.min_size_gib, 20);
});

t.test('zosstorage.config= on the kernel cmdline beats --config', async (t) => {
  const dir = t.testdir({ 'a.yaml': 'version: 1\ntopology: {mode: btrfs_single}\n', 'b.yaml': FILE });
  const resolved = await resolveConfig({
    configPath: join(dir, 'a.yaml'),
    cliOverrides: {},
    cmdline: `zosstorage.config=${join(dir, 'b.yaml')}`,
  });
  t.equal(resolved.configPath, join(dir, 'b.yaml'));
  t.equal(resolved.config.topology.mode, 'btrfs_independent');
});

t.test('a missing default file means built-in defaults; a named missing file is an error', async (t) => {
  const dir = t.testdir({});
  const resolved = await resolveConfig({
    cliOverrides: {},
    cmdline: '',
    defaultConfigPath: join(dir, 'none.yaml'),
  });
  t.equal(resolved.configPath, null);
  t.equal(resolved.topologySource, 'default');
  t.equal(resolved.config.topology.mode, 'auto');

  await t.rejects(resolveConfig({ configPath: join(dir, 'none.yaml'), cliOverrides: {}, cmdline: '' }), {
    code: 'CONFIG_NOT_FOUND',
    message: /none\.yaml \(named by --config\) does not exist; fix the path or drop --config/,
  });
  await t.rejects(
    resolveConfig({
      configPath: join(dir, 'none.yaml'),
      cliOverrides: {},
      cmdline: `zosstorage.config="${join(dir, 'gone dir', 'c.yaml')}"`,
    }),
    {
      code: 'CONFIG_NOT_FOUND',
      message:
        /gone dir\/c\.yaml \(named by the kernel command line \(zosstorage\.config=\)\) does not exist; fix zosstorage\.config=/,
    },
    'the kernel cmdline path (quoted, with a space) wins over --config, and the message says so',
  );
});

t.test('bad overrides are reported like file errors, naming where they came from', async (t) => {
  const dir = t.testdir({ 'config.yaml': 'version: 1\nmount:\n  enabled: false\n' });
  const error = await resolveConfig({
    configPath: join(dir, 'config.yaml'),
    cliOverrides: { log_level: 'loud', fstab: true },
    cmdline: 'zosstorage.topology=raid5 zosstorage.min_size_gib=big',
  }).catch((caught: unknown) => caught);
  t.type(error, ZosError);
  const zos = error as ZosError;
  t.equal(zos.code, 'CONFIG_INVALID');
  t.equal(zos.exitCode, 2);
  t.match(zos.message, /kernel cmdline zosstorage\.topology: topology\.mode: must be one of/);
  t.match(
    zos.message,
    /kernel cmdline zosstorage\.min_size_gib: device_selection\.min_size_gib: must be integer/,
  );
  t.match(zos.message, /--log-level: logging\.level: must be one of/);
  const errors = zos.details.errors as { path: string }[];
  t.equal(errors.length, 3, 'schema errors come first; combination rules run once the types are right');
});

t.test('a combination made impossible by an override names both sides', async (t) => {
  const dir = t.testdir({ 'config.yaml': 'version: 1\nmount:\n  enabled: false\n' });
  await t.rejects(
    resolveConfig({ configPath: join(dir, 'config.yaml'), cliOverrides: { fstab: true }, cmdline: '' }),
    { code: 'CONFIG_INVALID', message: /--fstab: fstab\.enabled: fstab entries need mounted filesystems/ },
  );
});

t.test(
  'overrides apply without a file; cmdline booleans accept 1/0/true/false and bare switches',
  async (t) => {
    const dir = t.testdir({});
    const resolved = await resolveConfig({
      cliOverrides: {},
      cmdline:
        'zosstorage.allow_removable zosstorage.mount=false zosstorage.log_file=none zosstorage.next=/sbin/init',
      defaultConfigPath: join(dir, 'none.yaml'),
    });
    t.equal(resolved.config.device_selection.allow_removable, true);
    t.equal(resolved.config.mount.enabled, false);
    t.equal(resolved.config.logging.file, null);
    t.same(resolved.unknownCmdlineNames, [], 'zosstorage.next belongs to the init script');
  },
);

t.test('unknown zosstorage.* names on the cmdline are reported, not applied', async (t) => {
  const dir = t.testdir({});
  const resolved = await resolveConfig({
    cliOverrides: {},
    cmdline: 'zosstorage.toplogy=btrfs_raid1',
    defaultConfigPath: join(dir, 'none.yaml'),
  });
  t.same(resolved.unknownCmdlineNames, ['toplogy']);
  t.equal(resolved.config.topology.mode, 'auto');
});

t.test('YAML syntax errors are config errors with the line', async (t) => {
  const dir = t.testdir({ 'bad.yaml': 'version: 1\ntopology:\n  mode: [\n' });
  await t.rejects(resolveConfig({ configPath: join(dir, 'bad.yaml'), cliOverrides: {}, cmdline: '' }), {
    code: 'CONFIG_INVALID',
    message: /bad\.yaml:\d+: YAML syntax/,
  });
});

t.test(
  'kernel cmdline switches: bare or truthy is on, 0/false/no/off is off, the last word wins',
  async (t) => {
    t.equal(isCmdlineSwitchOn('quiet zosstorage.force', 'force'), true);
    t.equal(isCmdlineSwitchOn('zosstorage.force=1', 'force'), true);
    t.equal(isCmdlineSwitchOn('zosstorage.force=yes', 'force'), true);
    t.equal(isCmdlineSwitchOn('zosstorage.force=0', 'force'), false);
    t.equal(isCmdlineSwitchOn('zosstorage.force=OFF', 'force'), false);
    t.equal(isCmdlineSwitchOn('zosstorage.force=1 zosstorage.force=0', 'force'), false);
    t.equal(isCmdlineSwitchOn('zosstorage.forced=1', 'force'), false);
    t.equal(isCmdlineSwitchOn('', 'force'), false);
  },
);

t.test(
  'zosstorage.scan_samples: a count on the command line, anything else one error naming it',
  async (t) => {
    const dir = t.testdir({ 'config.yaml': 'version: 1\n' });
    const off = await resolveConfig({
      configPath: join(dir, 'config.yaml'),
      cliOverrides: {},
      cmdline: 'zosstorage.scan_samples=0',
    });
    t.equal(off.config.safety.scan_samples, 0);
    const byDefault = await resolveConfig({
      configPath: join(dir, 'config.yaml'),
      cliOverrides: {},
      cmdline: '',
    });
    t.equal(byDefault.config.safety.scan_samples, 256);
    const error = await resolveConfig({
      configPath: join(dir, 'config.yaml'),
      cliOverrides: {},
      cmdline: 'zosstorage.scan_samples=70000',
    }).catch((caught: unknown) => caught);
    t.type(error, ZosError);
    t.equal((error as ZosError).exitCode, 2);
    t.match(
      (error as ZosError).message,
      /kernel cmdline zosstorage\.scan_samples: safety\.scan_samples: must be <= 65536/,
    );
  },
);

t.test(
  "the zos tool's topology names and zosstorage.topo= are aliases: our name runs, the alias is kept",
  async (t) => {
    const dir = t.testdir({ 'config.yaml': 'version: 1\ntopology:\n  mode: ssd_hdd_bcachefs\n' });
    const configPath = join(dir, 'config.yaml');
    const fromFile = await resolveConfig({ configPath, cliOverrides: {}, cmdline: '' });
    t.equal(fromFile.config.topology.mode, 'bcachefs_cached');
    t.equal(fromFile.topologyAlias, 'ssd_hdd_bcachefs');
    t.equal(fromFile.topologySource, 'config_file');

    const cases: [string, string, string | null][] = [
      ['zosstorage.topo=dual_independent', 'btrfs_independent', 'dual_independent'],
      ['zosstorage.topology=bcachefs2_copy', 'bcachefs_raid1', 'bcachefs2_copy'],
      ['zosstorage.topo=btrfs_raid1', 'btrfs_raid1', null],
      ['zosstorage.topology=btrfs_single zosstorage.topo=bcachefs_single', 'bcachefs_single', null],
      [
        'zosstorage.topo=bcachefs_single zosstorage.topology=dual_independent',
        'btrfs_independent',
        'dual_independent',
      ],
    ];
    for (const [cmdline, mode, alias] of cases) {
      const resolved = await resolveConfig({ configPath, cliOverrides: {}, cmdline });
      t.same(
        [resolved.config.topology.mode, resolved.topologyAlias, resolved.topologySource],
        [mode, alias, 'kernel_cmdline'],
        cmdline,
      );
      t.same(resolved.unknownCmdlineNames, [], `${cmdline}: topo is not an unknown name`);
    }
    const fromCli = await resolveConfig({
      configPath,
      cliOverrides: { topology: 'dual_independent' },
      cmdline: '',
    });
    t.same([fromCli.config.topology.mode, fromCli.topologyAlias], ['btrfs_independent', 'dual_independent']);
  },
);

t.test('a bad zosstorage.topo= names the spelling that was written', async (t) => {
  const error = (await resolveConfig({
    cliOverrides: {},
    cmdline: 'zosstorage.topo=raid5',
    defaultConfigPath: '/nonexistent/c.yaml',
  }).catch((caught: unknown) => caught)) as ZosError;
  t.equal(error.code, 'CONFIG_INVALID');
  t.match(
    error.message,
    /kernel cmdline zosstorage\.topo: topology\.mode: must be one of .*ssd_hdd_bcachefs/,
  );
});

t.test('an alias is checked as our topology: roles with ssd_hdd_bcachefs are fine', async (t) => {
  const dir = t.testdir({
    'config.yaml': 'version: 1\ntopology:\n  mode: ssd_hdd_bcachefs\n  roles:\n    cache: [/dev/nvme0n1]\n',
  });
  const resolved = await resolveConfig({
    configPath: join(dir, 'config.yaml'),
    cliOverrides: {},
    cmdline: '',
  });
  t.same([resolved.config.topology.mode, resolved.topologyAlias], ['bcachefs_cached', 'ssd_hdd_bcachefs']);
});

t.test(
  'YAML merge keys are resolved; keys beside them win; errors point at the line the value was written on',
  async (t) => {
    const good = [
      'version: 1',
      'filesystem:',
      '  btrfs: &shared',
      '    compression: zstd:3',
      '    mkfs_extra_args: [--nodesize, "16384"]',
      '  bcachefs:',
      '    <<: *shared',
      '    compression: lz4',
      '',
    ].join('\n');
    const dir = t.testdir({
      'good.yaml': good,
      'bad.yaml': [
        'version: 1',
        'filesystem:',
        '  btrfs: &shared',
        '    mkfs_extra_args: [--label, x]',
        '  bcachefs:',
        '    <<: *shared',
        '',
      ].join('\n'),
    });
    const resolved = await resolveConfig({
      configPath: join(dir, 'good.yaml'),
      cliOverrides: {},
      cmdline: '',
    });
    t.equal(resolved.config.filesystem.bcachefs.compression, 'lz4', 'the key written beside the merge wins');
    t.same(
      resolved.config.filesystem.bcachefs.mkfs_extra_args,
      ['--nodesize', '16384'],
      'the merged key is there',
    );
    t.equal(resolved.config.filesystem.btrfs.compression, 'zstd:3');

    const error = (await resolveConfig({
      configPath: join(dir, 'bad.yaml'),
      cliOverrides: {},
      cmdline: '',
    }).catch((caught: unknown) => caught)) as ZosError;
    t.equal(error.code, 'CONFIG_INVALID');
    t.match(
      error.message,
      /bad\.yaml:4: filesystem\.btrfs\.mkfs_extra_args\[0\]: "--label" is set by zosstorage/,
    );
    t.match(
      error.message,
      /bad\.yaml:4: filesystem\.bcachefs\.mkfs_extra_args\[0\]: "--label" is set by zosstorage/,
      'the merged value is reported at the line where it was written',
    );
    t.notMatch(error.message, /unknown key "<<"/);
  },
);
