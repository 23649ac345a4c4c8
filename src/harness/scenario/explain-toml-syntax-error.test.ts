import t from 'tap';
import { parseScenarioText } from './load-scenario.ts';

/** The one problem a broken text gives (with no table header problems). */
function explain(text: string): string {
  const parsed = parseScenarioText(text, 'x.toml');
  if (parsed.ok) throw new Error(`parsed: ${text}`);
  return parsed.problems.map((p) => `${p.line}: ${p.message}; ${p.fix}`).join('\n');
}

t.test('each parser error reads in plain words with what to write', async (t) => {
  const cases: [string, string][] = [
    ['a = "x\n', '1: TOML syntax: a string is not closed (column 5): a = "x; end it with the same quote'],
    ['a = [1, 2\n', '1: TOML syntax: an array "[" is not closed: a = [1, 2; add the closing "]"'],
    ['a = { b = 1\n', 'TOML syntax: an inline table "{" is not closed'],
    ['[disks\n', '1: TOML syntax: a table header is not closed'],
    [
      'size = 16g\n',
      '1: TOML syntax: unexpected text after a value (column 10): size = 16g; quote the text: size = "16g"',
    ],
    ['a\n', '1: TOML syntax: a key without "=": a; write key = value'],
    ['a = \n', '1: TOML syntax: a key without a value: a =; write a value after "="'],
    ['a = [1 2]\n', 'TOML syntax: two items without a comma between them'],
    ['a = 1\na = 2\n', '2: TOML syntax: a key or table is defined twice'],
    ['a = 08\n', 'TOML syntax: a number with a leading zero'],
  ];
  for (const [text, expected] of cases) {
    const got = explain(text);
    t.ok(got.includes(expected), `${JSON.stringify(text)}\n  got:    ${got}\n  wanted: ${expected}`);
    t.notMatch(got, /Unterminated|Unspecified|Must be|Expected|token/, 'no parser jargon');
  }
});

t.test('a table header that names no table gets the header it most likely meant', async (t) => {
  const text = '[[disk]]\nid = "a"\n[[boots]]\nverdict = "provisioned"\n[boots.disk.a]\nunchanged = true\n';
  const parsed = parseScenarioText(`${text}[[disk]]\nid = "a"\nx = = 1\n`, 'x.toml');
  if (parsed.ok) throw new Error('parsed');
  t.same(parsed.problems.map((p) => `${p.line}: ${p.message}; ${p.fix}`).slice(0, 3), [
    '1: [[disk]] names no scenario table ("disk" is not a key); did you mean [[disks]]?',
    '5: [boots.disk.a] names no scenario table ("disk" is not a key of boots); did you mean [boots.disks]?',
    '7: [[disk]] names no scenario table ("disk" is not a key); did you mean [[disks]]?',
  ]);
});
