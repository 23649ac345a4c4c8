// One place that configures ajv for every schema (provisioner config and report, harness scenarios): all errors, strict schemas, formats.
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * A fresh ajv instance that reports every error (not just the first) and knows the standard formats.
 * Schemas are not checked against the JSON Schema meta-schema here: compiling the meta-schema cost
 * ≈1.9 s of every TCG guest boot. `create-ajv.test.ts` checks each shipped schema against it instead,
 * and strict mode still rejects unknown keywords when a schema compiles.
 */
export function createAjv(extra: Options = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    validateSchema: false,
    ...extra,
  });
  addFormats.default(ajv);
  // `fix`: what to write instead of a value the schema rejects (describe-ajv-errors.ts shows it); no validation.
  ajv.addVocabulary(['fix']);
  return ajv;
}
