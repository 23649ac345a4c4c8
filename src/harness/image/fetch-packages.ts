// Fetches the locked Debian packages into the shared download cache through a private apt state.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execTool } from './exec-tool.ts';
import { formatLockedSelections, parsePrintUris } from './package-lock.ts';
import type { LockedPackage, PackageLock, ResolvedPackage } from './package-lock.ts';

export interface AptState {
  /** Private apt state (lists, sources) under out/. */
  stateDir: string;
  /** Download cache shared by clones and CI, e.g. ~/.cache/zosstorage/debs. */
  archivesDir: string;
  mirror: string;
  suites: readonly string[];
}

const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

/** One-line sources for the private state: the host's mirror, our suites, main only. Pure. */
export function formatSourcesList(mirror: string, suites: readonly string[]): string {
  return suites.map((suite) => `deb [signed-by=${KEYRING}] ${mirror} ${suite} main\n`).join('');
}

/** `-o` options that keep apt away from the host's own state. Pure. */
export function formatAptOptions(state: AptState, archivesDir = state.archivesDir): string[] {
  const options: Record<string, string> = {
    'Dir::Etc::SourceList': join(state.stateDir, 'sources.list'),
    'Dir::Etc::SourceParts': '/dev/null',
    'Dir::State::Lists': join(state.stateDir, 'lists'),
    'Dir::Cache': join(state.stateDir, 'cache'),
    'Dir::Cache::Archives': archivesDir,
    'Dir::State::status': '/dev/null',
    'Dir::Etc::Preferences': '/dev/null',
    'Dir::Etc::PreferencesParts': '/dev/null',
    'APT::Architecture': 'amd64',
    'APT::Get::Assume-Yes': 'true',
    'Debug::NoLocking': 'true',
  };
  return Object.entries(options).flatMap(([key, value]) => ['-o', `${key}=${value}`]);
}

function prepareAptState(state: AptState, archivesDir: string): void {
  if (!existsSync(KEYRING)) throw new Error(`${KEYRING} is missing: install debian-archive-keyring`);
  for (const dir of [
    join(state.stateDir, 'lists/partial'),
    join(state.stateDir, 'cache'),
    join(archivesDir, 'partial'),
  ]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(join(state.stateDir, 'sources.list'), formatSourcesList(state.mirror, state.suites));
}

/** Refreshes the private package lists from the mirror. */
export async function execAptUpdate(state: AptState): Promise<void> {
  prepareAptState(state, state.archivesDir);
  await execTool(
    ['apt-get', ...formatAptOptions(state), '-q', 'update'],
    `read the package lists of ${state.mirror}`,
  );
}

/** Resolves the requested packages to their full closure with exact versions and files (hashes come after download). */
export async function resolvePackages(
  state: AptState,
  requested: readonly string[],
): Promise<ResolvedPackage[]> {
  const emptyArchives = join(state.stateDir, 'resolve-archives');
  prepareAptState(state, emptyArchives);
  const { stdout, stderr } = await execTool(
    [
      'apt-get',
      ...formatAptOptions(state, emptyArchives),
      'install',
      '--no-install-recommends',
      '--print-uris',
      '-qq',
      ...requested,
    ],
    `resolve the guest packages (${requested.join(' ')})`,
  );
  const errors = stderr.split('\n').filter((line) => line.startsWith('E:'));
  if (errors.length > 0) throw new Error(`apt could not resolve the guest packages:\n${errors.join('\n')}`);
  const packages = parsePrintUris(stdout);
  if (packages.length === 0) throw new Error('apt resolved no packages: check the mirror and suites');
  return packages;
}

/** Downloads exact `name=version` selections into the cache (apt checks them against the signed archive). */
export async function execAptDownload(state: AptState, packages: ResolvedPackage[]): Promise<void> {
  prepareAptState(state, state.archivesDir);
  await execTool(
    [
      'apt-get',
      ...formatAptOptions(state),
      'install',
      '--no-install-recommends',
      '--download-only',
      '-q',
      ...formatLockedSelections({ packages }),
    ],
    'download the guest packages',
  );
}

/** Pins resolved packages: downloads them and records each file's sha256. */
export async function lockResolvedPackages(
  state: AptState,
  packages: ResolvedPackage[],
): Promise<LockedPackage[]> {
  await execAptDownload(state, packages);
  const locked: LockedPackage[] = [];
  for (const pkg of packages)
    locked.push({ ...pkg, sha256: await hashFile(join(state.archivesDir, pkg.file)) });
  return locked;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Locked packages whose file is missing from the cache or has another sha256. */
export async function findMissingPackages(archivesDir: string, lock: PackageLock): Promise<LockedPackage[]> {
  const missing: LockedPackage[] = [];
  for (const pkg of lock.packages) {
    const path = join(archivesDir, pkg.file);
    if (!existsSync(path) || (await hashFile(path)) !== pkg.sha256) missing.push(pkg);
  }
  return missing;
}

/** Makes every locked package present and verified in the cache; returns the .deb paths in lock order. */
export async function fetchLockedPackages(
  state: AptState,
  lock: PackageLock,
  onPhase?: (phase: string, detail?: string) => void,
): Promise<string[]> {
  let missing = await findMissingPackages(state.archivesDir, lock);
  if (missing.length > 0) {
    onPhase?.('fetching', `${missing.length} of ${lock.packages.length} packages from ${state.mirror}`);
    await execAptUpdate(state);
    await execAptDownload(state, lock.packages);
    missing = await findMissingPackages(state.archivesDir, lock);
    if (missing.length > 0) {
      throw new Error(
        `packages missing or with a wrong sha256 after download: ${missing.map((pkg) => pkg.file).join(', ')} ` +
          '(the mirror may have dropped these versions: run ./scripts/build-initramfs --update-lock)',
      );
    }
  } else {
    onPhase?.('fetching', `all ${lock.packages.length} packages cached`);
  }
  return lock.packages.map((pkg) => join(state.archivesDir, pkg.file));
}
