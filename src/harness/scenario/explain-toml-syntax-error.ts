// A TOML syntax error as a problem a person can fix: plain words, the line, the likely cause and what to write.
import { findClosestWord } from '../../shared/text/find-closest-word.ts';
import type { ScenarioProblem } from './scenario-problem.ts';

/** A JSON Schema node as far as the walk below needs it. */
interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  anyOf?: readonly SchemaNode[];
  type?: string | readonly string[];
  /** Any other keyword (enum, pattern, description…): not walked. */
  [keyword: string]: unknown;
}

/** The parser's message (toml-eslint-parser's table) → what it means and what to do. */
const PLAIN: Record<string, { message: string; fix: string }> = {
  'Unterminated string constant': {
    message: 'a string is not closed',
    fix: 'end it with the same quote on the same line (write """…""" for text over several lines)',
  },
  'Unterminated array': { message: 'an array "[" is not closed', fix: 'add the closing "]"' },
  'Unterminated inline table': {
    message: 'an inline table "{" is not closed',
    fix: 'add the closing "}" (an inline table stays on one line; write a [table] for more)',
  },
  'Unterminated table-key': {
    message: 'a table header is not closed',
    fix: 'close it: [name] for a table, [[name]] for one more item of a list',
  },
  'Must be a newline': {
    message: 'unexpected text after a value',
    fix: 'quote text values (size = "16G"); one key = value per line',
  },
  'Expected equal (=) token': { message: 'a key without "="', fix: 'write key = value' },
  'Unspecified values are invalid': {
    message: 'a key without a value',
    fix: 'write a value after "=": a "string", a number, true or false, [ … ] or { … }',
  },
  'Expected comma (,) token': {
    message: 'two items without a comma between them',
    fix: 'separate them with ","',
  },
  'Defining a key multiple times is invalid': {
    message: 'a key or table is defined twice',
    fix: 'remove one of them',
  },
  'Unexpected character': {
    message: 'a character TOML does not expect here',
    fix: 'quote text values ("16G"); keys are letters, digits, "_" and "-"',
  },
  'Unexpected token': {
    message: 'text TOML does not expect here',
    fix: 'quote text values ("16G"); keys are letters, digits, "_" and "-"',
  },
  'The key, equals sign, and value must be on the same line': {
    message: 'a key, its "=" and its value are on different lines',
    fix: 'write key = value on one line',
  },
  'No newlines are allowed between the curly braces unless they are valid within a value': {
    message: 'an inline table { … } spans several lines',
    fix: 'keep it on one line, or write it as a [table] with one key per line',
  },
  'Trailing comma is not permitted in an inline table': {
    message: 'a comma before the closing "}"',
    fix: 'remove that comma',
  },
  'Leading zeros are not allowed': {
    message: 'a number with a leading zero',
    fix: 'write it without (8, not 08)',
  },
};

interface Header {
  line: number;
  text: string;
  path: string[];
  array: boolean;
}

/** The table headers of `text` (`[[boots.filesystems]]`), by a line scan: it works when the parser gave up. */
function listHeaders(text: string): Header[] {
  return text.split('\n').flatMap((raw, i): Header[] => {
    const match = /^\s*(\[\[?)\s*([^[\]#]+?)\s*\]\]?\s*(#.*)?$/.exec(raw);
    if (!match?.[2]) return [];
    const path = match[2].split('.').map((part) => part.trim().replace(/^["']|["']$/g, ''));
    return [{ line: i + 1, text: raw.trim(), path, array: match[1] === '[[' }];
  });
}

/** The schema a table header path lands on: through `properties`, `items` and `additionalProperties`. */
function walkHeader(
  schema: SchemaNode,
  path: readonly string[],
): { unknown: string; at: string[]; known: string[] } | null {
  let node: SchemaNode | undefined = schema;
  for (const [i, part] of path.entries()) {
    if (node === undefined || node.anyOf !== undefined) return null;
    const next: SchemaNode | undefined =
      node.properties?.[part] ??
      (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
    if (next === undefined) {
      if (node.properties === undefined) return null;
      return { unknown: part, at: path.slice(0, i), known: Object.keys(node.properties) };
    }
    node = next.items ?? next;
  }
  return null;
}

/** Table headers that name no table of the schema (`[[boot]]`), with the header they most likely meant. */
function checkTableHeaders(text: string, schema: SchemaNode): ScenarioProblem[] {
  return listHeaders(text).flatMap((header): ScenarioProblem[] => {
    const found = walkHeader(schema, header.path);
    if (found === null) return [];
    const closest = findClosestWord(found.unknown, found.known);
    const open = header.array ? '[[' : '[';
    const close = header.array ? ']]' : ']';
    const meant = closest === null ? null : `${open}${[...found.at, closest].join('.')}${close}`;
    return [
      {
        keys: [],
        line: header.line,
        message: `${header.text} names no scenario table ("${found.unknown}" is not a key${found.at.length > 0 ? ` of ${found.at.join('.')}` : ''})`,
        fix: meant === null ? `the keys there are: ${found.known.join(', ')}` : `did you mean ${meant}?`,
      },
    ];
  });
}

/** For a table defined twice: the earlier header that defined it, or made it a table implicitly. */
function explainDuplicateTable(headers: readonly Header[], line: number): string | null {
  const header = headers.find((h) => h.line === line);
  if (header === undefined) return null;
  const name = header.path.join('.');
  const earlier = headers.find(
    (h) => h.line < line && (h.path.join('.') === name || h.path.join('.').startsWith(`${name}.`)),
  );
  if (earlier === undefined) return null;
  if (earlier.path.length > header.path.length)
    return `${earlier.text} on line ${earlier.line} already made "${name}" a table; a ${earlier.text} belongs after the ${header.text} it is part of: move it below line ${line}`;
  return `${earlier.text} on line ${earlier.line} already defines it; ${header.array ? 'each [[…]] header adds an item, so check the header names above' : 'merge the two or rename one'}`;
}

/**
 * `error` (toml-eslint-parser's ParseError) as problems: the error in plain words with what to write, and every
 * table header of `text` that names no table of `schema` (the usual cause of an error reported further down).
 */
export function explainTomlSyntaxError(
  text: string,
  error: { message: string; lineNumber?: number; column?: number },
  schema: SchemaNode,
): ScenarioProblem[] {
  const lines = text.split('\n');
  let line = error.lineNumber ?? 1;
  // A key whose value is on a later line: the parser stops at the value, the mistake is the key's line.
  if (error.message === 'The key, equals sign, and value must be on the same line')
    for (let back = line - 1; back >= Math.max(1, line - 3); back -= 1)
      if (/=\s*(#.*)?$/.test(lines[back - 1] ?? '')) {
        line = back;
        break;
      }
  // At the end of the text the parser points past the last line: the unfinished line is the last one written.
  while (line > 1 && (lines[line - 1] ?? '').trim() === '') line -= 1;
  const source = lines[line - 1] ?? '';
  const plain = PLAIN[error.message] ?? {
    message: error.message,
    fix: 'see the TOML syntax at https://toml.io/en/v1.0.0',
  };
  let fix = plain.fix;
  const unquoted = /^\s*([A-Za-z0-9_.-]+)\s*=\s*([^"'[{\s#][^#]*?)\s*(#.*)?$/.exec(source);
  if (error.message === 'Must be a newline' || error.message.startsWith('Unexpected')) {
    if (unquoted?.[1] && unquoted[2]) fix = `quote the text: ${unquoted[1]} = "${unquoted[2]}"`;
  }
  if (error.message === 'Defining a key multiple times is invalid')
    fix = explainDuplicateTable(listHeaders(text), line) ?? fix;
  // The parser places an unclosed string at the line's end; its opening quote is where to look.
  const opening = error.message === 'Unterminated string constant' ? source.search(/["']/) : -1;
  const at = opening >= 0 ? opening : error.column;
  const column = at === undefined || line !== error.lineNumber ? '' : ` (column ${at + 1})`;
  const problem: ScenarioProblem = {
    keys: [],
    line,
    message: `TOML syntax: ${plain.message}${column}: ${source.trim()}`,
    fix,
  };
  return [...checkTableHeaders(text, schema).filter((p) => p.line !== line), problem];
}
