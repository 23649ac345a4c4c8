// Build time (scripts/bundle-options.mjs): the provisioner's schemas as ajv standalone code for its bundle.
import { generatePrecompiledModule } from '../../shared/ajv/generate-standalone.ts';
import { CONFIG_SCHEMA } from '../config/config-schema.ts';
import { REPORT_SCHEMA } from '../report/report-schema.ts';

/** Every schema the provisioner validates with: the config it reads and the report it writes. */
export function generateProvisionerValidators(): string {
  return generatePrecompiledModule([CONFIG_SCHEMA, REPORT_SCHEMA]);
}
