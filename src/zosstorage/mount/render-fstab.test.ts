import t from 'tap';
import { makeConfig } from '../plan/plan-fixtures.ts';
import type { ReportFilesystem } from '../types.ts';
import { buildFstabEntries, FSTAB_BEGIN, FSTAB_END, mergeFstab } from './render-fstab.ts';

const FILESYSTEMS: ReportFilesystem[] = [
  { type: 'vfat', label: 'ZOSBOOT', uuid: 'AAAA-0001', members: ['/dev/vda2'], mountpoint: null },
  {
    type: 'btrfs',
    label: 'ZOSDATA',
    uuid: 'u-b',
    members: ['/dev/vda3', '/dev/vdb3'],
    mountpoint: '/var/cache/u-b',
  },
  {
    type: 'bcachefs',
    label: 'ZOSDATA',
    uuid: 'u-a',
    members: ['/dev/vdc3', '/dev/vdd3'],
    mountpoint: '/var/cache/u-a',
  },
  { type: 'btrfs', label: 'ZOSDATA', uuid: 'u-c', members: ['/dev/vde3'], mountpoint: '/data/my disk' },
];

t.test(
  'entries by UUID, sorted by mountpoint, with compression and mount.options, no device names',
  async (t) => {
    t.same(buildFstabEntries(FILESYSTEMS, makeConfig({ mount: { options: ['noatime'] } })), [
      'UUID=u-c /data/my\\040disk btrfs compress=zstd:1,noatime 0 0',
      'UUID=u-a /var/cache/u-a bcachefs noatime 0 0',
      'UUID=u-b /var/cache/u-b btrfs compress=zstd:1,noatime 0 0',
    ]);
  },
);

t.test('no options at all gives "defaults"', async (t) => {
  const config = makeConfig({ filesystem: { btrfs: { compression: null } } });
  t.same(buildFstabEntries(FILESYSTEMS.slice(0, 3), config), [
    'UUID=u-a /var/cache/u-a bcachefs defaults 0 0',
    'UUID=u-b /var/cache/u-b btrfs defaults 0 0',
  ]);
});

t.test('order does not depend on the input order', async (t) => {
  const config = makeConfig();
  t.same(buildFstabEntries([...FILESYSTEMS].reverse(), config), buildFstabEntries(FILESYSTEMS, config));
});

const ENTRIES = [
  'UUID=u-a /var/cache/u-a bcachefs defaults 0 0',
  'UUID=u-b /var/cache/u-b btrfs defaults 0 0',
];
const USER = '# /etc/fstab: static file system information.\nproc /proc proc defaults 0 0\n';

t.test('appends a marked block after the existing lines', async (t) => {
  t.equal(mergeFstab(USER, ENTRIES), `${USER}${FSTAB_BEGIN}\n${ENTRIES.join('\n')}\n${FSTAB_END}\n`);
  t.equal(mergeFstab('', ENTRIES), `${FSTAB_BEGIN}\n${ENTRIES.join('\n')}\n${FSTAB_END}\n`);
  t.equal(mergeFstab('proc /proc proc defaults 0 0', ENTRIES).split('\n')[0], 'proc /proc proc defaults 0 0');
});

t.test('merging again changes nothing (idempotent), a new run replaces the block in place', async (t) => {
  const once = mergeFstab(USER, ENTRIES);
  t.equal(mergeFstab(once, ENTRIES), once);
  const withTail = `${once}tmpfs /tmp tmpfs defaults 0 0\n`;
  const replaced = mergeFstab(withTail, [ENTRIES[0]!]);
  t.equal(replaced, `${USER}${FSTAB_BEGIN}\n${ENTRIES[0]}\n${FSTAB_END}\ntmpfs /tmp tmpfs defaults 0 0\n`);
  t.equal(replaced.split(FSTAB_BEGIN).length, 2, 'one block');
});

t.test('an entry the user already has outside the block is not repeated', async (t) => {
  const user = `${USER}UUID=u-a   /var/cache/u-a  bcachefs defaults 0 0\n`;
  t.equal(mergeFstab(user, ENTRIES), `${user}${FSTAB_BEGIN}\n${ENTRIES[1]}\n${FSTAB_END}\n`);
});

t.test('no entries removes our block and leaves the rest', async (t) => {
  t.equal(mergeFstab(mergeFstab(USER, ENTRIES), []), USER);
});

t.test('a BEGIN line without END keeps every line after it', async (t) => {
  const broken = `${USER}${FSTAB_BEGIN}\ntmpfs /tmp tmpfs defaults 0 0\n`;
  t.equal(
    mergeFstab(broken, [ENTRIES[0]!]),
    `${USER}${FSTAB_BEGIN}\n${ENTRIES[0]}\n${FSTAB_END}\ntmpfs /tmp tmpfs defaults 0 0\n`,
  );
});
