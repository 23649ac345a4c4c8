// What a run needs, checked one finding at a time: Node, host tools, KVM, the mirror and the lock, disk space, caches.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HarnessError } from '../errors/harness-error.ts';
import { execHostTool } from '../exec/exec-host-tool.ts';
import { readDebianMirror } from '../image/packages/apt-sources.ts';
import { listUnavailablePackages, withAptState } from '../image/packages/fetch-packages.ts';
import { GUEST_SUITES } from '../image/packages/guest-packages.ts';
import { validatePackageLock } from '../image/packages/package-lock.ts';
import { checkKvmDevice, type KvmProbe } from '../qemu/probe-kvm.ts';

export interface Finding {
  /** `fail` would stop a run; `warn` slows it or needs attention later. */
  status: 'ok' | 'warn' | 'fail';
  subject: string;
  text: string;
}

export interface DoctorContext {
  root: string;
  outDir: string;
  cacheDir: string;
  env: NodeJS.ProcessEnv;
  /** Skip the mirror and lock checks (no network). */
  offline: boolean;
}

const GiB = 1024 ** 3;

export function formatFinding(finding: Finding): string {
  const tag = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' }[finding.status];
  return `${tag}  ${finding.subject}: ${finding.text}`;
}

export function checkNodeVersion(version = process.versions.node): Finding {
  const major = Number(version.split('.')[0]);
  return major >= 20
    ? { status: 'ok', subject: 'node', text: `v${version}` }
    : { status: 'fail', subject: 'node', text: `v${version}; the harness needs Node.js 20 or newer` };
}

/** The host packages bootstrap would install (scripts/lib/install-host-packages --missing: the one list). */
export async function checkHostPackages(context: DoctorContext): Promise<Finding> {
  const result = await execHostTool(
    [join(context.root, 'scripts/lib/install-host-packages'), '--missing'],
    'list the missing host packages',
    { env: { PATH: context.env.PATH ?? '' } },
  );
  const missing = result.stdout.split('\n').filter(Boolean);
  return missing.length === 0
    ? { status: 'ok', subject: 'host tools', text: 'every tool the harness runs is installed' }
    : {
        status: 'fail',
        subject: 'host tools',
        text: `missing packages: ${missing.join(', ')}; install them with: sudo apt-get install ${missing.join(' ')} (run-scenario does it as root)`,
      };
}

/** node_modules against the lock (scripts/lib/bootstrap.sh stamps the lock's hash after npm ci); doctor never installs. */
function checkNodeModules(context: DoctorContext): Finding {
  const stamp = join(context.root, 'node_modules/.zos-lock.sha256');
  const lock = createHash('sha256')
    .update(readFileSync(join(context.root, 'package-lock.json')))
    .digest('hex');
  const installed = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
  if (installed === lock)
    return { status: 'ok', subject: 'node_modules', text: 'installed from package-lock.json' };
  return {
    status: 'warn',
    subject: 'node_modules',
    text: `${installed === null ? 'not installed by the scripts' : 'older than package-lock.json'}: the next command that does real work runs npm ci`,
  };
}

function readCachedProbe(cacheFile: string): KvmProbe | null {
  try {
    return (JSON.parse(readFileSync(cacheFile, 'utf8')) as { probe?: KvmProbe }).probe ?? null;
  } catch {
    return null;
  }
}

/** /dev/kvm and the cached probe's answer (the first run probes; nothing is booted here). */
export async function checkKvm(context: DoctorContext): Promise<Finding> {
  const device = await checkKvmDevice();
  const cacheFile = join(context.outDir, 'cache/kvm-probe.json');
  const probe = readCachedProbe(cacheFile);
  if (device) return { status: 'warn', subject: 'kvm', text: `${device}: runs use TCG (slower)` };
  if (!probe)
    return {
      status: 'ok',
      subject: 'kvm',
      text: '/dev/kvm opens; not probed yet (the first run boots a probe)',
    };
  return probe.usable
    ? { status: 'ok', subject: 'kvm', text: `usable (${probe.reason})` }
    : { status: 'warn', subject: 'kvm', text: `not usable, runs use TCG (cached probe: ${probe.reason})` };
}

/** The mirror (Debian by its Release files) and how much of the committed lock it still serves. */
export async function checkMirrorAndLock(context: DoctorContext): Promise<Finding[]> {
  let mirror: string;
  try {
    mirror = readDebianMirror(context.env);
  } catch (error) {
    return [{ status: 'fail', subject: 'mirror', text: (error as Error).message }];
  }
  const lockFile = join(context.root, 'guest-packages.lock.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(lockFile, 'utf8'));
  } catch (error) {
    const why =
      error instanceof SyntaxError ? 'not JSON' : ((error as NodeJS.ErrnoException).code ?? 'unreadable');
    return [{ status: 'fail', subject: 'lock', text: `${lockFile} is ${why}: restore it from git` }];
  }
  const lock = validatePackageLock(parsed);
  if (!lock.ok)
    return [{ status: 'fail', subject: 'lock', text: `${lockFile} is invalid: ${lock.errors[0]}` }];
  try {
    return await withAptState(
      { mirror, suites: GUEST_SUITES },
      join(context.cacheDir, 'debs'),
      async (state) => {
        const gone = await listUnavailablePackages(state, lock.value);
        const total = lock.value.packages.length;
        return [
          { status: 'ok', subject: 'mirror', text: `${mirror} is a Debian archive and answers` },
          gone.length === 0
            ? { status: 'ok', subject: 'lock', text: `all ${total} locked packages are still served` }
            : {
                status: 'warn',
                subject: 'lock',
                text: `${total - gone.length} of ${total} locked packages are still served (gone: ${gone.slice(0, 5).join(', ')}${gone.length > 5 ? ', …' : ''}); a build re-resolves them with one warning, or run ./scripts/build-initramfs --update-lock and commit the lock`,
              },
        ];
      },
    );
  } catch (error) {
    const text = error instanceof HarnessError ? error.message.split('\n')[0] : String(error);
    return [{ status: 'fail', subject: 'mirror', text: text ?? 'unreachable' }];
  }
}

/** Free space where runs write (disks are sparse, but a run's images and initrds need room). */
export async function checkFreeSpace(context: DoctorContext): Promise<Finding> {
  let dir = context.outDir;
  while (!existsSync(dir)) dir = join(dir, '..');
  const fs = await statfs(dir);
  const free = fs.bavail * fs.bsize;
  const text = `${(free / GiB).toFixed(1)} GiB free under ${context.outDir}`;
  if (free < 2 * GiB)
    return { status: 'fail', subject: 'disk space', text: `${text}; a run needs at least 2 GiB` };
  if (free < 10 * GiB)
    return { status: 'warn', subject: 'disk space', text: `${text}; the full matrix wants 10 GiB` };
  return { status: 'ok', subject: 'disk space', text };
}

function sizeOf(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.blocks * 512;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

/** What the caches hold (information only). */
export function checkCacheSizes(context: DoctorContext): Finding {
  const MiB = 1024 * 1024;
  const parts = [
    ['downloads', join(context.cacheDir, 'debs')],
    ['image', join(context.outDir, 'image')],
    ['runs', join(context.outDir, 'runs')],
  ].map(([name, path]) => `${name} ${(sizeOf(path ?? '') / MiB).toFixed(0)} MiB (${path})`);
  return { status: 'ok', subject: 'caches', text: parts.join(', ') };
}

/** Every check, in the order a run meets them. */
export async function runDoctorChecks(context: DoctorContext): Promise<Finding[]> {
  return [
    checkNodeVersion(),
    checkNodeModules(context),
    await checkHostPackages(context),
    await checkKvm(context),
    ...(context.offline
      ? [{ status: 'ok' as const, subject: 'mirror', text: 'not checked (--offline)' }]
      : await checkMirrorAndLock(context)),
    await checkFreeSpace(context),
    checkCacheSizes(context),
  ];
}

/** The default download cache: `$ZOS_CACHE_DIR` or `~/.cache/zosstorage`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  return env.ZOS_CACHE_DIR ?? join(homedir(), '.cache/zosstorage');
}
