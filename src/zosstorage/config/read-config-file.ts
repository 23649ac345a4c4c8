// Reads the config file from disk; a missing default file is not an error, a missing named file is.
import { readFile } from 'node:fs/promises';
import { ZosError } from '../errors/zos-error.ts';
import { formatConfigError } from './config-error.ts';
import type { ConfigSourceMap } from './config-source-map.ts';
import { parseConfigYaml } from './parse-config-yaml.ts';

export interface ConfigFile {
  path: string;
  raw: unknown;
  sourceMap: ConfigSourceMap;
}

/**
 * Reads and parses `path`. Returns null when the file is missing and was not asked for by name
 * (`explicit` false); throws CONFIG_NOT_FOUND when it was, CONFIG_INVALID on YAML syntax errors.
 */
export async function readConfigFile(path: string, explicit: boolean): Promise<ConfigFile | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return null;
    const reason = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`;
    throw new ZosError('CONFIG_NOT_FOUND', `config file ${path} ${reason}; fix the path or drop --config`, {
      cause: error,
      details: { path },
    });
  }
  const parsed = parseConfigYaml(text, path);
  if (!parsed.ok) {
    throw new ZosError(
      'CONFIG_INVALID',
      `config file ${path} is not valid YAML:\n${parsed.errors.map(formatConfigError).join('\n')}`,
      {
        details: { path, errors: parsed.errors },
      },
    );
  }
  return { path, raw: parsed.raw, sourceMap: parsed.sourceMap };
}
