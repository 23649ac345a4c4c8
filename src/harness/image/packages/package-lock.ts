// The committed lock file (guest-packages.lock.json): the exact Debian package versions of the guest.
import { createHash } from 'node:crypto';

export interface LockedPackage {
  name: string;
  version: string;
  arch: string;
  /** File name in the apt archive cache, e.g. `busybox-static_1%3a1.37.0-6+b9_amd64.deb`. */
  file: string;
  size: number;
  sha256: string;
}

export interface PackageLock {
  lock_version: 1;
  suites: string[];
  requested: string[];
  packages: LockedPackage[];
}

/** Splits an apt archive file name `name_version_arch.deb` (version URL-encoded) into its parts. */
export function parseDebFileName(file: string): { name: string; version: string; arch: string } {
  const match = /^([^_]+)_([^_]+)_([^_]+)\.deb$/.exec(file);
  if (!match?.[1] || !match[2] || !match[3]) throw new Error(`not a Debian package file name: ${file}`);
  return { name: match[1], version: decodeURIComponent(match[2]), arch: match[3] };
}

/** A package apt resolved, before its downloaded file was hashed. */
export type ResolvedPackage = Omit<LockedPackage, 'sha256'>;

/** Parses `apt-get --print-uris` lines: `'uri' file size <Hash>:hex`, sorted by package name. */
export function parsePrintUris(output: string): ResolvedPackage[] {
  const packages: ResolvedPackage[] = [];
  for (const line of output.split('\n')) {
    const match = /^'([^']+)'\s+(\S+\.deb)\s+(\d+)(\s|$)/.exec(line.trim());
    if (!match?.[2] || !match[3]) continue;
    packages.push({ ...parseDebFileName(match[2]), file: match[2], size: Number(match[3]) });
  }
  return packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The `apt-get install` arguments that select exactly the locked versions. */
export function formatLockedSelections(
  lock: Pick<PackageLock, 'packages'> | { packages: ResolvedPackage[] },
): string[] {
  return lock.packages.map((pkg) => `${pkg.name}=${pkg.version}`);
}

/** Validates a parsed lock file; returns every problem at once. */
export function validatePackageLock(
  value: unknown,
): { ok: true; value: PackageLock } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const lock = value as Partial<PackageLock> | null;
  if (typeof lock !== 'object' || lock === null)
    return { ok: false, errors: ['the lock file is not a JSON object'] };
  if (lock.lock_version !== 1) errors.push('/lock_version: must be 1');
  if (!Array.isArray(lock.suites)) errors.push('/suites: must be an array of suite names');
  if (!Array.isArray(lock.requested)) errors.push('/requested: must be an array of package names');
  if (!Array.isArray(lock.packages) || lock.packages.length === 0)
    errors.push('/packages: must be a non-empty array');
  (Array.isArray(lock.packages) ? lock.packages : []).forEach((pkg: Partial<LockedPackage>, index) => {
    for (const key of ['name', 'version', 'arch', 'file'] as const) {
      if (typeof pkg[key] !== 'string' || pkg[key] === '')
        errors.push(`/packages/${index}/${key}: must be a string`);
    }
    if (typeof pkg.size !== 'number') errors.push(`/packages/${index}/size: must be a number`);
    if (typeof pkg.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(pkg.sha256)) {
      errors.push(`/packages/${index}/sha256: must be 64 hex digits`);
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, value: lock as PackageLock };
}

/** Whether the lock answers the current request (same packages and suites); else `--update-lock` is needed. */
export function isLockCurrent(
  lock: PackageLock,
  requested: readonly string[],
  suites: readonly string[],
): boolean {
  return (
    JSON.stringify(lock.requested) === JSON.stringify(requested) &&
    JSON.stringify(lock.suites) === JSON.stringify(suites)
  );
}

/** Stable JSON text of a lock (what gets committed). */
export function formatPackageLock(lock: PackageLock): string {
  return `${JSON.stringify(lock, null, 2)}\n`;
}

/** sha256 of a buffer, hex. */
export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
