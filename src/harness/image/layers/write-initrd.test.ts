import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { writeInitrd } from './write-initrd.ts';

t.test(
  'layers are concatenated, each following one starting 4-byte aligned, then the extra layer',
  async (t) => {
    const dir = t.testdir();
    writeFileSync(join(dir, 'a'), Buffer.from('12345'));
    writeFileSync(join(dir, 'b'), Buffer.from('abcd'));
    const out = join(dir, 'initrd');
    await writeInitrd([join(dir, 'a'), join(dir, 'b')], out, Buffer.from('XY'));
    t.same(readFileSync(out), Buffer.from('12345\0\0\0abcdXY'));
    await writeInitrd([join(dir, 'b'), join(dir, 'b')], out);
    t.same(
      readFileSync(out),
      Buffer.from('abcdabcd'),
      'aligned layers are copied byte for byte (the appliance)',
    );
  },
);
