import t from 'tap';
import { parseCliArgs } from './parse-cli-args.ts';
import { parseWithCommander } from './parse-with-commander.ts';

t.test('no flags: provision with the documented defaults', async (t) => {
  t.same(await parseCliArgs([]), {
    action: 'provision',
    schema: 'config',
    force: false,
    configPath: undefined,
    overrides: {
      allow_removable: undefined,
      min_size_gib: undefined,
      require_zeroed_edges: undefined,
      topology: undefined,
      mount: undefined,
      fstab: undefined,
      report_path: undefined,
      log_level: undefined,
      log_format: undefined,
      log_file: undefined,
    },
    sysfsRoot: '/sys',
    devRoot: '/dev',
    cmdlineFile: '/proc/cmdline',
    mountsFile: '/proc/self/mounts',
    root: '/',
  });
});

t.test('overrides and run options are read', async (t) => {
  const args = parseWithCommander([
    '--plan',
    '--config',
    '/tmp/c.yaml',
    '--topology',
    'btrfs_raid1',
    '--log-level',
    'debug',
    '--no-fstab',
    '--allow-removable',
    '--min-size-gib',
    '20',
    '--sysfs-root',
    'fixtures/sysfs/one-virtio',
    '--root',
    '/tmp/root',
  ]);
  t.equal(args.action, 'plan');
  t.equal(args.configPath, '/tmp/c.yaml');
  t.equal(args.overrides.topology, 'btrfs_raid1');
  t.equal(args.overrides.log_level, 'debug');
  t.equal(args.overrides.fstab, false);
  t.equal(args.overrides.allow_removable, true);
  t.equal(args.overrides.min_size_gib, '20', 'validated and coerced with the config, not here');
  t.equal(args.sysfsRoot, 'fixtures/sysfs/one-virtio');
  t.equal(args.root, '/tmp/root');
  t.equal(args.devRoot, '/dev');
});

t.test('actions', async (t) => {
  t.equal(parseWithCommander(['--help', '--plan']).action, 'help', 'help wins');
  t.equal(parseWithCommander(['-V']).action, 'version');
  t.equal(parseWithCommander(['--validate']).action, 'validate');
  t.same(
    [parseWithCommander(['--print-schema']).schema, parseWithCommander(['--print-schema', 'report']).schema],
    ['config', 'report'],
  );
  t.equal(parseWithCommander(['--force']).force, true);
  t.equal(parseWithCommander(['--mount-existing']).action, 'mount-existing');
  t.equal(parseWithCommander(['--report-current']).action, 'report-current');
});

t.test('--mount-existing and --report-current refuse each other and every other action', async (t) => {
  for (const pair of [
    ['--mount-existing', '--report-current'],
    ['--mount-existing', '--plan'],
    ['--report-current', '--validate'],
    ['--report-current', '--print-schema'],
  ]) {
    const error = (() => {
      try {
        parseWithCommander(pair);
      } catch (caught) {
        return caught as { code: string; exitCode: number; message: string };
      }
      return null;
    })();
    t.same([error?.code, error?.exitCode], ['USAGE', 2], pair.join(' '));
    for (const flag of pair) t.ok(error?.message.includes(`${flag} `), `the message names ${flag}`);
  }
  t.throws(() => parseWithCommander(['--report-current', '--mount-existing']), {
    message: /^--mount-existing and --report-current are two actions: choose one of/,
  });
});

t.test('bad usage is a USAGE error (exit 2) that says what to do', async (t) => {
  t.throws(() => parseWithCommander(['--frobnicate']), {
    code: 'USAGE',
    message: /unknown option '--frobnicate'.*--help/,
  });
  t.throws(() => parseWithCommander(['--topology']), { code: 'USAGE', message: /argument missing/ });
  t.throws(() => parseWithCommander(['extra']), { code: 'USAGE' });
  t.throws(() => parseWithCommander(['--print-schema', 'plan']), {
    code: 'USAGE',
    message: /"config" or "report"/,
  });
  t.throws(() => parseWithCommander(['--plan', '--validate']), { code: 'USAGE', message: /choose one/ });
});

t.test('no arguments (how the init runs it) mean exactly what commander makes of them', async (t) => {
  t.same(await parseCliArgs([]), parseWithCommander([]));
  t.equal((await parseCliArgs([])).action, 'provision');
  t.equal((await parseCliArgs([])).cmdlineFile, '/proc/cmdline');
});

t.test('any argument goes through commander, its errors included', async (t) => {
  t.same(await parseCliArgs(['--plan', '--no-fstab']), parseWithCommander(['--plan', '--no-fstab']));
  t.equal((await parseCliArgs(['--plan'])).action, 'plan');
  await t.rejects(parseCliArgs(['--frobnicate']), {
    code: 'USAGE',
    message: /unknown option '--frobnicate'/,
  });
});
