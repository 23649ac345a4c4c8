import t from 'tap';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFdWriter } from './fd-writer.ts';

const errno = (code: string) => Object.assign(new Error(code), { code });

t.test('writes every text whole to the descriptor, in order', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'out.txt');
  const fd = openSync(file, 'w');
  const writer = createFdWriter(fd);
  writer.write('ZOSSTORAGE:START version=0.1.0\n');
  writer.write('second line ünïcode\n');
  closeSync(fd);
  t.equal(readFileSync(file, 'utf8'), 'ZOSSTORAGE:START version=0.1.0\nsecond line ünïcode\n');
});

t.test('short writes continue and EAGAIN is tried again after a sleep', async (t) => {
  const written: string[] = [];
  const sleeps: number[] = [];
  let calls = 0;
  const writer = createFdWriter(7, {
    writeBytes: (fd, bytes) => {
      t.equal(fd, 7);
      calls += 1;
      if (calls === 2) throw errno('EAGAIN');
      const count = Math.min(3, bytes.length);
      written.push(Buffer.from(bytes.subarray(0, count)).toString());
      return count;
    },
    sleepMs: (ms) => sleeps.push(ms),
  });
  writer.write('abcdefgh');
  t.equal(written.join(''), 'abcdefgh');
  t.same(sleeps, [1]);
});

t.test('after EPIPE later texts are dropped; other errors are thrown', async (t) => {
  let calls = 0;
  const pipe = createFdWriter(2, {
    writeBytes: () => {
      calls += 1;
      throw errno('EPIPE');
    },
    sleepMs: () => t.fail('no sleep on EPIPE'),
  });
  pipe.write('one\n');
  pipe.write('two\n');
  t.equal(calls, 1, 'one attempt, then nothing');
  const broken = createFdWriter(2, {
    writeBytes: () => {
      throw errno('EIO');
    },
    sleepMs: () => undefined,
  });
  t.throws(() => broken.write('x'), { code: 'EIO' });
});
