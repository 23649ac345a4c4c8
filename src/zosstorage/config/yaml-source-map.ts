// The source map of a parsed YAML config file: the line each value (or its nearest written ancestor) is on.
// Loaded with the YAML parser, only when there is a config file (parse-config-yaml.ts).
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { ConfigKeys, ConfigSourceMap } from './config-source-map.ts';

/** The maps a merge key (`<<: *a` or `<<: [*a, *b]`) of `map` brings in, in the order YAML gives them precedence. */
function listMergedMaps(document: Document, map: YAMLMap): YAMLMap[] {
  const sources = map.items
    // With `merge: true` the yaml package parses the key `<<` to a Scalar holding the symbol `Symbol(<<)`.
    .filter(
      (item) => isScalar(item.key) && (item.key.value === '<<' || String(item.key.value) === 'Symbol(<<)'),
    )
    .flatMap((item) => (isSeq(item.value) ? item.value.items : [item.value]));
  return sources
    .map((source) => (isAlias(source) ? source.resolve(document) : source))
    .filter((resolved): resolved is YAMLMap => isMap(resolved));
}

/** The pair for `key` in `map`: written there, or else brought in by a merge key (where its value was written). */
function findPair(document: Document, map: YAMLMap, key: string | number, depth = 0): Pair | undefined {
  const own = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  if (own !== undefined || depth > 8) return own;
  for (const merged of listMergedMaps(document, map)) {
    const pair = findPair(document, merged, key, depth + 1);
    if (pair !== undefined) return pair;
  }
  return undefined;
}

/** Offset of the node at `keys`, or of the deepest ancestor that exists. Keys point at the key, not the value. */
function findOffset(document: Document, keys: ConfigKeys): number | null {
  let node: unknown = document.contents;
  let offset: number | null = isScalar(node) || isMap(node) || isSeq(node) ? (node.range?.[0] ?? null) : null;
  for (const key of keys) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = findPair(document, node, key);
      if (pair === undefined) return offset;
      offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? offset) : offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (item === undefined || item === null) return offset;
      offset = isScalar(item) || isMap(item) || isSeq(item) ? (item.range?.[0] ?? offset) : offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

/** Source map of a parsed YAML file (`parseDocument(text, { lineCounter })`). */
export function createYamlSourceMap(
  document: Document,
  lineCounter: LineCounter,
  source: string,
): ConfigSourceMap {
  return {
    locate(keys) {
      const offset = findOffset(document, keys);
      return { source, line: offset === null ? null : lineCounter.linePos(offset).line };
    },
  };
}
