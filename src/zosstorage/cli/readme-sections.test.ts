import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseConfigYaml } from '../config/parse-config-yaml.ts';
import { validateConfig } from '../config/validate-config.ts';
import { validateReport } from '../report/validate-report.ts';
import { formatHelp } from './format-help.ts';
import {
  refreshReadme,
  renderExitCodeTable,
  renderMarkerTable,
  renderOptionTable,
  renderUsageBlock,
} from './readme-sections.ts';

const README_URL = new URL('../../../docs/provisioner.md', import.meta.url);
const README = readFileSync(README_URL, 'utf8');
const EXAMPLE = readFileSync(
  new URL('../../../fixtures/configs/valid/readme-example.yaml', import.meta.url),
  'utf8',
);

function readSection(name: string): string {
  const match = new RegExp(`<!-- SECTION:${name} -->\\n([\\s\\S]*?)<!-- /SECTION:${name} -->`).exec(README);
  if (match === null) throw new Error(`README has no ${name} section`);
  return match[1] as string;
}

const usage = readSection('provisioner-usage');
const config = readSection('provisioner-config');

t.test('the README usage block is byte-identical to --help', async (t) => {
  const block = /```text\n(Usage: zosstorage[\s\S]*?)```/.exec(usage);
  t.ok(block, 'usage block found');
  t.equal(block?.[1], formatHelp());
  t.ok(usage.includes(renderUsageBlock()));
});

t.test('the README tables are the generated ones', async (t) => {
  t.ok(usage.includes(renderExitCodeTable()), 'exit codes from EXIT_CODE_DESCRIPTIONS');
  t.ok(usage.includes(renderMarkerTable()), 'markers from MARKER_EVENTS');
  t.ok(config.includes(renderOptionTable()), 'options from the option table');
});

t.test('the README config example is the fixture, and it is valid', async (t) => {
  t.ok(config.includes(`\`\`\`yaml\n${EXAMPLE}\`\`\``));
  const parsed = parseConfigYaml(EXAMPLE, 'readme-example.yaml');
  t.equal(parsed.ok && validateConfig(parsed.raw, parsed.sourceMap).ok, true);
});

t.test('the README report example satisfies the report schema', async (t) => {
  const block = /```json\n([\s\S]*?)```/.exec(config);
  t.ok(block, 'report example found');
  t.same(validateReport(JSON.parse(block?.[1] ?? 'null')).ok, true);
});

t.test('the generated parts of the README are up to date', async (t) => {
  const refreshed = refreshReadme(README, EXAMPLE);
  // ZOS_UPDATE_README=1 npx tap src/zosstorage/cli/readme-sections.test.ts rewrites them in place.
  if (process.env.ZOS_UPDATE_README === '1' && refreshed !== README) writeFileSync(README_URL, refreshed);
  t.equal(refreshed, README, 'run ZOS_UPDATE_README=1 npx tap src/zosstorage/cli/readme-sections.test.ts');
});

t.test('refreshReadme replaces stale generated parts and keeps the prose', async (t) => {
  const stale = README.replace(formatHelp(), 'Usage: zosstorage [old]\n')
    .replace('| 6 | forceUnimplemented |', '| 6 | oldName |')
    .replace(EXAMPLE, 'version: 1\n');
  t.not(stale, README);
  t.equal(refreshReadme(stale, EXAMPLE), README);
});
