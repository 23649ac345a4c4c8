// Turns ajv's error objects into `{ path, message, fix }` a person can act on (`disks[0].sise: unknown key; did you
// mean "size"?`). Fixes name the accepted values; they are richer when ajv runs with `verbose` (schema and data).
import type { ErrorObject } from 'ajv';
import { findClosestWord } from '../text/find-closest-word.ts';

export interface SchemaProblem {
  /** Dotted path into the document, `''` for the root (`topology.roles.cache[1]`). */
  path: string;
  /** The same path as a list of keys, for mapping back to a YAML node. */
  keys: (string | number)[];
  message: string;
  /** What to write instead: the key meant, the accepted values or range, the schema's description. */
  fix: string;
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

/** A value as it appears in a message: strings quoted, long values cut. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of keys',
  null: 'null',
};

function describeType(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(' or ');
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  return typeof value === 'string' ? 'text' : `a ${typeof value}`;
}

/** What the problems are about: the validated document and its schema (for values found and keys known). */
export interface ValidationSubject {
  schema?: unknown;
  data?: unknown;
}

/** The node at a JSON pointer (`/properties/disks/items`), or undefined. */
function resolvePointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const key of splitPointer(pointer)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

function describeOne(error: ErrorObject, subject: ValidationSubject): SchemaProblem {
  const keys = splitPointer(error.instancePath);
  const params = error.params as Record<string, unknown>;
  // ajv's schemaPath ends with the failing keyword: the rest is the schema node that holds it.
  const parent = (error.parentSchema ??
    resolvePointer(subject.schema, error.schemaPath.replace(/^#/, '').replace(/\/[^/]*$/, '')) ??
    {}) as { fix?: string; properties?: object };
  const found =
    'data' in error
      ? { value: error.data as unknown }
      : subject.data === undefined
        ? null
        : { value: resolvePointer(subject.data, error.instancePath) };
  const verbose = found !== null;
  // A schema's own `fix` (what to write instead) says it best.
  const writeFix = parent.fix;
  const problem = (at: (string | number)[], message: string, fix: string): SchemaProblem => ({
    keys: at,
    path: formatKeyPath(at),
    message,
    fix,
  });
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const known = Object.keys(parent.properties ?? {});
      const closest = findClosestWord(extra, known);
      const fix =
        closest !== null
          ? `did you mean "${closest}"?`
          : known.length > 0
            ? `remove it; the keys here are: ${known.join(', ')}`
            : 'remove it';
      return problem([...keys, extra], `unknown key "${extra}"`, fix);
    }
    case 'required': {
      const missing = String(params.missingProperty);
      return problem([...keys, missing], 'is required', `add "${missing}"`);
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const closest =
        verbose && typeof found?.value === 'string'
          ? findClosestWord(found?.value, (params.allowedValues as unknown[]).map(String))
          : null;
      return problem(
        keys,
        `must be one of ${allowed.join(', ')}${verbose ? ` (found ${show(found?.value)})` : ''}`,
        closest === null ? `write one of ${allowed.join(', ')}` : `did you mean "${closest}"?`,
      );
    }
    case 'const':
      return problem(
        keys,
        `must be ${JSON.stringify(params.allowedValue)}`,
        `write ${JSON.stringify(params.allowedValue)}`,
      );
    case 'type':
      return problem(
        keys,
        `must be ${[params.type].flat().join(' or ')}${verbose ? ` (found ${typeOf(found?.value)} ${show(found?.value)})` : ''}`,
        writeFix ?? `write ${describeType(params.type)}`,
      );
    case 'pattern':
      return problem(
        keys,
        `must match pattern "${String(params.pattern)}"${verbose ? ` (found ${show(found?.value)})` : ''}`,
        writeFix ?? `write a value of that form`,
      );
    default:
      return problem(
        keys,
        `${error.message ?? `fails ${error.keyword}`}${verbose && typeof found?.value !== 'object' ? ` (found ${show(found?.value)})` : ''}`,
        writeFix ?? fixFor(error.keyword, params),
      );
  }
}

/** What to write for a limit keyword (`minimum`, `maxItems`…), from its parameter. */
function fixFor(keyword: string, params: Record<string, unknown>): string {
  switch (keyword) {
    case 'minimum':
    case 'exclusiveMinimum':
      return `write a number of at least ${String(params.limit)}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `write a number of at most ${String(params.limit)}`;
    case 'minItems':
      return `give at least ${String(params.limit)} item(s)`;
    case 'maxItems':
      return `give at most ${String(params.limit)} item(s)`;
    case 'minLength':
      return 'write a value that is not empty';
    case 'maxLength':
      return `write at most ${String(params.limit)} characters`;
    case 'uniqueItems':
      return `remove the repeated item (items ${String(params.j)} and ${String(params.i)} are the same)`;
    default:
      return 'see the documentation of this key';
  }
}

/**
 * Type errors of one value from the branches of an `anyOf` as one (`must be a table or a list`), and the `anyOf`
 * error itself dropped when its branches said more.
 */
function mergeBranchErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const merged: ErrorObject[] = [];
  for (const error of errors) {
    if (
      error.keyword === 'anyOf' &&
      errors.some((e) => e !== error && e.instancePath.startsWith(error.instancePath))
    )
      continue;
    const earlier = merged.find((e) => e.keyword === 'type' && e.instancePath === error.instancePath);
    if (error.keyword === 'type' && earlier !== undefined) {
      const types = [earlier.params.type, error.params.type].flat() as string[];
      earlier.params = { type: [...new Set(types)] };
      continue;
    }
    merged.push(error.keyword === 'type' ? { ...error, params: { ...error.params } } : error);
  }
  return merged;
}

/**
 * Every ajv error as a problem, once each: `if` wrapper errors are dropped (their `then`/`else` errors say
 * it all), the branches of an `anyOf` merged, and duplicates (the same error reached twice) dropped.
 */
export function describeAjvErrors(
  errors: readonly ErrorObject[] | null | undefined,
  subject: ValidationSubject = {},
): SchemaProblem[] {
  const problems = mergeBranchErrors((errors ?? []).filter((error) => error.keyword !== 'if')).map((error) =>
    describeOne(error, subject),
  );
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
