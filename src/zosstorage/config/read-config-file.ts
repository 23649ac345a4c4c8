// Reads the config file from disk; a missing default file is not an error, a missing named file is.
import { readFileSync } from 'node:fs';
import { ZosError } from '../errors/zos-error.ts';
import { formatConfigError } from './config-error.ts';
import type { ConfigSourceMap } from './config-source-map.ts';

export interface ConfigFile {
  path: string;
  raw: unknown;
  sourceMap: ConfigSourceMap;
}

/** Where the config path came from: it decides whether a missing file is an error, and what the fix is. */
export type ConfigPathOrigin = 'kernel_cmdline' | 'cli' | 'default';

const FIXES: Record<ConfigPathOrigin, { from: string; fix: string }> = {
  kernel_cmdline: {
    from: 'named by the kernel command line (zosstorage.config=)',
    fix: 'fix zosstorage.config= in the boot entry, or remove it to use the default file',
  },
  cli: { from: 'named by --config', fix: 'fix the path or drop --config' },
  default: { from: 'the default config file', fix: 'fix its permissions or remove it' },
};

/**
 * Reads and parses `path`. Returns null when the default file is missing; throws CONFIG_NOT_FOUND when a named
 * file is missing or any file cannot be read (the message says where the path came from and what to change),
 * CONFIG_INVALID on YAML syntax errors.
 */
export async function readConfigFile(path: string, origin: ConfigPathOrigin): Promise<ConfigFile | null> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && origin === 'default') return null;
    const reason = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`;
    const { from, fix } = FIXES[origin];
    throw new ZosError('CONFIG_NOT_FOUND', `config file ${path} (${from}) ${reason}; ${fix}`, {
      cause: error,
      details: { path, origin },
    });
  }
  // The YAML parser loads only here: a run without a config file (the appliance's default) never compiles it.
  const { parseConfigYaml } = await import('./parse-config-yaml.ts');
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
