import t from 'tap';
import fc from 'fast-check';
import { findClosestWord } from './find-closest-word.ts';

const KEYS = [
  'id',
  'bus',
  'controller',
  'size',
  'serial',
  'nvme_controller',
  'rotation_rate',
  'removable',
  'preseed',
];

t.test('typos find the key they meant', async (t) => {
  t.equal(findClosestWord('serail', KEYS), 'serial');
  t.equal(findClosestWord('sise', KEYS), 'size');
  t.equal(findClosestWord('Serial', KEYS), 'serial', 'case only');
  t.equal(findClosestWord('boot', ['description', 'disks', 'boots']), 'boots', 'a missing plural s');
  t.equal(findClosestWord('profile', ['data_profile', 'devices']), 'data_profile', 'a suffix of the key');
  t.equal(findClosestWord('rotation', KEYS), 'rotation_rate', 'a prefix of the key');
  t.equal(findClosestWord('mnay', ['big', 'many', 'ok']), 'many', 'two letters swapped');
  t.equal(findClosestWord('sreial', KEYS), 'serial', 'two letters swapped');
});

t.test('a word unlike every candidate has no suggestion', async (t) => {
  t.equal(findClosestWord('zzzzzz', KEYS), null);
  t.equal(findClosestWord('ab', KEYS), null, 'two letters are a different word, not a typo of "id"');
  t.equal(findClosestWord('serial', ['serial']), null, 'the word itself is not a suggestion');
});

t.test('any single-letter typo of a key of 4+ letters finds that key', async (t) => {
  const key = fc.constantFrom(...KEYS.filter((k) => k.length >= 4));
  fc.assert(
    fc.property(key, fc.nat(), fc.constantFrom('x', 'q', 'z'), (word, at, letter) => {
      const i = at % word.length;
      const typo = word.slice(0, i) + letter + word.slice(i + 1);
      if (typo === word) return;
      const found = findClosestWord(typo, KEYS);
      if (found !== word) throw new Error(`${typo}: suggested ${found}, not ${word}`);
    }),
  );
  t.pass('fast-check found no counterexample');
});
