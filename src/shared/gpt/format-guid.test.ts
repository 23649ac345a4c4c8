import t from 'tap';
import { formatGuid, encodeGuid, isZeroGuid } from './format-guid.ts';
import { findGptTypeCode } from './gpt-type-guids.ts';

t.test('mixed-endian GUID round trip', async (t) => {
  const bytes = encodeGuid('C12A7328-F81F-11D2-BA4B-00A0C93EC93B');
  t.equal(bytes.toString('hex'), '28732ac11ff8d211ba4b00a0c93ec93b');
  t.equal(formatGuid(bytes), 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b');
  t.equal(isZeroGuid(Buffer.alloc(16)), true);
  t.equal(isZeroGuid(bytes), false);
  t.throws(() => encodeGuid('nope'), /not a GUID: "nope"/);
  t.throws(() => formatGuid(Buffer.alloc(3)), /a GUID is 16 bytes, got 3/);
});

t.test('type codes', async (t) => {
  t.equal(findGptTypeCode('C12A7328-F81F-11D2-BA4B-00A0C93EC93B'), 'EF00');
  t.equal(findGptTypeCode('00000000-0000-0000-0000-000000000001'), null);
});
