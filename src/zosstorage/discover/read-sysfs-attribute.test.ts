import t from 'tap';
import { isMissing, readSysfsAttribute } from './read-sysfs-attribute.ts';

const errno = (code: string) => Object.assign(new Error(code), { code });

t.test('an attribute that exists but has no answer counts as absent; other errors do not', async (t) => {
  // ENXIO: usb-storage `device/vpd_pg80`; EINVAL: QEMU scsi-hd `device/wwid` (seen in the scsi-512e boot).
  for (const code of ['ENOENT', 'ENOTDIR', 'ENXIO', 'EINVAL']) t.ok(isMissing(errno(code)), code);
  for (const code of ['EACCES', 'EIO', 'EISDIR']) t.notOk(isMissing(errno(code)), code);
});

t.test('reads trimmed text; a missing file is null; a directory is an error', async (t) => {
  const dir = t.testdir({ serial: '  ZOS-1 \n', sub: {} });
  t.equal(await readSysfsAttribute(dir, 'serial'), 'ZOS-1');
  t.equal(await readSysfsAttribute(dir, 'wwid'), null);
  await t.rejects(readSysfsAttribute(dir, 'sub'), { code: 'EISDIR' });
});
