// Validates a parsed config document against the schema and the combination rules (pure).
import type { Config } from '../types.ts';
import { resolveTopologyAlias } from '../layout/topologies.ts';
import { checkConfigCombinations } from './check-config-combinations.ts';
import type { ConfigError } from './config-error.ts';
import { capProblems } from './config-limits.ts';
import { buildDefaultConfig, CONFIG_SCHEMA } from './config-schema.ts';
import type { ConfigKeys, ConfigSourceMap } from './config-source-map.ts';
import { compileLazily } from '../../shared/ajv/lazy-validator.ts';
import { describeAjvErrors, formatKeyPath } from '../../shared/ajv/describe-ajv-errors.ts';

/** A failure lists the first INPUT_LIMITS.problemsShown problems with their lines; `omitted` counts the rest. */
export type ConfigValidation =
  { ok: true; value: Config } | { ok: false; errors: ConfigError[]; omitted: number };

const getSchemaValidator = compileLazily(CONFIG_SCHEMA);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-merges `overlay` onto `base`: objects merge, everything else (arrays included) replaces. */
function mergeOnto(base: Record<string, unknown>, overlay: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeOnto(current, value) : value;
  }
  return merged;
}

function toConfigError(
  keys: ConfigKeys,
  message: string,
  sourceMap: ConfigSourceMap | undefined,
  fix?: string,
): ConfigError {
  const { source, line } = sourceMap?.locate(keys) ?? { source: 'config', line: null };
  return { path: formatKeyPath(keys), source, line, message, ...(fix === undefined ? {} : { fix }) };
}

/**
 * Checks `raw` (a parsed YAML/JSON document) and returns the resolved config (defaults filled in) or every
 * problem, each with its path and, given a source map, the file and line it came from.
 */
export function validateConfig(raw: unknown, sourceMap?: ConfigSourceMap): ConfigValidation {
  const validateSchema = getSchemaValidator();
  if (!validateSchema(raw)) {
    // Only the problems shown are located: finding a key's line walks its mapping.
    const problems = describeAjvErrors(validateSchema.errors, { schema: CONFIG_SCHEMA, data: raw });
    const { shown } = capProblems(problems);
    const errors = shown.map((problem) =>
      toConfigError(problem.keys, problem.message, sourceMap, problem.fix),
    );
    return { ok: false, errors, omitted: problems.length - shown.length };
  }
  const defaults = buildDefaultConfig() as unknown as Record<string, unknown>;
  const merged = mergeOnto(defaults, raw as Record<string, unknown>) as unknown as Config;
  // The zos tool's topology names run as ours (resolveConfig keeps the alias given for the report).
  const config = {
    ...merged,
    topology: { ...merged.topology, mode: resolveTopologyAlias(merged.topology.mode).mode },
  };
  const problems = checkConfigCombinations(config);
  if (problems.length > 0) {
    return {
      ok: false,
      errors: problems.map((problem) => toConfigError(problem.keys, problem.message, sourceMap)),
      omitted: 0,
    };
  }
  return { ok: true, value: config };
}
