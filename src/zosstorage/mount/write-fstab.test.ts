import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { createRecordingLogger } from '../testing/test-doubles.ts';
import { FSTAB_BEGIN, FSTAB_END } from './render-fstab.ts';
import { writeFstab } from './write-fstab.ts';

const ENTRIES = ['UUID=u-a /var/cache/u-a btrfs compress=zstd:1 0 0'];

t.test('creates the file (and its folder) under root with the block and a FSTAB marker', async (t) => {
  const root = t.testdir({});
  const logger = createRecordingLogger();
  await writeFstab({ path: '/etc/fstab', entries: ENTRIES, root, logger });
  t.equal(
    readFileSync(path.join(root, 'etc/fstab'), 'utf8'),
    `${FSTAB_BEGIN}\n${ENTRIES[0]}\n${FSTAB_END}\n`,
  );
  t.same(logger.markers, ['ZOSSTORAGE:FSTAB path=/etc/fstab entries=1 changed=true']);
});

t.test('keeps existing lines; a second run leaves the file untouched', async (t) => {
  const root = t.testdir({ etc: { fstab: 'proc /proc proc defaults 0 0\n' } });
  const file = path.join(root, 'etc/fstab');
  const logger = createRecordingLogger();
  await writeFstab({ path: '/etc/fstab', entries: ENTRIES, root, logger });
  const first = readFileSync(file, 'utf8');
  t.match(first, /^proc \/proc proc defaults 0 0\n# BEGIN zosstorage/);
  const inode = statSync(file).ino;
  await writeFstab({ path: '/etc/fstab', entries: ENTRIES, root, logger });
  t.equal(readFileSync(file, 'utf8'), first);
  t.equal(statSync(file).ino, inode, 'not rewritten');
  t.equal(logger.markers[1], 'ZOSSTORAGE:FSTAB path=/etc/fstab entries=1 changed=false');
});
