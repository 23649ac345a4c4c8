import t from 'tap';
import { Ajv } from 'ajv';
import { createAjv } from '../../shared/ajv/create-ajv.ts';
import { compileLazily } from '../../shared/ajv/lazy-validator.ts';
import { CONFIG_SCHEMA } from './config-schema.ts';
import { REPORT_SCHEMA } from '../report/report-schema.ts';
import { SCENARIO_SCHEMA } from '../../harness/scenario/scenario-schema.ts';

// createAjv skips the meta-schema check at run time (boot speed); this is where it happens instead.
const metaChecker = new Ajv({ strict: false });
for (const [name, schema] of Object.entries({ CONFIG_SCHEMA, REPORT_SCHEMA, SCENARIO_SCHEMA })) {
  t.test(`${name} is a valid JSON Schema`, async (t) => {
    t.equal(metaChecker.validateSchema(schema), true, JSON.stringify(metaChecker.errors));
  });
}

t.test('the meta-schema check catches a broken schema', async (t) => {
  t.equal(metaChecker.validateSchema({ type: 'object', properties: { a: { type: 'strnig' } } }), false);
});

t.test('strict mode still rejects unknown keywords at compile time', async (t) => {
  t.throws(() => createAjv().compile({ type: 'object', propertys: {} }), /unknown keyword/);
});

t.test('compileLazily compiles once, on first use', async (t) => {
  const get = compileLazily<{ a: number }>({ type: 'object', properties: { a: { type: 'number' } } });
  const first = get();
  t.equal(get(), first);
  t.equal(first({ a: 1 }), true);
  t.equal(first({ a: 'x' }), false);
});
