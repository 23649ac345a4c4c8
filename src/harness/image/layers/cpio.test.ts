import t from 'tap';
import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildCpioArchive, normalizeCpioPath, sortCpioEntries } from './cpio.ts';
import type { CpioEntry } from './cpio.ts';

const entries: CpioEntry[] = [
  { type: 'file', path: '/usr/bin/tool', mode: 0o755, data: Buffer.from('#!/bin/sh\necho hi\n') },
  { type: 'symlink', path: 'bin', target: 'usr/bin' },
  { type: 'file', path: 'etc/zosstorage/config.yaml', mode: 0o644, data: Buffer.from('version: 1\n') },
  { type: 'dir', path: 'run', mode: 0o755 },
  { type: 'file', path: 'init', mode: 0o755, data: Buffer.from('odd-length') },
];

t.test('the host cpio lists and extracts what was written', async (t) => {
  const dir = t.testdir({});
  const archive = join(dir, 'layer.cpio');
  const extract = join(dir, 'root');
  execFileSync('mkdir', [extract]);
  const bytes = buildCpioArchive(entries);
  execFileSync('sh', ['-c', `cat > ${archive}`], { input: bytes });
  const listing = execFileSync('cpio', ['-t', '--quiet', '-F', archive], { encoding: 'utf8' })
    .trim()
    .split('\n');
  t.same(listing, [
    'bin',
    'etc',
    'etc/zosstorage',
    'etc/zosstorage/config.yaml',
    'init',
    'run',
    'usr',
    'usr/bin',
    'usr/bin/tool',
  ]);
  execFileSync('cpio', ['-i', '--quiet', '-d', '-m', '-F', archive], { cwd: extract });
  t.equal(readFileSync(join(extract, 'usr/bin/tool'), 'utf8'), '#!/bin/sh\necho hi\n');
  t.equal(readFileSync(join(extract, 'init'), 'utf8'), 'odd-length');
  t.equal(statSync(join(extract, 'usr/bin/tool')).mode & 0o777, 0o755);
  t.equal(statSync(join(extract, 'etc/zosstorage/config.yaml')).mode & 0o777, 0o644);
  t.equal(readlinkSync(join(extract, 'bin')), 'usr/bin');
  t.equal(statSync(join(extract, 'init')).mtimeMs, 0, 'mtime is fixed at 0');
});

t.test('the same entries in any order give identical bytes', async (t) => {
  const a = buildCpioArchive(entries);
  const b = buildCpioArchive([...entries].reverse());
  t.ok(a.equals(b));
  t.equal(a.length % 4, 0, 'archive is 4-byte aligned');
  t.match(a.subarray(a.length - 128).toString('latin1'), /TRAILER!!!/);
  const changed = buildCpioArchive([...entries, { type: 'dir', path: 'tmp', mode: 0o1777 }]);
  t.notOk(a.equals(changed), 'a different entry set gives different bytes');
});

t.test('every header has uid/gid 0 and sequential inodes', async (t) => {
  const bytes = buildCpioArchive(entries);
  const text = bytes.toString('latin1');
  const headers = [...text.matchAll(/070701([0-9a-f]{8})([0-9a-f]{8})([0-9a-f]{8})([0-9a-f]{8})/g)];
  const inodes = headers.map((m) => parseInt(m[1] ?? '', 16));
  t.same(inodes, [1, 2, 3, 4, 5, 6, 7, 8, 9, 0]);
  t.ok(headers.every((m) => m[3] === '00000000' && m[4] === '00000000'));
});

t.test('paths are normalised, parents added, later duplicates win', async (t) => {
  t.equal(normalizeCpioPath('/usr/lib/'), 'usr/lib');
  t.equal(normalizeCpioPath('./init'), 'init');
  t.throws(() => normalizeCpioPath('../etc/passwd'), /invalid cpio path/);
  t.throws(() => normalizeCpioPath('/'), /invalid cpio path/);
  const sorted = sortCpioEntries([
    { type: 'file', path: 'a/b/c', mode: 0o644, data: Buffer.from('1') },
    { type: 'file', path: 'a/b/c', mode: 0o600, data: Buffer.from('2') },
    { type: 'file', path: 'a-b', mode: 0o644, data: Buffer.from('3') },
  ]);
  t.same(
    sorted.map((e) => e.path),
    ['a', 'a-b', 'a/b', 'a/b/c'],
  );
  const last = sorted[3];
  t.equal(last?.type === 'file' ? last.data.toString() : '', '2');
});
