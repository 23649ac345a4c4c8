import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { formatHelp } from './format-help.ts';
import { runCli } from './run-cli.ts';
import { provisionerBuildOptions } from '../../../scripts/bundle-options.mjs';
import { CONFIG_SCHEMA } from '../config/config-schema.ts';
import { hostPlanArgs } from '../testing/host-plan-args.ts';
import { REPORT_SCHEMA } from '../report/report-schema.ts';

// Bundles main.ts like scripts/bundle.mjs, into a folder outside the repository (no node_modules to
// fall back on), then runs it with a bare `node` the way the initramfs and `--plan` users do.
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'zosstorage-bundle-'));
t.teardown(() => rmSync(scratch, { recursive: true, force: true }));
const bundle = join(scratch, 'zosstorage.cjs');
await build({
  ...provisionerBuildOptions({ outfile: bundle, version: '7.7.7-test', shebang: false }),
  logLevel: 'error',
});

function runBundle(args: string[]) {
  const result = spawnSync(process.execPath, [bundle, ...args], { cwd: scratch, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Sparse all-zero device files sized like the fixture's disks. */
function makeFakeDevs(fixture: string): string {
  const devRoot = join(scratch, `dev-${fixture}`);
  execFileSync(
    process.execPath,
    [join(REPO, 'scripts/make-fake-devs.mjs'), join(REPO, 'fixtures/sysfs', fixture), devRoot],
    {
      stdio: 'ignore',
    },
  );
  return devRoot;
}

function plan(fixture: string, extra: string[] = []) {
  const devRoot = makeFakeDevs(fixture);
  const result = runBundle(hostPlanArgs(join(REPO, 'fixtures/sysfs', fixture), devRoot, extra));
  const output = result.code === 0 ? (JSON.parse(result.stdout) as PlanOutput) : null;
  return { ...result, output, devRoot };
}

interface PlanOutput {
  status: string;
  plan: {
    topology: string;
    disks: { device: { name: string }; role: string; partitions: { name: string }[] }[];
    filesystems: { kind: string; label: string; members: string[] }[];
  };
  commands: string[][];
}

function summarize(output: PlanOutput | null) {
  if (output === null) return null;
  return {
    topology: output.plan.topology,
    disks: output.plan.disks.map((disk) => `${disk.device.name}:${disk.role}`),
    filesystems: output.plan.filesystems.map((fs) => `${fs.kind}/${fs.label}/${fs.members.length}`),
  };
}

t.test('the bundle prints help and the baked-in version, nothing else on stdout', async (t) => {
  t.same(runBundle(['--help']), { code: 0, stdout: formatHelp(), stderr: '' });
  t.same(runBundle(['--version']), { code: 0, stdout: '7.7.7-test\n', stderr: '' });
});

type Expected = ReturnType<typeof summarize> | { exit: number; stderr: RegExp };

/** What --plan must print (or how it must fail) for each fixture tree. */
const EXPECTED_PLANS: Record<string, Expected> = {
  'one-virtio': {
    topology: 'btrfs_single',
    disks: ['vda:data'],
    filesystems: ['vfat/ZOSBOOT/1', 'btrfs/ZOSDATA/1'],
  },
  'two-nvme': {
    topology: 'btrfs_independent',
    disks: ['nvme0n1:data', 'nvme1n1:data'],
    filesystems: ['vfat/ZOSBOOT/1', 'vfat/ZOSBOOT/1', 'btrfs/ZOSDATA/1', 'btrfs/ZOSDATA/1'],
  },
  'nvme-plus-sata-hdd': {
    topology: 'bcachefs_cached',
    disks: ['nvme0n1:cache', 'sda:backing'],
    filesystems: ['vfat/ZOSBOOT/1', 'vfat/ZOSBOOT/1', 'bcachefs/ZOSDATA/2'],
  },
  'three-virtio': {
    topology: 'btrfs_independent',
    disks: ['vda:data', 'vdb:data', 'vdc:data'],
    filesystems: [
      'vfat/ZOSBOOT/1',
      'vfat/ZOSBOOT/1',
      'vfat/ZOSBOOT/1',
      'btrfs/ZOSDATA/1',
      'btrfs/ZOSDATA/1',
      'btrfs/ZOSDATA/1',
    ],
  },
  // Only vda and vdb survive discovery (ram/zram/loop/sr/dm/md, read-only, removable, too small dropped).
  'busy-host': {
    topology: 'btrfs_independent',
    disks: ['vda:data', 'vdb:data'],
    filesystems: ['vfat/ZOSBOOT/1', 'vfat/ZOSBOOT/1', 'btrfs/ZOSDATA/1', 'btrfs/ZOSDATA/1'],
  },
  'partitioned-disk': { exit: 4, stderr: /ZOSSTORAGE:REFUSED device=/ },
  'no-disks': { exit: 3, stderr: /ZOSSTORAGE:ERROR code=NO_ELIGIBLE_DISKS exit=3/ },
};

for (const fixture of readdirSync(join(REPO, 'fixtures/sysfs')).sort()) {
  t.test(`--plan on fixtures/sysfs/${fixture}`, async (t) => {
    const expected = EXPECTED_PLANS[fixture];
    const result = plan(fixture);
    if (expected === undefined) {
      // A fixture added after this table: it must at least end in a documented way.
      t.ok([0, 3, 4].includes(result.code ?? -1), `exit ${result.code}; add ${fixture} to EXPECTED_PLANS`);
    } else if (expected !== null && 'exit' in expected) {
      t.equal(result.code, expected.exit, result.stderr);
      t.match(result.stderr, expected.stderr);
      t.equal(result.stdout, '', 'nothing on stdout when refusing');
    } else {
      t.equal(result.code, 0, result.stderr);
      t.same(summarize(result.output), expected);
    }
  });
}

t.test('--plan honours overrides: btrfs_raid1 over three disks', async (t) => {
  t.same(summarize(plan('three-virtio', ['--topology', 'btrfs_raid1']).output), {
    topology: 'btrfs_raid1',
    disks: ['vda:data', 'vdb:data', 'vdc:data'],
    filesystems: ['vfat/ZOSBOOT/1', 'vfat/ZOSBOOT/1', 'vfat/ZOSBOOT/1', 'btrfs/ZOSDATA/3'],
  });
});

t.test('--plan writes nothing: the fake disks stay all zeros', async (t) => {
  const { output, devRoot } = plan('one-virtio');
  t.ok(output?.commands.some((argv) => argv[0] === 'sfdisk'));
  const file = join(devRoot, 'vda');
  const edge = Buffer.alloc(1024 * 1024);
  const fd = openSync(file, 'r');
  try {
    for (const offset of [0, statSync(file).size - edge.length]) {
      readSync(fd, edge, 0, edge.length, offset);
      t.ok(
        edge.every((byte) => byte === 0),
        `MiB at ${offset} is still zeros`,
      );
    }
  } finally {
    closeSync(fd);
  }
});

t.test('a config that the disks cannot satisfy exits 2 as a config error', async (t) => {
  const result = plan('one-virtio', ['--topology', 'btrfs_raid1']);
  t.equal(result.code, 2);
  t.match(result.stderr, /ZOSSTORAGE:ERROR code=CONFIG_INVALID exit=2/);
});

// Preloaded into the bundle's node: records which embedded packages get compiled (their vm filenames end in
// `#<package>`) and prints them at exit, or at the start gate's first poll (the init's start: nothing after it runs).
const HOOK = `
const vm = require('node:vm');
const fs = require('node:fs');
const compiled = [];
const original = vm.runInThisContext;
vm.runInThisContext = function (code, options) {
  const name = options && typeof options.filename === 'string' ? options.filename.split('#')[1] : undefined;
  if (name !== undefined) compiled.push(name);
  return original.apply(this, arguments);
};
let reported = false;
const report = () => { if (!reported) fs.writeSync(3, JSON.stringify(compiled)); reported = true; };
const existsSync = fs.existsSync;
fs.existsSync = function (path) {
  if (path === process.env.ZOSSTORAGE_START_GATE) { report(); process.exit(0); }
  return existsSync.apply(this, arguments);
};
process.on('exit', report);
`;

/** The embedded packages the bundle compiled for `args` (the gate variable set: up to the start gate). */
function compiledPackages(args: string[], env: Record<string, string> = {}): string[] {
  const hook = join(scratch, 'embedded-hook.cjs');
  writeFileSync(hook, HOOK);
  const result = spawnSync(process.execPath, ['--require', hook, bundle, ...args], {
    cwd: scratch,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    // A bundle that never polls the gate, or never exits, fails here instead of hanging the suite.
    timeout: 60_000,
  });
  const report = String(result.output[3] ?? '');
  if (report === '')
    throw new Error(
      `the bundle reported nothing (status ${result.status}, ${result.signal}): ${result.stderr}`,
    );
  return JSON.parse(report) as string[];
}

t.test('yaml and commander are compiled only when a run needs them', async (t) => {
  t.same(
    compiledPackages([], { ZOSSTORAGE_START_GATE: join(scratch, 'gate-never-opens') }),
    [],
    "the init's start (no arguments) reaches the start gate without either",
  );
  t.same(compiledPackages(['--version']), ['commander'], 'arguments need commander');
  const config = join(scratch, 'valid.yaml');
  writeFileSync(config, 'version: 1\n');
  t.same(
    compiledPackages(['--validate', '--config', config, '--cmdline-file', '/dev/null']),
    ['commander', 'yaml'],
    'a config file needs yaml',
  );
  const text = readFileSync(bundle, 'utf8');
  for (const name of ['yaml', 'commander'])
    t.match(text, new RegExp(`__filename \\+ ["']#${name}["']`), `${name} is carried as text`);
});

t.test(
  'the bundle is a strict CommonJS script: no import or export statement, "use strict" first',
  async (t) => {
    const text = readFileSync(bundle, 'utf8');
    t.match(text, /^'use strict';\n/, 'strict mode holds for the whole file');
    t.notMatch(text, /^(import|export)[\s{*]/m, 'node runs it without its ESM loader');
    // V8 keeps a source with any non-ASCII character as two bytes per character: twice the memory, and 0.7 MB
    // more in the startup snapshot (esbuild escapes strings, but keeps some comments as written).
    const nonAscii: string[] = [];
    for (let i = 0; i < text.length; i++)
      if (text.charCodeAt(i) > 0x7f) nonAscii.push(text.slice(Math.max(0, i - 40), i + 10));
    t.same(nonAscii, [], 'the bundle is ASCII');
  },
);

t.test(
  'the schemas ship precompiled, and every invalid config reads exactly as from the sources',
  async (t) => {
    const text = readFileSync(bundle, 'utf8');
    const registry = /PRECOMPILED_VALIDATORS = \{([^}]*)\}/.exec(text)?.[1] ?? '';
    t.match(registry, JSON.stringify(CONFIG_SCHEMA.$id));
    t.match(registry, JSON.stringify(REPORT_SCHEMA.$id));
    const withoutTimes = (output: string) => output.replace(/^\S+Z /gm, '');
    const fixtures = readdirSync(join(REPO, 'fixtures/configs/invalid')).filter((name) =>
      name.endsWith('.yaml'),
    );
    t.ok(fixtures.length >= 10);
    for (const name of fixtures) {
      const args = [
        '--validate',
        '--config',
        join(REPO, 'fixtures/configs/invalid', name),
        '--cmdline-file',
        '/dev/null',
      ];
      const bundled = runBundle(args);
      let stderr = '';
      const code = await runCli(args, {
        stdout: { write: () => true },
        stderr: { write: (chunk: string) => (stderr += chunk) },
        runner: async () => {
          throw new Error('--validate runs no command');
        },
        toolVersion: '7.7.7-test',
      });
      t.equal(bundled.code, code, `${name}: exit code`);
      t.equal(withoutTimes(bundled.stderr), withoutTimes(stderr), `${name}: the same lines`);
    }
  },
);
