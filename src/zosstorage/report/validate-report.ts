// Checks a parsed state report against the shipped schema (pure; the harness validates the guest's report with it).
import { compileLazily } from '../../shared/ajv/lazy-validator.ts';
import { describeAjvErrors } from '../../shared/ajv/describe-ajv-errors.ts';
import { REPORT_SCHEMA, type StateReport } from './report-schema.ts';

export type ReportValidation = { ok: true; value: StateReport } | { ok: false; errors: string[] };

const getValidator = compileLazily<StateReport>(REPORT_SCHEMA);

/** Validates `json` (already parsed) and returns every problem as `path: message`. */
export function validateReport(json: unknown): ReportValidation {
  const validate = getValidator();
  if (validate(json)) return { ok: true, value: json };
  const errors = describeAjvErrors(validate.errors).map(
    (problem) => `${problem.path === '' ? '(root)' : problem.path}: ${problem.message}`,
  );
  return { ok: false, errors };
}
