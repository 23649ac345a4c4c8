// Every input limit: one clear error (the documented code and exit), bounded output, bounded time, nothing written.
import t, { type Test } from 'tap';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ZosError } from '../errors/zos-error.ts';
import { runCli } from '../cli/run-cli.ts';
import { createFakeRunner } from '../testing/test-doubles.ts';
import { INPUT_LIMITS } from './config-limits.ts';
import { readConfigFile } from './read-config-file.ts';
import { readKernelCmdline } from './read-kernel-cmdline.ts';
import { resolveConfig } from './resolve-config.ts';

const keysText = (count: number) =>
  ['version: 1', ...Array.from({ length: count }, (_, i) => `k${i}: 1`)].join('\n') + '\n';

/** An alias bomb ("billion laughs"): nine levels of nine aliases each. */
const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'
    .split('')
    .map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
].join('\n');

/** Runs the CLI's --validate on `config` (text); returns exit code, stderr lines, milliseconds and files written. */
async function validate(t: Test, config: string, cmdline = 'console=ttyS0\n') {
  const dir = t.testdir({ 'config.yaml': config, 'cmdline.txt': cmdline, out: {} });
  const before = readdirSync(dir).map((name) => `${name}:${statSync(join(dir, name)).mtimeMs}`);
  let stderr = '';
  const started = process.hrtime.bigint();
  const code = await runCli(
    ['--validate', '--config', join(dir, 'config.yaml'), '--cmdline-file', join(dir, 'cmdline.txt')],
    {
      stdout: { write: () => true },
      stderr: {
        write: (text: string) => {
          stderr += text;
          return true;
        },
      },
      runner: createFakeRunner(() => undefined),
      toolVersion: '1.2.3',
      defaultConfigPath: join(dir, 'missing.yaml'),
      now: () => new Date(0),
    },
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const after = readdirSync(dir).map((name) => `${name}:${statSync(join(dir, name)).mtimeMs}`);
  t.same(after, before, 'nothing written');
  const lines = stderr.split('\n').filter((line) => line !== '');
  return { code, lines, ms, error: lines.find((line) => / ERROR /.test(line)) ?? '' };
}

t.test('a 30,000-key config is refused at once, in one line, exit 2', async (t) => {
  const result = await validate(t, keysText(30_000));
  t.equal(result.code, 2);
  t.equal(result.lines.length, 3, 'START, the error, the ERROR marker');
  t.match(
    result.error,
    /config file \S+ is \d+ bytes, over the limit of 64 KiB .*: is it the right file\? code=CONFIG_INVALID$/,
  );
  t.ok(result.ms < 5000, `bounded time: ${result.ms.toFixed(0)} ms (scripts/bench --only fuzz measures it)`);
});

t.test('a config of more lines than the limit is refused in one line', async (t) => {
  const text = `version: 1\n${'#\n'.repeat(INPUT_LIMITS.configLines)}`;
  const result = await validate(t, text);
  t.equal(result.code, 2);
  t.match(
    result.error,
    /has 2001 lines, over the limit of 2000 \(a config with every option has about 100\)/,
  );
});

t.test('many problems: the first 20 with their lines, then how many more', async (t) => {
  const result = await validate(t, keysText(1_500));
  t.equal(result.code, 2);
  t.equal(result.lines.length, 3 + 21, 'START, 20 problems after the first line, the count line, the marker');
  t.match(result.lines[1], /invalid configuration \(1500 problem\(s\)\):$/);
  t.match(result.lines[2], /config\.yaml:2: k0: unknown key "k0"; remove it; the keys here are: version, /);
  t.match(result.lines.at(-2), /^… and 1480 more problem\(s\) like these \(fix the first ones/);
  t.ok(result.ms < 5000, `bounded time: ${result.ms.toFixed(0)} ms`);
});

t.test('an alias bomb is one config error, exit 2, never INTERNAL', async (t) => {
  const result = await validate(t, ALIAS_BOMB);
  t.equal(result.code, 2);
  t.equal(result.lines.length, 3);
  t.match(
    result.error,
    /config file \S+config\.yaml: YAML aliases: .*\(more than 100 alias expansions, or an alias to nothing\); write the values out/,
  );
});

t.test(
  'nesting: over the limit is refused; far over it is refused the same way (no stack overflow)',
  async (t) => {
    for (const depth of [INPUT_LIMITS.configDepth + 1, 20_000]) {
      const text = `version: 1\nx: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
      const result = await validate(t, text);
      t.equal(result.code, 2, `depth ${depth}: exit 2`);
      t.match(result.error, /nest|too deep/, `depth ${depth}: ${result.error.slice(0, 160)}`);
      t.notMatch(result.error, /INTERNAL/);
    }
  },
);

t.test('a duplicate key among thousands is found in one pass, with its line', async (t) => {
  const text = `${keysText(1_900)}k7: 2\n`;
  const result = await validate(t, text);
  t.match(
    result.error,
    /config\.yaml:1902: YAML syntax: the key "k7" is written twice in one mapping; keep one of them/,
  );
  t.ok(result.ms < 5000, `bounded time: ${result.ms.toFixed(0)} ms`);
});

t.test('devices and special files: read to the limit, or not at all', async (t) => {
  await t.rejects(readConfigFile('/dev/zero', 'cli'), {
    code: 'CONFIG_INVALID',
    message: /config file \/dev\/zero is larger than the limit of 64 KiB/,
  });
  t.same((await readConfigFile('/dev/null', 'cli'))?.raw, {}, '/dev/null is an empty config');
  const dir = t.testdir({});
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  await t.rejects(readConfigFile(join(dir, 'fifo'), 'cli'), {
    code: 'CONFIG_NOT_FOUND',
    message: /fifo \(named by --config\) is a pipe, not a file; fix the path or drop --config/,
  });
  await t.rejects(readKernelCmdline('/dev/zero'), {
    code: 'USAGE',
    message:
      'the kernel command line file /dev/zero is larger than 64 KiB (a command line is at most 4 KiB); fix --cmdline-file',
  });
  t.equal(await readKernelCmdline('/dev/null'), '', '/dev/null is an empty command line');
});

t.test(
  'kernel command line: a value over 4096 bytes, or over 256 settings, is one config error',
  async (t) => {
    const long = `zosstorage.config=/${'a'.repeat(5000)}`;
    await t.rejects(resolveConfig({ cliOverrides: {}, cmdline: long, defaultConfigPath: '/nonexistent' }), {
      code: 'CONFIG_INVALID',
      message:
        /^kernel cmdline zosstorage\.config: a value of 5001 bytes, over the limit of 4096: fix the boot entry$/,
    });
    const many = Array.from({ length: 300 }, (_, i) => `zosstorage.x${i}=1`).join(' ');
    const error = await resolveConfig({
      cliOverrides: {},
      cmdline: many,
      defaultConfigPath: '/nonexistent',
    }).catch((caught: unknown) => caught);
    t.ok(error instanceof ZosError && error.exitCode === 2, 'exit 2');
    t.match(error, { message: /has 300 zosstorage\.\* settings, over the limit of 256/ });
  },
);

t.test('unknown kernel command line names: the first 20 warned, then how many more', async (t) => {
  const cmdline = Array.from({ length: 50 }, (_, i) => `zosstorage.unknown${i}=1`).join(' ');
  const result = await validate(t, 'version: 1\n', cmdline);
  t.equal(result.code, 0);
  t.equal(result.lines.filter((line) => line.includes('unknown kernel cmdline setting ignored')).length, 20);
  t.match(result.lines.join('\n'), /more unknown kernel cmdline settings ignored count=30/);
});

t.test('the limits are documented in docs/provisioner.md', async (t) => {
  const doc = readFileSync(join(import.meta.dirname, '../../../docs/provisioner.md'), 'utf8');
  for (const value of [
    '64 KiB',
    `${INPUT_LIMITS.configLines} lines`,
    `${INPUT_LIMITS.configDepth} levels`,
    `${INPUT_LIMITS.configAliases} alias`,
    `first ${INPUT_LIMITS.problemsShown} problems`,
    `${INPUT_LIMITS.cmdlineValueBytes} bytes`,
    `${INPUT_LIMITS.cmdlineSettings} \`zosstorage.*\``,
  ])
    t.ok(doc.includes(value), `docs/provisioner.md says "${value}"`);
});
