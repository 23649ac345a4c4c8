import t from 'tap';
import fc from 'fast-check';
import { parseSize, readSize } from './parse-size.ts';

const UNIT = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 } as const;

t.test('sizes in every accepted form', async (t) => {
  t.equal(parseSize('40G'), 40 * 1024 ** 3);
  t.equal(parseSize('40GiB'), 40 * 1024 ** 3);
  t.equal(parseSize('512M'), 512 * 1024 ** 2);
  t.equal(parseSize('4096B'), 4096);
  t.equal(parseSize('2048s'), 2048 * 512);
  t.equal(parseSize('40G+123s'), 40 * 1024 ** 3 + 123 * 512);
  t.equal(parseSize('0'), null);
});

t.test('any whole number with a binary unit reads as that many bytes', async (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 4096 }),
      fc.constantFrom('K', 'M', 'G', 'T'),
      fc.boolean(),
      (n, unit, iB) => {
        const bytes = parseSize(`${n}${unit}${iB ? 'iB' : ''}`);
        if (bytes !== n * UNIT[unit]) throw new Error(`${n}${unit}: ${bytes}`);
      },
    ),
  );
  t.pass('fast-check found no counterexample');
});

t.test('a decimal or lower-case unit is refused with the size to write instead', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 999 }), fc.constantFrom('K', 'M', 'G', 'T'), (n, unit) => {
      const decimal = readSize(`${n}${unit}B`);
      if (decimal.ok || !decimal.fix.startsWith(`write "${n}${unit}"`))
        throw new Error(JSON.stringify(decimal));
      const lower = readSize(`${n}${unit.toLowerCase()}`);
      if (lower.ok || lower.fix !== `write "${n}${unit}"`) throw new Error(JSON.stringify(lower));
    }),
  );
  t.pass('fast-check found no counterexample');
});

t.test('anything else is no size, and the fix lists the forms', async (t) => {
  fc.assert(
    fc.property(fc.string(), (text) => {
      const reading = readSize(text);
      if (reading.ok) {
        if (!Number.isSafeInteger(reading.bytes) || reading.bytes <= 0)
          throw new Error(`${text}: ${reading.bytes}`);
        return;
      }
      if (reading.message === '' || reading.fix === '') throw new Error(`${JSON.stringify(text)}: no words`);
    }),
  );
  t.match(readSize('12 bananas'), {
    ok: false,
    message: '"12 bananas" is not a size',
    fix: /^write a whole number of bytes/,
  });
  t.match(readSize(-1), { ok: false, message: '-1 is not a size in bytes' });
  t.match(readSize('40G+'), { ok: false, message: 'in "40G+": "" is not a size' });
});
