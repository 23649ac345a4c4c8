// The line of every key of a TOML document (`disks[1].serial` → 14), read from toml-eslint-parser's syntax tree.
import type { AST } from 'toml-eslint-parser';
import { parseTOML } from 'toml-eslint-parser';

export type KeyPath = readonly (string | number)[];

export interface TomlSourceMap {
  /** The line of `keys`, or of its deepest ancestor written in the file (1 for the document itself). */
  locate(keys: KeyPath): number;
}

/** The TOML version scenario files are read as (the `toml` package reads TOML 1.1 too). */
const TOML_VERSION = '1.1';

function keyNames(key: AST.TOMLKey): string[] {
  return key.keys.map((part) => (part.type === 'TOMLBare' ? part.name : part.value));
}

/** Builds the source map of `text`; throws toml-eslint-parser's ParseError on a syntax error. */
export function createTomlSourceMap(text: string): TomlSourceMap {
  const lines = new Map<string, number>();
  const record = (keys: KeyPath, line: number): void => {
    const id = JSON.stringify(keys);
    if (!lines.has(id)) lines.set(id, line);
  };
  const recordValue = (keys: KeyPath, value: AST.TOMLContentNode): void => {
    if (value.type === 'TOMLInlineTable') {
      for (const pair of value.body) recordPair(keys, pair);
    } else if (value.type === 'TOMLArray') {
      value.elements.forEach((element, i) => {
        record([...keys, i], element.loc.start.line);
        recordValue([...keys, i], element);
      });
    }
  };
  const recordPair = (base: KeyPath, pair: AST.TOMLKeyValue): void => {
    const names = keyNames(pair.key);
    names.forEach((_, i) => record([...base, ...names.slice(0, i + 1)], pair.loc.start.line));
    recordValue([...base, ...names], pair.value);
  };
  const program = parseTOML(text, { tomlVersion: TOML_VERSION });
  for (const top of program.body) {
    for (const node of top.body) {
      if (node.type === 'TOMLKeyValue') {
        recordPair([], node);
        continue;
      }
      node.resolvedKey.forEach((_, i) => record(node.resolvedKey.slice(0, i + 1), node.loc.start.line));
      for (const pair of node.body) recordPair(node.resolvedKey, pair);
    }
  }
  return {
    locate(keys) {
      for (let n = keys.length; n > 0; n -= 1) {
        const line = lines.get(JSON.stringify(keys.slice(0, n)));
        if (line !== undefined) return line;
      }
      return 1;
    },
  };
}
