// Turns ajv's error objects into `{ path, message }` pairs a person can act on (`disks[0].path: must be string`).
import type { ErrorObject } from 'ajv';

export interface SchemaProblem {
  /** Dotted path into the document, `''` for the root (`topology.roles.cache[1]`). */
  path: string;
  /** The same path as a list of keys, for mapping back to a YAML node. */
  keys: (string | number)[];
  message: string;
}

/** Splits ajv's JSON pointer (`/disks/0/path`) into keys, numbers for array indices. */
function splitPointer(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Renders keys as `a.b[0].c`. */
export function formatKeyPath(keys: readonly (string | number)[]): string {
  return keys.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? key : `${text}.${key}`;
  }, '');
}

function describeOne(error: ErrorObject): SchemaProblem {
  const keys = splitPointer(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const at = [...keys, extra];
      return { keys: at, path: formatKeyPath(at), message: `unknown key "${extra}"` };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const at = [...keys, missing];
      return { keys: at, path: formatKeyPath(at), message: 'is required' };
    }
    case 'enum':
      return {
        keys,
        path: formatKeyPath(keys),
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'const':
      return { keys, path: formatKeyPath(keys), message: `must be ${JSON.stringify(params.allowedValue)}` };
    default:
      return { keys, path: formatKeyPath(keys), message: error.message ?? `fails ${error.keyword}` };
  }
}

/**
 * Every ajv error as a problem, once each: `if` wrapper errors are dropped (their `then`/`else` errors say
 * it all) and duplicates (the same type error reached through two subschemas) are merged.
 */
export function describeAjvErrors(errors: readonly ErrorObject[] | null | undefined): SchemaProblem[] {
  const problems = (errors ?? []).filter((error) => error.keyword !== 'if').map(describeOne);
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
