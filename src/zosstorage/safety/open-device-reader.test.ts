import { writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { openDeviceReader } from './open-device-reader.ts';

t.test('both readers return the bytes at an offset, shorter past the end, empty beyond it', async (t) => {
  const file = path.join(t.testdir({}), 'disk.img');
  const bytes = Buffer.alloc(3 * 4096);
  for (let index = 0; index < bytes.length; index += 1) bytes[index] = index % 251;
  writeFileSync(file, bytes);
  const reader = await openDeviceReader(file);
  t.teardown(() => reader.close());
  t.equal(reader.busy, false, 'an image file is never busy');
  for (const read of [reader.read, reader.readQueued]) {
    t.same(await read(4000, 200), bytes.subarray(4000, 4200));
    t.same(await read(3 * 4096 - 10, 4096), bytes.subarray(-10), 'a read over the end is cut short');
    t.equal((await read(5 * 4096, 4096)).length, 0, 'a read past the end is empty');
  }
  const offsets = [0, 8192, 4096, 100, 12000];
  const queued = await Promise.all(offsets.map((offset) => reader.readQueued(offset, 64)));
  t.same(
    queued,
    offsets.map((offset) => bytes.subarray(offset, Math.min(offset + 64, bytes.length))),
    'reads in flight together each get their own bytes',
  );
});

t.test('a queued read on a closed reader rejects', async (t) => {
  const file = path.join(t.testdir({ 'disk.img': 'x'.repeat(100) }), 'disk.img');
  const reader = await openDeviceReader(file);
  await reader.close();
  await t.rejects(reader.readQueued(0, 10));
});
