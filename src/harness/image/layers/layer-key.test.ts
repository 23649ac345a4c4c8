import t from 'tap';
import { computeLayerKey } from './layer-key.ts';

t.test('the key changes with any byte, name or order of the inputs', async (t) => {
  const base = computeLayerKey([
    { name: 'lock', data: 'a' },
    { name: 'src', data: Buffer.from('b') },
  ]);
  t.match(base, /^[0-9a-f]{64}$/);
  t.equal(
    computeLayerKey([
      { name: 'lock', data: 'a' },
      { name: 'src', data: 'b' },
    ]),
    base,
    'strings and buffers hash alike',
  );
  t.not(
    computeLayerKey([
      { name: 'lock', data: 'a' },
      { name: 'src', data: 'c' },
    ]),
    base,
  );
  t.not(
    computeLayerKey([
      { name: 'src', data: 'b' },
      { name: 'lock', data: 'a' },
    ]),
    base,
  );
  t.not(
    computeLayerKey([
      { name: 'lock', data: 'ab' },
      { name: 'src', data: '' },
    ]),
    base,
    'boundaries are part of the key',
  );
});
