import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listSchemaKeys, renderScenarioVocabulary, SCENARIO_TABLES } from './render-scenario-vocabulary.ts';
import { SCENARIO_KEY_DOCS, type ScenarioTableName } from './scenario-key-docs.ts';

const FILE = join(import.meta.dirname, '../../../docs/add-a-scenario.md');
const SECTION = /<!-- BEGIN scenario-vocabulary -->[\s\S]*?<!-- END scenario-vocabulary -->/;

t.test(
  'every key of every scenario table has its one-line meaning, and no meaning is of a gone key',
  async (t) => {
    for (const table of Object.keys(SCENARIO_KEY_DOCS) as ScenarioTableName[]) {
      t.ok(SCENARIO_TABLES[table]?.properties, `${table} is a table of the schema`);
      t.same(
        Object.keys(SCENARIO_KEY_DOCS[table]).sort(),
        listSchemaKeys(table).sort(),
        `${table}: the same keys`,
      );
    }
  },
);

t.test('docs/add-a-scenario.md lists what the source tables say', async (t) => {
  const doc = readFileSync(FILE, 'utf8');
  const wanted = `<!-- BEGIN scenario-vocabulary -->\n${renderScenarioVocabulary()}\n<!-- END scenario-vocabulary -->`;
  t.equal(
    SECTION.exec(doc)?.[0],
    wanted,
    'run: ZOS_UPDATE_DOCS=1 npx tap src/harness/scenario/render-scenario-vocabulary.test.ts',
  );
  if (process.env.ZOS_UPDATE_DOCS === '1') writeFileSync(FILE, doc.replace(SECTION, wanted));
});
