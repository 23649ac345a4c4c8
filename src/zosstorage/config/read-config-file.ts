// Reads the config file from disk; a missing default file is not an error, a missing named file is.
import { ZosError } from '../errors/zos-error.ts';
import { formatConfigError } from './config-error.ts';
import { capProblems, INPUT_LIMITS } from './config-limits.ts';
import { readBoundedText } from '../../shared/fs/read-bounded-text.ts';
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
/** Lines of `text` (a last line without a newline counts). */
function countLines(text: string): number {
  let lines = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
  return lines;
}

export async function readConfigFile(path: string, origin: ConfigPathOrigin): Promise<ConfigFile | null> {
  let read: ReturnType<typeof readBoundedText>;
  try {
    read = readBoundedText(path, INPUT_LIMITS.configBytes);
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
  if (read.kind === 'not-a-file') {
    const { from, fix } = FIXES[origin];
    throw new ZosError(
      'CONFIG_NOT_FOUND',
      `config file ${path} (${from}) is ${read.what}, not a file; ${fix}`,
      {
        details: { path, origin },
      },
    );
  }
  if (read.kind === 'too-large')
    throw new ZosError(
      'CONFIG_INVALID',
      `config file ${path} is ${read.bytes === null ? 'larger than' : `${read.bytes} bytes, over`} the limit of ${INPUT_LIMITS.configBytes / 1024} KiB (a config with every option is under 8 KiB): is it the right file?`,
      { details: { path, limit: INPUT_LIMITS.configBytes } },
    );
  const text = read.text;
  const lines = countLines(text);
  if (lines > INPUT_LIMITS.configLines)
    throw new ZosError(
      'CONFIG_INVALID',
      `config file ${path} has ${lines} lines, over the limit of ${INPUT_LIMITS.configLines} (a config with every option has about 100): is it the right file?`,
      { details: { path, lines, limit: INPUT_LIMITS.configLines } },
    );
  // The YAML parser loads only here: a run without a config file (the appliance's default) never compiles it.
  const { parseConfigYaml } = await import('./parse-config-yaml.ts');
  const parsed = parseConfigYaml(text, path);
  if (!parsed.ok) {
    const { shown, more } = capProblems(parsed.errors);
    const lines = [...shown.map(formatConfigError), ...(more === null ? [] : [more])];
    throw new ZosError(
      'CONFIG_INVALID',
      lines.length === 1
        ? `config file ${lines[0]}`
        : `config file ${path} is not valid YAML:\n${lines.join('\n')}`,
      { details: { path, errors: shown, problems: parsed.errors.length } },
    );
  }
  return { path, raw: parsed.raw, sourceMap: parsed.sourceMap };
}
