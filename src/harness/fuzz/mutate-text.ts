// Text inputs for fuzzing a parser: real files changed by a few edits of the kinds that break parsers (cut, repeat,
// splice, special tokens, huge numbers, control characters), and text from nothing at all.
import fc from 'fast-check';

/** Tokens that mean something to YAML, TOML, the kernel command line or our markers. */
const TOKENS = [
  '\n',
  '\r\n',
  '\t',
  '\0',
  ' ',
  '"',
  "'",
  '"""',
  '#',
  ':',
  ': ',
  '=',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  '*a',
  '&a ',
  '<<: *a',
  '!!binary ',
  '!tag ',
  '? ',
  '|',
  '>',
  '%YAML 1.1\n',
  '---\n',
  '...\n',
  '\\',
  '\\u0000',
  '\\x00',
  '9'.repeat(400),
  '-1',
  '1e308',
  '0x',
  'nan',
  'inf',
  '~',
  'null',
  'true',
  'yes',
  'zosstorage.',
  'zosstorage.config=',
  'ZOSSTORAGE:',
  'ZOSTEST:REPORT_DATA ',
  'ZOSTEST:REPORT_BEGIN bytes=',
  '[[boots]]',
  '[[disks]]',
  'size = "',
  '\u202e',
  '\ud800',
  '💥',
  'é',
];

export type TextEdit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'splice'; at: number; from: number; length: number };

const position = fc.nat({ max: 1_000_000 });

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    text: fc.oneof(
      fc.constantFrom(...TOKENS),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: position,
    length: fc.integer({ min: 1, max: 60 }),
    times: fc.integer({ min: 2, max: 50 }),
  }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: position,
    from: position,
    length: fc.integer({ min: 1, max: 80 }),
  }),
);

/** Applies `edits` in order; positions wrap around the text's current length. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % (out.length + 1);
    if (edit.kind === 'insert') out = out.slice(0, at) + edit.text + out.slice(at);
    else if (edit.kind === 'delete') out = out.slice(0, at) + out.slice(at + edit.length);
    else if (edit.kind === 'repeat')
      out = out.slice(0, at) + out.slice(at, at + edit.length).repeat(edit.times) + out.slice(at);
    else {
      const from = out.length === 0 ? 0 : edit.from % out.length;
      out = out.slice(0, at) + out.slice(from, from + edit.length) + out.slice(at);
    }
  }
  return out;
}

/** A seed text with 1 to 6 edits (three in four inputs), or text from nothing. */
export function mutatedText(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...seeds), fc.array(textEdit, { minLength: 1, maxLength: 6 }))
        .map(([seed, edits]) => applyTextEdits(seed, edits)),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 })),
    },
  );
}
