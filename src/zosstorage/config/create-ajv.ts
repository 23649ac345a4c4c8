// One place that configures ajv for every schema of the provisioner: all errors, strict schemas, formats.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/** A fresh ajv instance that reports every error (not just the first) and knows the standard formats. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  return ajv;
}
