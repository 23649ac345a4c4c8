import t from 'tap';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeRunner } from '../testing/test-doubles.ts';
import { CONFIG_SCHEMA } from '../config/config-schema.ts';
import { REPORT_SCHEMA } from '../report/report-schema.ts';
import { writeSparseImage } from '../testing/make-fake-disk.ts';
import { formatHelp } from './format-help.ts';
import { runCli } from './run-cli.ts';
import type { StartGateTiming } from './wait-start-gate.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

function captureStream(): { write(text: string): boolean; text(): string } {
  let text = '';
  return {
    write(chunk: string) {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

async function run(
  argv: string[],
  runner = createFakeRunner((command) => (command.argv[0] === 'blkid' ? { exitCode: 2 } : undefined)),
  extra: { startGate?: StartGateTiming } = {},
) {
  const stdout = captureStream();
  const stderr = captureStream();
  const dir = t.testdir({ 'cmdline.txt': 'console=ttyS0\n', 'mounts.txt': '' });
  const code = await runCli(['--cmdline-file', join(dir, 'cmdline.txt'), ...argv], {
    stdout,
    stderr,
    runner,
    toolVersion: '1.2.3',
    defaultConfigPath: join(dir, 'missing.yaml'),
    now: () => new Date(0),
    ...extra,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text(), runner };
}

t.test('--help prints the help on stdout only', async (t) => {
  const result = await run(['--help']);
  t.same(result, { code: 0, stdout: formatHelp(), stderr: '', runner: result.runner });
});

t.test('--version prints the version', async (t) => {
  t.match(await run(['--version']), { code: 0, stdout: '1.2.3\n', stderr: '' });
});

t.test('--print-schema prints the config or report schema as JSON', async (t) => {
  t.same(JSON.parse((await run(['--print-schema'])).stdout), CONFIG_SCHEMA);
  t.same(JSON.parse((await run(['--print-schema', 'report'])).stdout), REPORT_SCHEMA);
});

t.test(
  'at debug level the first lines say when the runtime reached the start gate and how long it waited',
  async (t) => {
    const validate = [
      '--validate',
      '--log-level',
      'debug',
      '--config',
      join(FIXTURES, 'configs/valid/full.yaml'),
    ];
    const gated = await run(validate, undefined, {
      startGate: { start: 'snapshot', readyMs: 2600, waitedMs: 480 },
    });
    t.equal(gated.code, 0);
    t.match(
      gated.stderr,
      /DEBUG runtime started node_uptime_ms=\d+ kernel_uptime_s=\S+ start=snapshot ready_ms=2600 gate_wait_ms=480/,
    );
    const plain = await run(validate);
    t.match(plain.stderr, /DEBUG runtime started /);
    t.notMatch(plain.stderr, /ready_ms=/, 'no gate, no gate fields');
  },
);

t.test('bad usage exits 2 with an ERROR marker and nothing on stdout', async (t) => {
  const result = await run(['--no-such-flag']);
  t.equal(result.code, 2);
  t.equal(result.stdout, '');
  t.match(result.stderr, /^ZOSSTORAGE:ERROR code=USAGE exit=2 message=/m);
});

t.test(
  'two actions at once: exit 2, one error line naming both, no command, nothing on stdout',
  async (t) => {
    for (const argv of [
      ['--mount-existing', '--report-current'],
      ['--report-current', '--plan'],
    ]) {
      const result = await run(argv);
      t.equal(result.code, 2, argv.join(' '));
      t.equal(result.stdout, '');
      t.same(result.runner.calls, [], 'no probe, no write');
      const errors = result.stderr.split('\n').filter((line) => / ERROR /.test(line));
      t.equal(errors.length, 1, 'one error line');
      for (const flag of argv) t.match(errors[0], flag);
      t.match(result.stderr, /^ZOSSTORAGE:ERROR code=USAGE exit=2 message=/m);
    }
  },
);

t.test('--force exits 6 after START, before any command', async (t) => {
  const result = await run(['--force']);
  t.equal(result.code, 6);
  t.same(result.runner.calls, []);
  const markers = result.stderr.split('\n').filter((line) => line.startsWith('ZOSSTORAGE:'));
  t.same(
    markers.map((line) => line.split(' ').slice(0, 3).join(' ')),
    ['ZOSSTORAGE:START version=1.2.3', 'ZOSSTORAGE:ERROR code=FORCE_UNIMPLEMENTED exit=6'],
  );
});

t.test('--validate: 0 for a valid config, 2 with every error and its line for an invalid one', async (t) => {
  const valid = await run(['--validate', '--config', join(FIXTURES, 'configs/valid/full.yaml')]);
  t.match(valid, { code: 0, stdout: '' });
  t.match(valid.stderr, /ZOSSTORAGE:CONFIG topology=auto source=config_file/);
  const invalid = await run(['--validate', '--config', join(FIXTURES, 'configs/invalid/wrong-types.yaml')]);
  t.equal(invalid.code, 2);
  t.equal(invalid.stdout, '');
  t.match(invalid.stderr, /wrong-types\.yaml:4: device_selection\.allow_removable: must be boolean/);
  t.match(invalid.stderr, /wrong-types\.yaml:5: device_selection\.min_size_gib: must be integer/);
  t.match(invalid.stderr, /wrong-types\.yaml:7: logging\.level: must be one of/);
  t.match(invalid.stderr, /ZOSSTORAGE:ERROR code=CONFIG_INVALID exit=2/);
  const missing = await run(['--validate', '--config', '/nonexistent/zos.yaml']);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /code=CONFIG_NOT_FOUND/);
});

t.test(
  '--log-format json: every stderr line is JSON, markers included (START first, ERROR last)',
  async (t) => {
    const result = await run([
      '--validate',
      '--log-format',
      'json',
      '--log-level',
      'debug',
      '--topology',
      'bogus',
    ]);
    t.equal(result.code, 2);
    const lines = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { marker?: string; fields?: Record<string, unknown>; msg?: string });
    t.ok(lines.length >= 3, 'every line parses as JSON');
    t.match(lines[0], { marker: 'START', fields: { version: '1.2.3' } });
    t.match(lines.at(-1), { marker: 'ERROR', fields: { code: 'CONFIG_INVALID', exit: 2 } });
    t.ok(lines.some((line) => /--topology: topology\.mode: must be one of/.test(line.msg ?? '')));
  },
);

t.test('the kernel command line can choose json too: START already comes as JSON', async (t) => {
  const dir = t.testdir({ 'cmdline.txt': 'console=ttyS0 zosstorage.log_format=json\n' });
  const result = await run(['--validate', '--cmdline-file', join(dir, 'cmdline.txt')]);
  t.equal(result.code, 0);
  const lines = result.stderr.trim().split('\n');
  t.same(
    lines.map((line) => (JSON.parse(line) as { marker?: string }).marker ?? 'log'),
    ['START', 'CONFIG', 'log'],
  );
});

t.test('--plan against a fixture tree prints the plan JSON and runs only probes', async (t) => {
  const dir = t.testdir({ dev: {} });
  const sysRoot = join(FIXTURES, 'sysfs/two-nvme');
  for (const name of readdirSync(join(sysRoot, 'block'))) {
    const sectors = Number(readFileSync(join(sysRoot, 'block', name, 'size'), 'utf8'));
    await writeSparseImage(join(dir, 'dev', name), sectors * 512);
  }
  const result = await run([
    '--plan',
    '--sysfs-root',
    sysRoot,
    '--dev-root',
    join(dir, 'dev'),
    '--mounts-file',
    '/dev/null',
  ]);
  t.equal(result.code, 0, result.stderr);
  const output = JSON.parse(result.stdout) as { plan: { topology: string }; commands: string[][] };
  t.equal(output.plan.topology, 'btrfs_independent');
  t.ok(
    output.commands.some((argv) => argv[0] === 'sfdisk'),
    'the commands that would run are listed',
  );
  t.same(
    result.runner.calls
      .map((command) => command.argv[0])
      .filter((program) => program !== 'blkid' && program !== 'wipefs'),
    [],
  );
});

t.test('a mountpoint in use: exit 7, one ERROR line, no write command, nothing mounted', async (t) => {
  const dir = t.testdir({
    dev: {},
    root: {},
    'config.yaml': 'version: 1\nmount:\n  scheme: explicit\n  paths: [/srv/data]\n',
  });
  const sysRoot = join(FIXTURES, 'sysfs/one-virtio');
  for (const name of readdirSync(join(sysRoot, 'block'))) {
    const sectors = Number(readFileSync(join(sysRoot, 'block', name, 'size'), 'utf8'));
    await writeSparseImage(join(dir, 'dev', name), sectors * 512);
  }
  writeFileSync(join(dir, 'mounts.txt'), `tmpfs ${join(dir, 'root/srv/data')} tmpfs rw 0 0\n`);
  const result = await run([
    ...['--config', join(dir, 'config.yaml'), '--sysfs-root', sysRoot, '--dev-root', join(dir, 'dev')],
    ...['--root', join(dir, 'root'), '--mounts-file', join(dir, 'mounts.txt')],
  ]);
  t.equal(result.code, 7);
  const errors = result.stderr.split('\n').filter((line) => line.startsWith('ZOSSTORAGE:ERROR'));
  t.equal(errors.length, 1);
  t.match(
    errors[0],
    /^ZOSSTORAGE:ERROR code=MOUNTPOINT_BUSY exit=7 message=".*srv\/data: tmpfs \(tmpfs\) is already mounted there; nothing was written/,
  );
  t.same(
    result.runner.calls.map((command) => command.argv[0]).filter((p) => p !== 'blkid' && p !== 'wipefs'),
    [],
    'only read-only probes ran',
  );
  t.notOk(existsSync(join(dir, 'root/srv/data')), 'no mountpoint folder was made');
});

t.test('an unexpected exception is an internal error, exit 1', async (t) => {
  const stderr = captureStream();
  const stdout = {
    write(): boolean {
      throw new TypeError('boom');
    },
  };
  const runner = createFakeRunner();
  const code = await runCli(['--help'], { stdout, stderr, runner, toolVersion: '1.2.3' });
  t.equal(code, 1);
  t.match(stderr.text(), /ZOSSTORAGE:ERROR code=INTERNAL exit=1 message="internal error: boom"/);
});

t.test('the report of a failed run is readable JSON', async (t) => {
  const dir = t.testdir({ root: {} });
  const result = await run([
    '--sysfs-root',
    join(FIXTURES, 'sysfs/no-disks'),
    '--root',
    join(dir, 'root'),
    '--mounts-file',
    '/dev/null',
  ]);
  t.equal(result.code, 3);
  const report = JSON.parse(readFileSync(join(dir, 'root/run/zosstorage/state.json'), 'utf8')) as {
    status: string;
  };
  t.equal(report.status, 'failed');
});

t.test('the ERROR marker carries every line of a multi-line error (all config problems)', async (t) => {
  const dir = t.testdir({
    'bad.yaml': 'version: 1\ntopology:\n  mode: raid5\nlogging:\n  level: loud\n',
  });
  const result = await run(['--validate', '--config', join(dir, 'bad.yaml')]);
  t.equal(result.code, 2);
  const marker = result.stderr.split('\n').find((line) => line.startsWith('ZOSSTORAGE:ERROR'));
  t.match(
    marker,
    /code=CONFIG_INVALID exit=2 message="invalid configuration \(2 problem\(s\)\):.*bad\.yaml:3: topology\.mode.*bad\.yaml:5: logging\.level/,
  );
});
