// Parses config YAML text into a plain document plus a source map for line numbers (pure). Imported only where a
// config file is read (read-config-file.ts, by a dynamic import), so a run without one never loads the YAML parser.
import { isAlias, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { ConfigError } from './config-error.ts';
import { INPUT_LIMITS } from './config-limits.ts';
import type { ConfigSourceMap } from './config-source-map.ts';
import { createYamlSourceMap } from './yaml-source-map.ts';

export type ParsedConfigYaml =
  { ok: true; raw: unknown; sourceMap: ConfigSourceMap } | { ok: false; errors: ConfigError[] };

/**
 * A key written twice in one mapping, each with its line. The yaml package's own `uniqueKeys` compares every pair of
 * keys (30,000 keys took 8 s); a set per mapping does it in one pass. Merge keys (`<<`) are YAML's, not duplicates.
 * A key that is a map, a list, an alias or a tagged value (`? {a: 1}`, `[a]: 1`, `*a: 1`, `!!binary a: 1`) is refused too: config keys are names,
 * and the yaml package would turn such a key into text with a Node.js warning on stderr (found by fuzzing).
 */
function describeKeyKind(key: unknown): string {
  if (isAlias(key)) return 'an alias (*name)';
  if (isScalar(key)) return `a tagged value (${key.tag ?? 'not text'})`;
  return 'a map or a list';
}

function findKeyProblems(document: Document, lineCounter: LineCounter, source: string): ConfigError[] {
  const errors: ConfigError[] = [];
  visit(document, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        // A scalar key can be an object too: `!!binary` gives bytes.
        const keyValue = isScalar(pair.key) ? pair.key.value : null;
        if (
          pair.key !== null &&
          (!isScalar(pair.key) || (typeof keyValue === 'object' && keyValue !== null))
        ) {
          const offset = (pair.key as { range?: [number, number, number] }).range?.[0];
          errors.push({
            path: '',
            source,
            line: offset === undefined ? null : lineCounter.linePos(offset).line,
            message: `YAML: a key is ${describeKeyKind(pair.key)}, not a name`,
            fix: "write the key as a plain name (`topology:`), as the config's keys are",
          });
          continue;
        }
        if (!isScalar(pair.key)) continue;
        const key = pair.key.value;
        if (key === '<<' || String(key) === 'Symbol(<<)') continue;
        if (seen.has(key)) {
          const offset = pair.key.range?.[0];
          errors.push({
            path: '',
            source,
            line: offset === undefined ? null : lineCounter.linePos(offset).line,
            message: `YAML syntax: the key "${String(key)}" is written twice in one mapping`,
            fix: 'keep one of them',
          });
        }
        seen.add(key);
      }
    },
  });
  return errors;
}

/** How deeply `value` nests maps and lists (a scalar is 0), counted without recursion. */
function measureDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > INPUT_LIMITS.configDepth) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * YAML syntax errors (including duplicate keys) come back with their line; `source` names the file. Merge keys
 * (`<<: *defaults`, YAML 1.1) are resolved: keys written beside them win, as YAML says. Aliases expand at most
 * INPUT_LIMITS.configAliases times and documents nest at most INPUT_LIMITS.configDepth deep: beyond either the text
 * is refused with one problem, as the yaml package would otherwise throw (an alias bomb, a stack overflow).
 */
export function parseConfigYaml(text: string, source: string): ParsedConfigYaml {
  const refuse = (message: string, fix: string): ParsedConfigYaml => ({
    ok: false,
    errors: [{ path: '', source, line: null, message, fix }],
  });
  const lineCounter = new LineCounter();
  let document: Document;
  let raw: unknown;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false, merge: true });
    if (document.errors.length > 0) {
      const errors = document.errors.map((error) => ({
        path: '',
        source,
        line: error.linePos?.[0].line ?? null,
        message: `YAML syntax: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
      }));
      return { ok: false, errors };
    }
    const duplicates = findKeyProblems(document, lineCounter, source);
    if (duplicates.length > 0) return { ok: false, errors: duplicates };
    raw = document.toJS({ maxAliasCount: INPUT_LIMITS.configAliases }) ?? {};
  } catch (error) {
    if (error instanceof RangeError)
      return refuse(
        `YAML nesting too deep to read (${error.message})`,
        `a config nests 4 levels deep; the limit is ${INPUT_LIMITS.configDepth}`,
      );
    if (error instanceof ReferenceError || error instanceof TypeError)
      return refuse(
        `YAML aliases: ${error.message} (more than ${INPUT_LIMITS.configAliases} alias expansions, or an alias to nothing)`,
        'write the values out instead of repeating them by alias',
      );
    throw error;
  }
  const depth = measureDepth(raw);
  if (depth > INPUT_LIMITS.configDepth)
    return refuse(
      `the document nests ${depth} or more levels deep, over the limit of ${INPUT_LIMITS.configDepth}`,
      'a config nests 4 levels deep: is it the right file?',
    );
  return { ok: true, raw, sourceMap: createYamlSourceMap(document, lineCounter, source) };
}
