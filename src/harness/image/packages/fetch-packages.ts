// Talks to the Debian mirror through a private, temporary apt state: update, origin check, resolve, download.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withDir } from 'tmp-promise';
import { execHostTool } from '../../exec/exec-host-tool.ts';
import { HarnessError } from '../../errors/harness-error.ts';
import { formatLockedSelections, parsePrintUris } from './package-lock.ts';
import type { LockedPackage, PackageLock, ResolvedPackage } from './package-lock.ts';

/** Where guest packages come from. */
export interface AptSource {
  mirror: string;
  suites: readonly string[];
  /** `[trusted=yes]` instead of the Debian keyring: only for the tests' local repositories. */
  trusted?: boolean;
}

/** An apt state of our own: sources, lists and caches in `stateDir`, downloads in `archivesDir`. */
export interface AptState extends AptSource {
  stateDir: string;
  /** Download cache shared by clones and CI, e.g. ~/.cache/zosstorage/debs. */
  archivesDir: string;
}

export const DEBIAN_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

/**
 * One-line sources for the private state: the mirror, our suites, main only. A local `file:` mirror is read
 * with apt's `copy:` method, which (unlike `file:`) puts the .deb files into the download cache. Pure.
 */
export function formatSourcesList(mirror: string, suites: readonly string[], trusted = false): string {
  const options = trusted ? 'trusted=yes' : `signed-by=${DEBIAN_KEYRING}`;
  const uri = mirror.replace(/^file:/, 'copy:');
  return suites.map((suite) => `deb [${options}] ${uri} ${suite} main\n`).join('');
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

/** The `Origin:` of a Release or InRelease text (clearsigned or not), or null. Pure. */
export function parseReleaseOrigin(text: string): string | null {
  return /^Origin:\s*(.+?)\s*$/m.exec(text)?.[1] ?? null;
}

/**
 * Refuses a mirror that is not a Debian archive: every suite's Release file fetched by `apt-get update` must
 * say `Origin: Debian`. A Microsoft or Ubuntu archive picked from a CI runner's sources stops here.
 */
export function checkDebianOrigin(listsDir: string, source: AptSource): void {
  const releases = readdirSync(listsDir).filter((name) => /_(In)?Release$/.test(name));
  for (const suite of source.suites) {
    const file = releases.find((name) => name.includes(`_dists_${suite}_`));
    const origin = file ? parseReleaseOrigin(readFileSync(join(listsDir, file), 'utf8')) : null;
    if (origin !== 'Debian') {
      throw new HarnessError(
        'MIRROR_INVALID',
        `${source.mirror} is not a Debian archive (its ${suite} Release says ${origin ? `Origin: ${origin}` : 'no Origin'}): ` +
          'set ZOS_DEBIAN_MIRROR to the URI of a Debian mirror (the one your hosts use, or any official one)',
      );
    }
  }
}

/**
 * Runs `work` with a fresh private apt state (a temporary folder, removed afterwards) whose package lists
 * were just read from the mirror and checked to be Debian's.
 */
export async function withAptState<T>(
  source: AptSource,
  archivesDir: string,
  work: (state: AptState) => Promise<T>,
): Promise<T> {
  if (!source.trusted && !existsSync(DEBIAN_KEYRING)) {
    throw new HarnessError(
      'PRECONDITION',
      `${DEBIAN_KEYRING} is missing: install debian-archive-keyring (the scripts do it when run as root)`,
    );
  }
  return withDir(
    async ({ path }) => {
      const state: AptState = { ...source, stateDir: path, archivesDir };
      for (const dir of ['lists/partial', 'cache', 'empty-archives/partial'])
        mkdirSync(join(path, dir), { recursive: true });
      mkdirSync(join(archivesDir, 'partial'), { recursive: true });
      writeFileSync(
        join(path, 'sources.list'),
        formatSourcesList(source.mirror, source.suites, source.trusted),
      );
      await execHostTool(
        ['apt-get', ...formatAptOptions(state), '-q', 'update'],
        `read the package lists of ${source.mirror} (set ZOS_DEBIAN_MIRROR to another Debian mirror if this one is unreachable)`,
      );
      checkDebianOrigin(join(path, 'lists'), source);
      return work(state);
    },
    { unsafeCleanup: true, prefix: 'zos-apt-' },
  );
}

/** `apt-get install --print-uris` of `selections` against an empty archive dir: exit code, stdout, `E:` lines. */
async function execAptPrintUris(
  state: AptState,
  selections: readonly string[],
): Promise<{ exitCode: number; stdout: string; errors: string[] }> {
  const { stdout, stderr, exitCode } = await execHostTool(
    [
      'apt-get',
      ...formatAptOptions(state, join(state.stateDir, 'empty-archives')),
      'install',
      '--no-install-recommends',
      '--print-uris',
      '-qq',
      ...selections,
    ],
    `resolve the guest packages (${selections.length} selections)`,
    { okExitCodes: [0, 100] },
  );
  const errors = stderr.split('\n').filter((line) => line.startsWith('E:'));
  return { exitCode, stdout, errors };
}

/** `name=version` of every locked package the mirror no longer serves, from apt's `E:` lines. Pure. */
export function parseUnavailableSelections(errors: readonly string[]): string[] {
  const gone: string[] = [];
  for (const line of errors) {
    const version = /^E: Version '([^']+)' for '([^']+)' was not found/.exec(line);
    if (version) gone.push(`${version[2]}=${version[1]}`);
    const missing = /^E: Unable to locate package (\S+)/.exec(line);
    if (missing?.[1]) gone.push(missing[1]);
  }
  return gone;
}

/** The locked selections the mirror no longer serves (empty: every locked version can be downloaded). */
export async function listUnavailablePackages(state: AptState, lock: PackageLock): Promise<string[]> {
  const { exitCode, errors } = await execAptPrintUris(state, formatLockedSelections(lock));
  if (exitCode === 0) return [];
  const gone = parseUnavailableSelections(errors);
  if (gone.length === 0) {
    throw new HarnessError(
      'TOOL_FAILED',
      `apt could not select the locked guest packages:\n${errors.join('\n') || `exit code ${exitCode}`}`,
    );
  }
  return gone;
}

/** Resolves the requested packages to their full closure with exact versions and files (hashes come after download). */
export async function resolvePackages(
  state: AptState,
  requested: readonly string[],
): Promise<ResolvedPackage[]> {
  const { exitCode, stdout, errors } = await execAptPrintUris(state, requested);
  if (exitCode !== 0 || errors.length > 0)
    throw new HarnessError(
      'TOOL_FAILED',
      `apt could not resolve the guest packages:\n${errors.join('\n') || `exit code ${exitCode}`}`,
    );
  const packages = parsePrintUris(stdout);
  if (packages.length === 0)
    throw new HarnessError('TOOL_FAILED', 'apt resolved no packages: check the mirror and suites');
  return packages;
}

/** Downloads exact `name=version` selections into the cache (apt checks them against the signed archive). */
export async function execAptDownload(state: AptState, packages: readonly ResolvedPackage[]): Promise<void> {
  await execHostTool(
    [
      'apt-get',
      ...formatAptOptions(state),
      'install',
      '--no-install-recommends',
      '--download-only',
      '-q',
      ...formatLockedSelections({ packages: [...packages] }),
    ],
    'download the guest packages',
  );
}

/** Downloads resolved packages and records each file's sha256 (a lock's packages). */
export async function lockResolvedPackages(
  state: AptState,
  packages: readonly ResolvedPackage[],
): Promise<LockedPackage[]> {
  await execAptDownload(state, packages);
  const locked: LockedPackage[] = [];
  for (const pkg of packages) {
    const path = join(state.archivesDir, pkg.file);
    if (!existsSync(path))
      throw new HarnessError('TOOL_FAILED', `apt reported ${pkg.file} downloaded, but ${path} is missing`);
    locked.push({ ...pkg, sha256: await hashFile(path) });
  }
  return locked;
}

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Locked packages whose file is missing from the cache or has another sha256. */
export async function findMissingPackages(
  archivesDir: string,
  packages: readonly LockedPackage[],
): Promise<LockedPackage[]> {
  const missing: LockedPackage[] = [];
  for (const pkg of packages) {
    const path = join(archivesDir, pkg.file);
    if (!existsSync(path) || (await hashFile(path)) !== pkg.sha256) missing.push(pkg);
  }
  return missing;
}
