import t from 'tap';
import { buildDefaultConfig, CONFIG_SCHEMA, setAtPath } from './config-schema.ts';
import { SETTINGS } from './options.ts';
import { validateConfig } from './validate-config.ts';

/** Every object schema in the tree, with its path. */
function listObjectSchemas(
  schema: Record<string, unknown>,
  path = '(root)',
): [string, Record<string, unknown>][] {
  if (schema.type !== 'object') return [];
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  return [
    [path, schema],
    ...Object.entries(properties).flatMap(([key, child]) => listObjectSchemas(child, `${path}.${key}`)),
  ];
}

t.test('every object in the schema rejects unknown keys', async (t) => {
  const objects = listObjectSchemas(CONFIG_SCHEMA);
  t.ok(objects.length >= 10, `${objects.length} objects`);
  for (const [path, schema] of objects) t.equal(schema.additionalProperties, false, path);
});

t.test('every setting of the table is in the schema with its default and description', async (t) => {
  for (const setting of SETTINGS) {
    let node = CONFIG_SCHEMA as Record<string, unknown>;
    for (const key of setting.path.split('.'))
      node = (node.properties as Record<string, Record<string, unknown>>)[key]!;
    t.same(node.default, setting.default, setting.path);
    t.equal(node.description, setting.description, setting.path);
  }
});

t.test('the defaults satisfy the schema and the combination rules', async (t) => {
  t.same(validateConfig(buildDefaultConfig()), { ok: true, value: buildDefaultConfig() });
});

t.test('setAtPath creates the objects on its way', async (t) => {
  const target: Record<string, unknown> = { a: 1, b: 'text' };
  setAtPath(target, ['b', 'c', 'd'], 5);
  t.same(target, { a: 1, b: { c: { d: 5 } } });
});
