// Parses config YAML text into a plain document plus a source map for line numbers (pure). Imported only where a
// config file is read (read-config-file.ts, by a dynamic import), so a run without one never loads the YAML parser.
import { LineCounter, parseDocument } from 'yaml';
import type { ConfigError } from './config-error.ts';
import type { ConfigSourceMap } from './config-source-map.ts';
import { createYamlSourceMap } from './yaml-source-map.ts';

export type ParsedConfigYaml =
  { ok: true; raw: unknown; sourceMap: ConfigSourceMap } | { ok: false; errors: ConfigError[] };

/**
 * YAML syntax errors (including duplicate keys) come back with their line; `source` names the file. Merge keys
 * (`<<: *defaults`, YAML 1.1) are resolved: keys written beside them win, as YAML says.
 */
export function parseConfigYaml(text: string, source: string): ParsedConfigYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, merge: true });
  if (document.errors.length > 0) {
    const errors = document.errors.map((error) => ({
      path: '',
      source,
      line: error.linePos?.[0].line ?? null,
      message: `YAML syntax: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
    }));
    return { ok: false, errors };
  }
  const raw: unknown = document.toJS() ?? {};
  return { ok: true, raw, sourceMap: createYamlSourceMap(document, lineCounter, source) };
}
