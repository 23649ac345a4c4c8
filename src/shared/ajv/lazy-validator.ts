// A schema's validator, made on first use. From the sources (tsx, tests) ajv compiles it then; in the provisioner's
// bundle scripts/bundle-options.mjs replaces this module with ajv standalone code (generate-standalone.ts), so the
// guest neither loads ajv nor compiles a schema. Both export the same compileLazily.
import type { AnySchema, ValidateFunction } from 'ajv';
import { createAjv } from './create-ajv.ts';

/** The validator of `schema`, compiled the first time it is asked for (a run that never validates pays nothing). */
export function compileLazily<T>(schema: AnySchema): () => ValidateFunction<T> {
  let validate: ValidateFunction<T> | undefined;
  return () => (validate ??= createAjv().compile<T>(schema));
}
