// A real apt against a tiny local repository (file: URI, made here): cached, served, drifted, frozen, not Debian.
import t, { type Test } from 'tap';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGuestPackages, type EnsureGuestPackagesOptions } from './ensure-guest-packages.ts';
import { ensureImage } from '../ensure-image.ts';
import type { AptSource } from './fetch-packages.ts';
import { formatPackageLock, sha256Hex, type PackageLock } from './package-lock.ts';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Builds `zos-dummy_<version>_all.deb` with dpkg-deb and returns its bytes. */
function buildDeb(work: string, version: string): Buffer {
  const dir = join(work, `pkg-${version}`);
  mkdirSync(join(dir, 'DEBIAN'), { recursive: true });
  writeFileSync(
    join(dir, 'DEBIAN/control'),
    `Package: zos-dummy\nVersion: ${version}\nArchitecture: all\nMaintainer: t <t@example.invalid>\nDescription: dummy\n`,
  );
  const deb = join(work, `zos-dummy_${version}_all.deb`);
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', dir, deb], { stdio: 'ignore' });
  return readFileSync(deb);
}

/** A `dists/trixie/main` repository serving exactly `versions`, whose Release says `Origin: <origin>`. */
function writeRepository(repo: string, work: string, versions: string[], origin = 'Debian'): void {
  rmSync(repo, { recursive: true, force: true });
  const binary = join(repo, 'dists/trixie/main/binary-amd64');
  mkdirSync(join(repo, 'pool'), { recursive: true });
  mkdirSync(binary, { recursive: true });
  for (const version of versions)
    writeFileSync(join(repo, 'pool', `zos-dummy_${version}_all.deb`), buildDeb(work, version));
  const packages = execFileSync('dpkg-scanpackages', ['-m', 'pool', '/dev/null'], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  writeFileSync(join(binary, 'Packages'), packages);
  writeFileSync(
    join(repo, 'dists/trixie/Release'),
    [
      `Origin: ${origin}`,
      `Label: ${origin}`,
      'Suite: trixie',
      'Codename: trixie',
      'Architectures: amd64 all',
      'Components: main',
      'SHA256:',
      ` ${sha256(packages)} ${packages.length} main/binary-amd64/Packages`,
      '',
    ].join('\n'),
  );
}

function makeLock(version: string, deb: Buffer): PackageLock {
  return {
    lock_version: 1,
    suites: ['trixie'],
    requested: ['zos-dummy'],
    packages: [
      {
        name: 'zos-dummy',
        version,
        arch: 'all',
        file: `zos-dummy_${version}_all.deb`,
        size: deb.length,
        sha256: sha256(deb),
      },
    ],
  };
}

/** The lock of 1.0-1, after which the repository moved on to serving only 1.0-2 (Debian's mirror after a point release). */
function makeStaleLock(repo: string, work: string): PackageLock {
  writeRepository(repo, work, ['1.0-1']);
  const lock = makeLock('1.0-1', readFileSync(join(repo, 'pool/zos-dummy_1.0-1_all.deb')));
  writeRepository(repo, work, ['1.0-2']);
  return lock;
}

function setUp(t: Test) {
  const dir = t.testdir({});
  const work = join(dir, 'work');
  mkdirSync(work);
  const repo = join(dir, 'repo');
  const cache = join(dir, 'cache');
  const source: AptSource = { mirror: `file:${repo}`, suites: ['trixie'], trusted: true };
  const phases: string[] = [];
  const options = (
    lock: PackageLock,
    extra: Partial<EnsureGuestPackagesOptions> = {},
  ): EnsureGuestPackagesOptions => ({
    lock,
    lockSha256: sha256Hex(formatPackageLock(lock)),
    archivesDir: join(cache, 'debs'),
    resolutionsDir: join(cache, 'lock-resolutions'),
    source: () => source,
    frozen: false,
    onPhase: (phase, detail) => phases.push(`${phase}: ${detail ?? ''}`),
    ...extra,
  });
  const offline = (): AptSource => {
    throw new Error('the mirror was asked although everything is cached');
  };
  return { dir, work, repo, cache, source, phases, options, offline };
}

t.test(
  'lock matches the archive: locked version downloaded, no re-resolution; then served from the cache',
  async (t) => {
    const { work, repo, cache, options, offline, phases } = setUp(t);
    writeRepository(repo, work, ['1.0-1']);
    const lock = makeLock('1.0-1', readFileSync(join(repo, 'pool/zos-dummy_1.0-1_all.deb')));
    const first = await ensureGuestPackages(options(lock));
    t.equal(first.drift, null);
    t.same(first.lock, lock);
    t.same(first.debs, [join(cache, 'debs/zos-dummy_1.0-1_all.deb')]);
    t.equal(sha256(readFileSync(first.debs[0] ?? '')), lock.packages[0]?.sha256);
    t.notOk(existsSync(join(cache, 'lock-resolutions')), 'nothing re-resolved');
    t.notOk(
      phases.some((p) => p.startsWith('locking')),
      'no re-resolution phase',
    );
    const second = await ensureGuestPackages(options(lock, { source: offline }));
    t.same(second, first, 'a cached lock needs no mirror at all');
  },
);

t.test(
  'locked version gone: one re-resolution, the new version used and recorded, then offline',
  async (t) => {
    const { work, repo, cache, options, offline } = setUp(t);
    const lock = makeStaleLock(repo, work);
    const result = await ensureGuestPackages(options(lock));
    t.same(result.drift, {
      mirror: `file:${repo}`,
      unavailable: ['zos-dummy=1.0-1'],
      changed: [{ name: 'zos-dummy', from: '1.0-1', to: '1.0-2' }],
      added: [],
      removed: [],
    });
    t.equal(result.lock.packages[0]?.version, '1.0-2');
    t.equal(
      result.lock.packages[0]?.sha256,
      sha256(readFileSync(join(repo, 'pool/zos-dummy_1.0-2_all.deb'))),
    );
    t.same(result.lock.requested, lock.requested, 'the same request, re-resolved');
    t.ok(existsSync(join(cache, 'debs/zos-dummy_1.0-2_all.deb')));
    t.equal(readdirSync(join(cache, 'lock-resolutions')).length, 1, 'the resolution is recorded');
    const again = await ensureGuestPackages(options(lock, { source: offline }));
    t.same(again, result, 'the recorded resolution serves the next run without the mirror, drift included');
  },
);

t.test('--frozen-lock: a gone version fails naming it, and nothing is downloaded', async (t) => {
  const { work, repo, cache, options } = setUp(t);
  const lock = makeStaleLock(repo, work);
  await t.rejects(ensureGuestPackages(options(lock, { frozen: true })), {
    code: 'LOCK_FROZEN',
    message: /no longer serves zos-dummy=1\.0-1; run \.\/scripts\/build-initramfs --update-lock/,
  });
  t.same(
    readdirSync(join(cache, 'debs')).filter((name) => name.endsWith('.deb')),
    [],
    'no package downloaded',
  );
  t.notOk(existsSync(join(cache, 'lock-resolutions')));
});

t.test('ensureImage with a frozen, stale lock writes nothing under out/image', async (t) => {
  const { dir, work, repo, cache, source } = setUp(t);
  const lock = makeStaleLock(repo, work);
  const lockPath = join(dir, 'lock.json');
  writeFileSync(lockPath, formatPackageLock(lock));
  const outDir = join(dir, 'out');
  await t.rejects(
    ensureImage({
      outDir,
      lockPath,
      cacheDir: cache,
      frozenLock: true,
      request: { packages: ['zos-dummy'], suites: ['trixie'] },
      source,
      warn: () => t.fail('no drift warning under --frozen-lock'),
    }),
    { code: 'LOCK_FROZEN', message: /zos-dummy=1\.0-1/ },
  );
  t.notOk(existsSync(join(outDir, 'image')), 'out/image was not created');
  t.equal(readFileSync(lockPath, 'utf8'), formatPackageLock(lock), 'the lock is untouched');
});

t.test('a mirror whose Release is not Debian is refused with the fix', async (t) => {
  const { work, repo, options } = setUp(t);
  writeRepository(repo, work, ['1.0-1'], 'Ubuntu');
  const lock = makeLock('1.0-1', readFileSync(join(repo, 'pool/zos-dummy_1.0-1_all.deb')));
  await t.rejects(ensureGuestPackages(options(lock)), {
    code: 'MIRROR_INVALID',
    message: /is not a Debian archive \(its trixie Release says Origin: Ubuntu\): set ZOS_DEBIAN_MIRROR/,
  });
});

t.test(
  'ensureImage with a stale lock prints exactly one drift warning (old → new, how to pin it)',
  async (t) => {
    const { dir, work, repo, cache, source } = setUp(t);
    const lock = makeStaleLock(repo, work);
    const lockPath = join(dir, 'lock.json');
    writeFileSync(lockPath, formatPackageLock(lock));
    const warnings: string[] = [];
    // The dummy package holds no kernel, so the build itself stops after the packages; the warning came first.
    await t.rejects(
      ensureImage({
        outDir: join(dir, 'out'),
        lockPath,
        cacheDir: cache,
        request: { packages: ['zos-dummy'], suites: ['trixie'] },
        source,
        warn: (message) => warnings.push(message),
      }),
      { message: /expected one kernel/ },
    );
    t.equal(warnings.length, 1);
    t.match(warnings[0], /^guest-packages\.lock\.json is stale: file:\S+ no longer serves zos-dummy=1\.0-1;/);
    t.match(warnings[0], /\n {2}zos-dummy 1\.0-1 → 1\.0-2\n/);
    t.match(warnings[0], /--update-lock and commit guest-packages\.lock\.json/);
    t.equal(readFileSync(lockPath, 'utf8'), formatPackageLock(lock), 'the committed lock is not rewritten');
  },
);
