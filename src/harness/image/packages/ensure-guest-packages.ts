// Makes the guest's .deb files present in the cache: the locked versions when cached or served, else the request re-resolved.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../../errors/harness-error.ts';
import {
  findMissingPackages,
  listUnavailablePackages,
  lockResolvedPackages,
  resolvePackages,
  withAptState,
  type AptSource,
} from './fetch-packages.ts';
import { computePackageDrift, type PackageDrift } from './image-identity.ts';
import { validatePackageLock, type PackageLock } from './package-lock.ts';

export interface EnsureGuestPackagesOptions {
  /** The committed lock. */
  lock: PackageLock;
  /** sha256 of the committed lock's text: names its recorded re-resolution. */
  lockSha256: string;
  /** The shared download cache; .deb files are only ever added to it. */
  archivesDir: string;
  /** Re-resolutions of stale locks, one JSON file per committed lock (`<lockSha256>.json`). */
  resolutionsDir: string;
  /** The mirror, asked for only when something must be fetched (an offline cache hit never reads apt sources). */
  source: () => AptSource;
  /** Fail instead of re-resolving when a locked version is gone (`--frozen-lock`, `ZOS_FROZEN_LOCK=1`). */
  frozen: boolean;
  onPhase?: (phase: string, detail?: string) => void;
}

export interface GuestPackages {
  /** The packages really used: the committed lock, or its re-resolution. */
  lock: PackageLock;
  /** The .deb files in lock order. */
  debs: string[];
  drift: PackageDrift | null;
}

interface RecordedResolution {
  lock: PackageLock;
  drift: PackageDrift;
}

/** The recorded re-resolution of a committed lock, or null when there is none (or it is unreadable). */
export function readRecordedResolution(
  resolutionsDir: string,
  lockSha256: string,
): RecordedResolution | null {
  const path = join(resolutionsDir, `${lockSha256}.json`);
  if (!existsSync(path)) return null;
  try {
    const record = JSON.parse(readFileSync(path, 'utf8')) as Partial<RecordedResolution>;
    const lock = validatePackageLock(record.lock);
    return lock.ok && record.drift ? { lock: lock.value, drift: record.drift } : null;
  } catch {
    return null;
  }
}

function recordResolution(resolutionsDir: string, lockSha256: string, record: RecordedResolution): void {
  mkdirSync(resolutionsDir, { recursive: true });
  const path = join(resolutionsDir, `${lockSha256}.json`);
  writeFileSync(`${path}.tmp-${process.pid}`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${path}.tmp-${process.pid}`, path);
}

function debPaths(archivesDir: string, lock: PackageLock): string[] {
  return lock.packages.map((pkg) => join(archivesDir, pkg.file));
}

/**
 * Locked versions are used when cached or still served; when some are gone the same request is re-resolved in
 * the same suites (recorded, so the next run needs no network), unless `frozen`, which fails before any download
 * naming the missing versions.
 */
export async function ensureGuestPackages(options: EnsureGuestPackagesOptions): Promise<GuestPackages> {
  const { lock, archivesDir, onPhase } = options;
  const total = lock.packages.length;
  const missing = await findMissingPackages(archivesDir, lock.packages);
  if (missing.length === 0) {
    onPhase?.('fetching', `all ${total} locked packages cached`);
    return { lock, debs: debPaths(archivesDir, lock), drift: null };
  }
  if (!options.frozen) {
    const recorded = readRecordedResolution(options.resolutionsDir, options.lockSha256);
    if (recorded && (await findMissingPackages(archivesDir, recorded.lock.packages)).length === 0) {
      onPhase?.('fetching', `all ${recorded.lock.packages.length} re-resolved packages cached`);
      return { lock: recorded.lock, debs: debPaths(archivesDir, recorded.lock), drift: recorded.drift };
    }
  }
  const source = options.source();
  onPhase?.('fetching', `${missing.length} of ${total} packages from ${source.mirror}`);
  return withAptState(source, archivesDir, async (state) => {
    const unavailable = await listUnavailablePackages(state, lock);
    if (unavailable.length === 0) {
      await lockResolvedPackages(state, missing);
      const wrong = await findMissingPackages(archivesDir, lock.packages);
      if (wrong.length > 0) {
        throw new HarnessError(
          'LOCK_INVALID',
          `the mirror serves other files than guest-packages.lock.json records (${wrong.map((p) => p.file).join(', ')}): ` +
            'run ./scripts/build-initramfs --update-lock',
        );
      }
      return { lock, debs: debPaths(archivesDir, lock), drift: null };
    }
    if (options.frozen) {
      throw new HarnessError(
        'LOCK_FROZEN',
        `guest-packages.lock.json is stale and the lock is frozen: ${source.mirror} no longer serves ${unavailable.join(', ')}; ` +
          'run ./scripts/build-initramfs --update-lock and commit the lock (nothing was downloaded)',
      );
    }
    onPhase?.(
      'locking',
      `${unavailable.length} locked version(s) gone: re-resolving ${lock.requested.length} requested packages`,
    );
    const resolved = await resolvePackages(state, lock.requested);
    const packages = await lockResolvedPackages(state, resolved);
    const used: PackageLock = { ...lock, packages };
    const drift = computePackageDrift(lock.packages, packages, unavailable, source.mirror) ?? {
      mirror: source.mirror,
      unavailable,
      changed: [],
      added: [],
      removed: [],
    };
    recordResolution(options.resolutionsDir, options.lockSha256, { lock: used, drift });
    return { lock: used, debs: debPaths(archivesDir, used), drift };
  });
}
