// Every harness command through its real script, from another folder and a symlink: help, version, bad inputs.
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './run-harness-cli.ts';

const COMMANDS = [
  'run-scenario',
  'run-scenario-group',
  'run-scenarios',
  'build-initramfs',
  'package-appliance',
  'bench',
  'doctor',
] as const;

/** Runs `scripts/<command>` with `args` in `cwd` (default `/`); returns exit code and output. */
function runScript(
  command: string,
  args: string[],
  options: { cwd?: string; script?: string; args?: string[]; env?: Record<string, string> } = {},
) {
  const result = spawnSync(options.script ?? join(REPO_ROOT, 'scripts', command), options.args ?? args, {
    cwd: options.cwd ?? '/',
    encoding: 'utf8',
    env: { ...process.env, ZOS_DEBIAN_MIRROR: 'http://zos-test.invalid/debian', ...options.env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function listRuns(): string[] {
  const runs = join(REPO_ROOT, 'out/runs');
  return existsSync(runs) ? readdirSync(runs).sort() : [];
}

t.test('--help and --version of every command, from / and through a symlink (npm bin)', async (t) => {
  const bin = t.testdir({});
  for (const command of COMMANDS) {
    const link = join(bin, command);
    symlinkSync(join(REPO_ROOT, 'scripts', command), link);
    const help = runScript(command, ['--help'], { script: link });
    t.equal(help.code, 0, `${command} --help exits 0`);
    t.match(help.stdout, new RegExp(`^Usage: ${command} `), `${command} prints its usage`);
    t.match(help.stdout, /Exit codes: 0 passed, 1 assertion_failed, 2 usage, .*130 interrupted\./);
    t.equal(help.stderr, '', `${command} --help installs nothing and says nothing else`);
    const version = runScript(command, ['--version'], { script: link });
    t.same([version.code, version.stdout], [0, '0.1.0\n'], `${command} --version`);
  }
});

t.test(
  'scripts/test: --help and --version before anything runs, as any user; an argument is a usage error',
  async (t) => {
    const help = runScript('test', ['--help'], { env: { ZOS_QUICK: '1' } });
    t.same(
      [help.code, help.stdout, help.stderr],
      [0, readFileSync(join(REPO_ROOT, 'scripts/help/test.txt'), 'utf8'), ''],
      'the committed usage, nothing else (no stage ran)',
    );
    t.same([runScript('test', ['-V']).code, runScript('test', ['-V']).stdout], [0, '0.1.0\n']);
    const bad = runScript('test', ['--quick']);
    t.same(
      [bad.code, bad.stdout, bad.stderr],
      [
        2,
        '',
        "test: unknown argument '--quick': the test command takes no arguments (ZOS_QUICK=1 for the quick suite only; --help)\n",
      ],
    );
  },
);

t.test('the committed usage of each command (shown before any install) is its --help', async (t) => {
  for (const command of COMMANDS) {
    const file = join(REPO_ROOT, 'scripts/help', `${command}.txt`);
    const help = runScript(command, ['--help']).stdout;
    if (process.env.ZOS_UPDATE_DOCS === '1') writeFileSync(file, help);
    t.equal(
      readFileSync(file, 'utf8'),
      help,
      `scripts/help/${command}.txt (ZOS_UPDATE_DOCS=1 npx tap src/harness/cli/harness-cli.test.ts)`,
    );
  }
});

t.test(
  'on a clone without node_modules, --help, --version and doctor answer and install nothing',
  async (t) => {
    const clone = t.testdir({});
    cpSync(join(REPO_ROOT, 'scripts'), join(clone, 'scripts'), { recursive: true });
    for (const file of ['package.json', 'package-lock.json'])
      cpSync(join(REPO_ROOT, file), join(clone, file));
    chmodSync(clone, 0o755);
    const asUser = (command: string, args: string[], user: string | null) =>
      runScript(command, args, {
        // Without tap's loader (NODE_OPTIONS, put back into every child tap spawns): it writes process info under
        // .tap/, which another user cannot.
        script: user === null ? join(clone, 'scripts', command) : '/usr/bin/env',
        cwd: '/',
        ...(user === null
          ? {}
          : {
              args: [
                '-u',
                'NODE_OPTIONS',
                'setpriv',
                '--reuid',
                user,
                '--regid',
                '65534',
                '--clear-groups',
                join(clone, 'scripts', command),
                ...args,
              ],
            }),
      });
    const users = process.getuid?.() === 0 ? [null, 'nobody'] : [null];
    for (const user of users)
      for (const command of COMMANDS) {
        const who = user ?? 'the owner';
        const help = asUser(command, ['--help'], user);
        t.same(
          [help.code, help.stdout, help.stderr],
          [0, readFileSync(join(REPO_ROOT, 'scripts/help', `${command}.txt`), 'utf8'), ''],
          `${command} --help as ${who}`,
        );
        const version = asUser(command, ['--version'], user);
        t.same(
          [version.code, version.stdout, version.stderr],
          [0, '0.1.0\n', ''],
          `${command} --version as ${who}`,
        );
      }
    const doctor = asUser('doctor', ['--offline'], null);
    t.equal(doctor.code, 0, 'doctor --offline exits 0 (node_modules missing is a warning)');
    t.match(doctor.stdout, /^ok {4}node: v\d+/m);
    t.match(
      doctor.stdout,
      /^warn {2}node_modules: missing in .*: the first command that does real work installs it/m,
    );
    t.match(doctor.stdout, /^ok {4}host tools: /m);
    t.match(doctor.stdout, /^ok {4}mirror: not checked \(--offline\)$/m);
    t.match(doctor.stdout, /^ready to install the rest on the first run \(1 warning\(s\)\)$/m);
    const online = asUser('doctor', [], null);
    t.match(
      online.stdout,
      /^warn {2}mirror: not checked: reading the mirror and the lock needs node_modules/m,
    );
    if (users.includes('nobody')) {
      const nobody = asUser('doctor', ['--offline'], 'nobody');
      t.match(
        nobody.stdout,
        /^FAIL {2}node_modules: missing in .*, which nobody cannot write: run npm ci there as its owner$/m,
      );
      t.equal(nobody.code, 7, 'a user who cannot install cannot run: exit 7');
    }
    t.notOk(existsSync(join(clone, 'node_modules')), 'no node_modules written');
    t.notOk(existsSync(join(clone, 'out')), 'nothing written under out/');
  },
);

/** A bad input: exit 2, one line on stderr naming the problem, nothing under out/runs. */
function checkUsageError(
  t: Test,
  command: string,
  args: string[],
  message: RegExp,
  env: Record<string, string> = {},
): void {
  const before = listRuns();
  const result = runScript(command, args, { env });
  t.equal(result.code, 2, `${command} ${args.join(' ')} exits 2`);
  t.match(result.stderr, message);
  t.notMatch(result.stderr, /\n\s+at /, 'no stack trace');
  t.notMatch(result.stderr, /\[image\]|bootstrap: installing/, 'no image build, no install');
  t.same(listRuns(), before, 'no run folder written');
}

t.test('the same bad input gives the same code and one clear line in every command', async (t) => {
  const dir = t.testdir({
    'bad.toml': '[disks\n',
    'typo-group.txt': 'single-vda\nno-such-scenario-xyz\n',
    'esm-bundle.mjs': "import { spawn } from 'node:child_process';\nexport const x = spawn;\n",
  });
  checkUsageError(
    t,
    'run-scenario',
    [join(dir, 'bad.toml')],
    /^run-scenario: \/.*bad\.toml is not a valid scenario \(1 problem; check all with run-scenario --check\):\n {2}\S*bad\.toml:1: TOML syntax: a table header is not closed: \[disks; close it: \[name\] for a table/,
  );
  checkUsageError(
    t,
    'run-scenario',
    ['no-such-scenario-xyz'],
    /^run-scenario: scenario file .*no-such-scenario-xyz\.toml cannot be read/,
  );
  checkUsageError(t, 'run-scenario', [], /^run-scenario: name at least one scenario/);
  checkUsageError(t, 'run-scenario', ['--bogus'], /unknown option '--bogus'/);
  checkUsageError(
    t,
    'run-scenario',
    ['--recheck', '/no/such/dir'],
    /^run-scenario: \/no\/such\/dir is not a scenario folder of a run/,
  );
  checkUsageError(
    t,
    'run-scenario-group',
    ['no-such-group'],
    /^run-scenario-group: no scenario group "no-such-group"/,
  );
  checkUsageError(
    t,
    'run-scenario-group',
    ['--list', join(dir, 'typo-group.txt')],
    /names scenario\(s\) without a file: no-such-scenario-xyz/,
  );
  checkUsageError(t, 'run-scenario-group', ['--json', 'smoke'], /--json goes with --list/);
  checkUsageError(t, 'run-scenario-group', [], /name at least one group/);
  checkUsageError(t, 'run-scenarios', ['--jobs', '0'], /--jobs.*use a whole number/);
  checkUsageError(t, 'build-initramfs', ['--bogus'], /unknown option '--bogus'/);
  checkUsageError(t, 'build-initramfs', ['--update-lock', '--frozen-lock'], /exclude each other/);
  for (const command of ['build-initramfs', 'package-appliance'])
    checkUsageError(
      t,
      command,
      ['--bundle', join(dir, 'esm-bundle.mjs')],
      new RegExp(`^${command}: bundle .*esm-bundle\\.mjs is an ES module, but the guest runs .* as CommonJS`),
    );
  checkUsageError(t, 'package-appliance', ['--level', '99'], /use a whole number from 1 to 19/);
  checkUsageError(t, 'run-scenarios', ['--list', '--shard', '4/3'], /--shard.*use i\/n with 1 ≤ i ≤ n/);
  checkUsageError(
    t,
    'run-scenarios',
    ['--list', '--rerun-failed', join(dir, 'bad.toml')],
    /is not the summary\.json of a run \(not JSON\)/,
  );
  checkUsageError(
    t,
    'run-scenario-group',
    ['smoke', '--exclude', '*'],
    /no scenarios in these groups after --exclude/,
  );
  checkUsageError(t, 'run-scenario', ['nomatch-*'], /^run-scenario: no scenario matches "nomatch-\*"/);
  checkUsageError(
    t,
    'bench',
    ['--only', 'nosuch'],
    /^bench: --only nosuch matches no bench section; sections: guest image build/,
  );
  checkUsageError(
    t,
    'bench',
    ['--only', 'fuzz', '--fuzz-runs', '0'],
    /^bench: --fuzz-runs 0 is not a whole number above 0 \(inputs per fuzz target, e\.g\. 2000\)/,
  );
  // Read only after the boots, checked before anything is installed or booted.
  checkUsageError(
    t,
    'run-scenario',
    ['single-vda'],
    /^run-scenario: ZOS_BCACHEFS_FSCK_MAX_TIB=lots is not a number of TiB \(0 or more\): unset it for the default of 8/,
    { ZOS_BCACHEFS_FSCK_MAX_TIB: 'lots' },
  );
});

t.test(
  '--check: every broken fixture in one run, each problem with file:line and a fix, nothing written',
  async (t) => {
    const before = listRuns();
    const broken = join(REPO_ROOT, 'fixtures/scenarios/broken');
    const elsewhere = t.testdir({});
    const result = runScript('run-scenario', ['--check', broken], { cwd: elsewhere });
    t.equal(result.code, 2, 'exit 2: problems found');
    const files = readdirSync(broken).filter((f) => f.endsWith('.toml'));
    for (const file of files) t.match(result.stdout, `${join(broken, file)}:`, `${file} is reported`);
    for (const line of result.stdout.trim().split('\n'))
      t.match(line, /^\/\S+\.toml:\d+: .+; .+$/, 'absolute path from another folder, line, problem; fix');
    t.match(
      result.stderr,
      new RegExp(`^run-scenario --check: ${files.length} scenario file\\(s\\), \\d+ problem\\(s\\)`),
    );
    t.notMatch(result.stderr, /\[image\]|bootstrap: installing/, 'no image build, no install');
    t.same(listRuns(), before, 'no run folder written');
    const clean = runScript('run-scenario', ['--check', 'single-vda', 'refuse-*']);
    t.equal(clean.code, 0, 'exit 0 for files without problems');
    t.equal(clean.stdout, '');
  },
);

t.test('--list: groups without arguments, scenarios of a group, JSON for CI', async (t) => {
  const groups = runScript('run-scenario-group', ['--list']);
  t.equal(groups.code, 0);
  t.same(
    groups.stdout.trim().split('\n'),
    readdirSync(join(REPO_ROOT, 'scenario-groups'))
      .map((f) => f.replace(/\.txt$/, ''))
      .sort(),
  );
  const json = runScript('run-scenario-group', ['--list', '--json', 'smoke']);
  t.equal(json.code, 0);
  t.same(JSON.parse(json.stdout), ['single-vda', 'refuse-gpt']);
});

t.test('--shard 1/3, 2/3, 3/3 of all cover every scenario exactly once; --exclude and globs', async (t) => {
  const all = runScript('run-scenarios', ['--list', '--json']);
  const shards = [1, 2, 3].map((i) => runScript('run-scenarios', ['--list', '--json', '--shard', `${i}/3`]));
  t.same(
    shards.map((shard) => shard.code),
    [0, 0, 0],
  );
  const names = shards.flatMap((shard) => JSON.parse(shard.stdout) as string[]);
  t.same(
    [...names].sort(),
    (JSON.parse(all.stdout) as string[]).sort(),
    'the union is all, no scenario twice',
  );
  const excluded = runScript('run-scenarios', ['--list', '--exclude', 'refuse-*', '--exclude', '*-vda']);
  t.notMatch(excluded.stdout, /^(refuse-|.*-vda$)/m);
  t.match(excluded.stdout, /^dual-nvme$/m);
});

t.test('--rerun-failed lists what did not pass, in its groups; nothing failed is exit 0', async (t) => {
  const entry = (scenario: string, verdict: string) => ({ scenario, attempt: 1, verdict });
  const dir = t.testdir({
    'failed.json': JSON.stringify({
      groups: ['all'],
      scenarios: [
        entry('dual-nvme', 'passed'),
        entry('filtering', 'assertion_failed'),
        entry('mounts-fstab', 'interrupted'),
      ],
    }),
    'passed.json': JSON.stringify({ groups: ['smoke'], scenarios: [entry('single-vda', 'passed')] }),
  });
  const rerun = runScript('run-scenario-group', ['--list', '--rerun-failed', join(dir, 'failed.json')]);
  t.same([rerun.code, rerun.stdout], [0, 'mounts-fstab\nfiltering\n'], 'in group order');
  const excluded = runScript('run-scenario-group', [
    ...['--list', '--rerun-failed', join(dir, 'failed.json'), '--exclude', 'filter*'],
  ]);
  t.same([excluded.code, excluded.stdout], [0, 'mounts-fstab\n']);
  const nothing = runScript('run-scenario-group', [
    '--list',
    '--json',
    '--rerun-failed',
    join(dir, 'passed.json'),
  ]);
  t.same([nothing.code, nothing.stdout], [0, '[]\n']);
  t.match(nothing.stderr, /^nothing failed in .*passed\.json: nothing to run$/m);
});

t.test('doctor: ready here; a missing host tool is one FAIL line and exit 7', async (t) => {
  const ready = runScript('doctor', ['--offline']);
  t.equal(ready.code, 0, ready.stdout + ready.stderr);
  t.match(ready.stdout, /^ok {4}node: v\d+/m);
  t.match(ready.stdout, /^ok {4}host tools: every tool the harness runs is installed$/m);
  t.match(ready.stdout, /^(ok {4}|warn {2})kvm: /m, 'kvm: ok without a cached probe, warn with a failed one');
  t.match(ready.stdout, /^ok {4}mirror: not checked \(--offline\)$/m);
  t.match(ready.stdout, /^ready/m);
  // A PATH with everything of /usr/bin and /bin but qemu-img.
  const bin = t.testdir({});
  for (const dir of ['/usr/bin', '/bin'])
    for (const name of readdirSync(dir))
      if (name !== 'qemu-img' && !existsSync(join(bin, name))) symlinkSync(join(dir, name), join(bin, name));
  const broken = runScript('doctor', ['--offline'], { env: { PATH: bin } });
  t.equal(broken.code, 7);
  t.match(
    broken.stdout,
    /^FAIL {2}host tools: missing packages: qemu-utils; install them with: sudo apt-get install qemu-utils/m,
  );
  t.match(broken.stdout, /^1 problem\(s\) would stop a run$/m);
  t.notMatch(broken.stderr, /\n\s+at /, 'no stack trace');
});

t.test('a group file given by path works like a named one', async (t) => {
  const dir = t.testdir({ 'mine.txt': '# two\nsingle-vda\nrefuse-gpt\n' });
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'x'), '');
  const listed = runScript('run-scenario-group', ['--list', 'mine.txt'], { cwd: dir });
  t.same([listed.code, listed.stdout], [0, 'single-vda\nrefuse-gpt\n']);
});

// Not root: the tests above already ran every command as an unprivileged user; switching users needs root.
const notRoot = process.getuid?.() !== 0;
t.test(
  '--help as an unprivileged user from / (no root, nothing installed)',
  { skip: notRoot ? 'runuser needs root' : false },
  async (t) => {
    // `env -i`: tap's process-info hook adds NODE_OPTIONS to every child it spawns; a newcomer's shell has none.
    const clean = ['env', '-i', 'PATH=/usr/local/bin:/usr/bin:/bin', 'HOME=/nonexistent'];
    const result = spawnSync(
      'runuser',
      ['-u', 'nobody', '--', ...clean, join(REPO_ROOT, 'scripts/run-scenario'), '--help'],
      { cwd: '/', encoding: 'utf8', env: { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' } },
    );
    t.equal(result.status, 0, result.stderr);
    t.match(result.stdout, /^Usage: run-scenario /);
    t.equal(result.stderr, '');
  },
);
