import t from 'tap';
import { join } from 'node:path';
import { readConfigFile } from './read-config-file.ts';

t.test('reads and parses a file, keeping YAML lines for later errors', async (t) => {
  const dir = t.testdir({ 'config.yaml': 'version: 1\ntopology:\n  mode: btrfs_single\n' });
  const file = await readConfigFile(join(dir, 'config.yaml'), 'cli');
  t.same(file?.raw, { version: 1, topology: { mode: 'btrfs_single' } });
  t.same(file?.sourceMap.locate(['topology', 'mode']), { source: join(dir, 'config.yaml'), line: 3 });
  t.same(file?.sourceMap.locate(['topology', 'roles', 'cache']), {
    source: join(dir, 'config.yaml'),
    line: 2,
  });
});

t.test('an empty file is an empty document (validation then asks for version)', async (t) => {
  const dir = t.testdir({ 'config.yaml': '# nothing yet\n' });
  t.same((await readConfigFile(join(dir, 'config.yaml'), 'cli'))?.raw, {});
});

t.test('missing: null for the default path, CONFIG_NOT_FOUND when named', async (t) => {
  const dir = t.testdir({});
  t.equal(await readConfigFile(join(dir, 'none.yaml'), 'default'), null);
  await t.rejects(readConfigFile(join(dir, 'none.yaml'), 'cli'), {
    code: 'CONFIG_NOT_FOUND',
    message: /none\.yaml \(named by --config\) does not exist; fix the path or drop --config$/,
  });
  await t.rejects(readConfigFile(join(dir, 'none.yaml'), 'kernel_cmdline'), {
    code: 'CONFIG_NOT_FOUND',
    message:
      /none\.yaml \(named by the kernel command line \(zosstorage\.config=\)\) does not exist; fix zosstorage\.config= in the boot entry/,
  });
});

t.test(
  'a folder or unreadable path is CONFIG_NOT_FOUND with the reason, even for the default path',
  async (t) => {
    const dir = t.testdir({ 'config.yaml': {} });
    await t.rejects(readConfigFile(join(dir, 'config.yaml'), 'default'), {
      code: 'CONFIG_NOT_FOUND',
      message: /\(the default config file\) is a directory, not a file; fix its permissions or remove it/,
    });
  },
);

t.test('YAML syntax errors are CONFIG_INVALID with file and line', async (t) => {
  const dir = t.testdir({ 'config.yaml': 'version: 1\nversion: 1\n' });
  await t.rejects(readConfigFile(join(dir, 'config.yaml'), 'cli'), {
    code: 'CONFIG_INVALID',
    message:
      /^config file \S*config\.yaml:2: YAML syntax: the key "version" is written twice in one mapping; keep one of them$/,
  });
});

t.test(
  'a key that is a map, a list, an alias or a tagged value is one config error with its line, and no Node.js warning',
  async (t) => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    t.teardown(() => process.off('warning', onWarning));
    const cases = [
      ['version: 1\n? {version: 1}\n: 2\n', 2, 'a map or a list'],
      ['version: 1\n[topology]: btrfs_single\n', 2, 'a map or a list'],
      ['version: 1\nx: &a {b: 1}\n*a : 2\n', 3, 'an alias \\(\\*name\\)'],
      ['version: 1\n!!binary  cmVwbGljYXM=: 2\n', 2, 'a tagged value \\(tag:yaml.org,2002:binary\\)'],
    ] as const;
    for (const [text, line, kind] of cases) {
      const dir = t.testdir({ 'config.yaml': text });
      await t.rejects(readConfigFile(join(dir, 'config.yaml'), 'cli'), {
        code: 'CONFIG_INVALID',
        message: new RegExp(
          `^config file \\S*config\\.yaml:${line}: YAML: a key is ${kind}, not a name; write the key as a plain name \\(\`topology:\`\\), as the config's keys are$`,
        ),
      });
    }
    await new Promise((resolve) => setImmediate(resolve));
    t.same(warnings, [], 'the yaml package never stringified a key (it warns on stderr when it does)');
  },
);
