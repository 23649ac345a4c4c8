// Build time: ajv standalone code for some schemas, as the ES module that replaces lazy-validator.ts in a bundle.
import standaloneCode from 'ajv/dist/standalone/index.js';
import type { AnySchemaObject } from 'ajv';
import { createAjv } from './create-ajv.ts';

/**
 * The module text: one validator per schema, kept by the schema's $id, and lazy-validator.ts's compileLazily,
 * which returns the precompiled one (a schema that was not precompiled is a build bug, said at first use).
 */
export function generatePrecompiledModule(schemas: readonly AnySchemaObject[]): string {
  const ajv = createAjv({ code: { source: true, esm: true } });
  const exports: Record<string, string> = {};
  schemas.forEach((schema, index) => {
    if (typeof schema.$id !== 'string') throw new Error(`schema ${index} has no $id to be found by`);
    ajv.addSchema(schema);
    exports[`v${index}`] = schema.$id;
  });
  const code = standaloneCode.default(ajv, exports);
  const registry = Object.entries(exports)
    .map(([name, id]) => `  ${JSON.stringify(id)}: ${name},`)
    .join('\n');
  return `${code}
const PRECOMPILED_VALIDATORS = {
${registry}
};
export function compileLazily(schema) {
  const validate = PRECOMPILED_VALIDATORS[schema.$id];
  return () => {
    if (!validate) throw new Error(\`schema \${schema.$id} was not precompiled into this bundle (precompile-schemas.ts)\`);
    return validate;
  };
}
`;
}
