// Builds the config file's JSON Schema (version 1) and the built-in defaults from the option table.
import type { Config } from '../types.ts';
import { SETTINGS, type JsonSchema } from './options.ts';

type ObjectSchema = {
  type: 'object';
  additionalProperties: false;
  properties: Record<string, JsonSchema>;
  required?: string[];
};

function newObjectSchema(): ObjectSchema {
  return { type: 'object', additionalProperties: false, properties: {} };
}

/** The JSON Schema every config file must satisfy (`zosstorage --print-schema config`). */
export function buildConfigSchema(): JsonSchema {
  const root = newObjectSchema();
  root.properties.version = { const: 1, description: 'config format version; must be 1' };
  root.required = ['version'];
  for (const setting of SETTINGS) {
    const keys = setting.path.split('.');
    const leaf = keys.pop() as string;
    let parent = root;
    for (const key of keys) {
      parent.properties[key] ??= newObjectSchema();
      parent = parent.properties[key] as unknown as ObjectSchema;
    }
    parent.properties[leaf] = {
      ...setting.schema,
      description: setting.description,
      default: setting.default,
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/threefoldtech/zosstorage/schemas/config-v1.json',
    title: 'zosstorage configuration',
    ...root,
  };
}

/** Sets `value` at the dotted `path` inside `target`, creating objects on the way. */
export function setAtPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/** The configuration used when no file and no override says otherwise. */
export function buildDefaultConfig(): Config {
  const config: Record<string, unknown> = { version: 1 };
  for (const setting of SETTINGS)
    setAtPath(config, setting.path.split('.'), structuredClone(setting.default));
  return config as unknown as Config;
}

export const CONFIG_SCHEMA = buildConfigSchema();
