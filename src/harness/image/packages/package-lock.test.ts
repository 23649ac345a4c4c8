import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUEST_PACKAGES, GUEST_SUITES } from './guest-packages.ts';
import {
  formatLockedSelections,
  formatPackageLock,
  isLockCurrent,
  parseDebFileName,
  parsePrintUris,
  validatePackageLock,
} from './package-lock.ts';
import type { PackageLock } from './package-lock.ts';

t.test('deb file names decode the epoch and keep the arch', async (t) => {
  t.same(parseDebFileName('busybox-static_1%3a1.37.0-6+b9_amd64.deb'), {
    name: 'busybox-static',
    version: '1:1.37.0-6+b9',
    arch: 'amd64',
  });
  t.throws(() => parseDebFileName('not-a-deb.txt'), /not a Debian package file name/);
});

t.test('print-uris output: any hash kind, sorted by name, noise ignored', async (t) => {
  const output = [
    "'http://m.example/pool/main/n/nodejs/nodejs_20.19.2%2bdfsg-1_amd64.deb' nodejs_20.19.2+dfsg-1_amd64.deb 123 MD5Sum:0123",
    'Reading package lists...',
    "'http://m.example/pool/main/b/bcachefs-tools/bcachefs-tools_1%3a1.13.0-1~exp1_amd64.deb' bcachefs-tools_1%3a1.13.0-1~exp1_amd64.deb 456 SHA256:abcd",
  ].join('\n');
  t.same(parsePrintUris(output), [
    {
      name: 'bcachefs-tools',
      version: '1:1.13.0-1~exp1',
      arch: 'amd64',
      file: 'bcachefs-tools_1%3a1.13.0-1~exp1_amd64.deb',
      size: 456,
    },
    {
      name: 'nodejs',
      version: '20.19.2+dfsg-1',
      arch: 'amd64',
      file: 'nodejs_20.19.2+dfsg-1_amd64.deb',
      size: 123,
    },
  ]);
});

const sample: PackageLock = {
  lock_version: 1,
  suites: ['trixie'],
  requested: ['kmod'],
  packages: [
    {
      name: 'kmod',
      version: '34.2-2',
      arch: 'amd64',
      file: 'kmod_34.2-2_amd64.deb',
      size: 1,
      sha256: 'a'.repeat(64),
    },
  ],
};

t.test('validation lists every problem with its path', async (t) => {
  t.same(validatePackageLock(sample), { ok: true, value: sample });
  const bad = validatePackageLock({
    lock_version: 2,
    suites: [],
    requested: [],
    packages: [{ name: '', size: 'x', sha256: 'zz' }],
  });
  t.equal(bad.ok, false);
  if (!bad.ok) {
    t.ok(bad.errors.includes('/lock_version: must be 1'));
    t.ok(bad.errors.includes('/packages/0/name: must be a string'));
    t.ok(bad.errors.includes('/packages/0/size: must be a number'));
    t.ok(bad.errors.includes('/packages/0/sha256: must be 64 hex digits'));
  }
  t.equal(validatePackageLock(null).ok, false);
});

t.test('selections pin exact versions; currency compares requests and suites', async (t) => {
  t.same(formatLockedSelections(sample), ['kmod=34.2-2']);
  t.ok(isLockCurrent(sample, ['kmod'], ['trixie']));
  t.notOk(isLockCurrent(sample, ['kmod', 'gdisk'], ['trixie']));
  t.notOk(isLockCurrent(sample, ['kmod'], ['trixie', 'experimental']));
  t.equal(JSON.parse(formatPackageLock(sample)).packages[0].name, 'kmod');
});

t.test(
  'the committed lock is valid, current and pins one kernel and bcachefs-tools from experimental',
  async (t) => {
    const text = readFileSync(join(import.meta.dirname, '../../../../guest-packages.lock.json'), 'utf8');
    const parsed = validatePackageLock(JSON.parse(text));
    t.equal(parsed.ok, true, parsed.ok ? '' : parsed.errors.join('\n'));
    if (!parsed.ok) return;
    t.ok(
      isLockCurrent(parsed.value, GUEST_PACKAGES, GUEST_SUITES),
      'run ./scripts/build-initramfs --update-lock',
    );
    t.equal(formatPackageLock(parsed.value), text, 'the file is in canonical form');
    const kernels = parsed.value.packages.filter((pkg) => /^linux-image-6\.12\..*-amd64$/.test(pkg.name));
    t.equal(kernels.length, 1);
    t.match(parsed.value.packages.find((pkg) => pkg.name === 'bcachefs-tools')?.version, /~exp/);
  },
);
