import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConfigError } from './config-error.ts';
import { buildDefaultConfig } from './config-schema.ts';
import { parseConfigYaml } from './parse-config-yaml.ts';
import { validateConfig } from './validate-config.ts';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/configs/', import.meta.url));

/** The same steps the CLI takes for a file: parse the YAML, then validate. */
function checkText(text: string, source: string): { ok: true } | { ok: false; errors: ConfigError[] } {
  const parsed = parseConfigYaml(text, source);
  if (!parsed.ok) return parsed;
  const result = validateConfig(parsed.raw, parsed.sourceMap);
  return result.ok ? { ok: true } : result;
}

const validFiles = readdirSync(`${FIXTURES}valid`).filter((name) => name.endsWith('.yaml'));
const invalidFiles = readdirSync(`${FIXTURES}invalid`).filter((name) => name.endsWith('.yaml'));

t.test('there are enough fixtures', async (t) => {
  t.ok(validFiles.length >= 8, `${validFiles.length} valid configs`);
  t.ok(invalidFiles.length >= 12, `${invalidFiles.length} invalid configs`);
});

for (const name of validFiles) {
  t.test(`valid/${name}`, async (t) => {
    t.same(checkText(readFileSync(`${FIXTURES}valid/${name}`, 'utf8'), name), { ok: true });
  });
}

for (const name of invalidFiles) {
  t.test(`invalid/${name} is rejected with exactly the expected errors`, async (t) => {
    const expected = JSON.parse(
      readFileSync(`${FIXTURES}invalid/${name.replace(/\.yaml$/, '.expected.json')}`, 'utf8'),
    ) as { path: string; line: number; message: string }[];
    const result = checkText(readFileSync(`${FIXTURES}invalid/${name}`, 'utf8'), name);
    t.equal(result.ok, false);
    if (result.ok) return;
    t.equal(result.errors.length, expected.length, 'error count');
    expected.forEach((want, index) => {
      const got = result.errors[index];
      t.equal(got?.path, want.path, `error ${index} path`);
      t.equal(got?.line, want.line, `error ${index} line`);
      t.equal(got?.source, name, `error ${index} source`);
      t.ok(
        got?.message.includes(want.message),
        `error ${index} message "${got?.message}" has "${want.message}"`,
      );
    });
  });
}

t.test('defaults fill every key the file leaves out', async (t) => {
  const result = validateConfig({
    version: 1,
    topology: { mode: 'btrfs_raid1' },
    mount: { options: ['noatime'] },
  });
  t.equal(result.ok, true);
  if (!result.ok) return;
  const expected = buildDefaultConfig();
  expected.topology.mode = 'btrfs_raid1';
  expected.mount.options = ['noatime'];
  t.same(result.value, expected);
});

t.test('the built-in defaults are the documented ones', async (t) => {
  const config = buildDefaultConfig();
  t.same(config.device_selection, {
    include_patterns: ['sd*', 'nvme*n*', 'vd*', 'xvd*'],
    exclude_patterns: [],
    allow_removable: false,
    min_size_gib: 10,
  });
  t.equal(config.safety.require_zeroed_edges, true);
  t.same(config.topology, { mode: 'auto', roles: { cache: [], backing: [] } });
  t.same(config.boot, { bios_boot: { enabled: true, size_mib: 1 }, esp: { size_mib: 512 } });
  t.equal(config.filesystem.bcachefs.replicas, 2);
  t.equal(config.mount.base_dir, '/var/cache');
  t.same(config.fstab, { enabled: false, path: '/etc/fstab' });
  t.equal(config.report.path, '/run/zosstorage/state.json');
  t.same(config.logging, { level: 'info', format: 'text', file: null });
});

t.test('without a source map errors still carry their path', async (t) => {
  const result = validateConfig({ version: 1, fstab: { enabled: 'yes' } });
  t.same(result, {
    ok: false,
    errors: [
      {
        path: 'fstab.enabled',
        source: 'config',
        line: null,
        message: 'must be boolean (found text "yes")',
        fix: 'write true or false',
      },
    ],
    omitted: 0,
  });
});

t.test('validation does not change its input', async (t) => {
  const raw = { version: 1, mount: { paths: [] } };
  validateConfig(raw);
  t.same(raw, { version: 1, mount: { paths: [] } });
});
