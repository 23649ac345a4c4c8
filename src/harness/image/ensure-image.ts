// Builds whatever part of the guest image is missing (packages, staging root, base and top layers) and returns paths.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDebianMirror } from './packages/apt-sources.ts';
import { assembleBaseLayer } from './layers/base-layer.ts';
import { buildCpioArchive } from './layers/cpio.ts';
import { execHostTool } from '../exec/exec-host-tool.ts';
import { HarnessError } from '../errors/harness-error.ts';
import { ensureStagingRoot } from './root/extract-packages.ts';
import { ensureGuestPackages, readRecordedResolution } from './packages/ensure-guest-packages.ts';
import {
  lockResolvedPackages,
  resolvePackages,
  withAptState,
  type AptSource,
} from './packages/fetch-packages.ts';
import { GUEST_PACKAGES, GUEST_SUITES } from './packages/guest-packages.ts';
import { formatDriftWarning, type ImageIdentity, type PackageDrift } from './packages/image-identity.ts';
import { computeLayerKey } from './layers/layer-key.ts';
import { formatPackageLock, isLockCurrent, sha256Hex, validatePackageLock } from './packages/package-lock.ts';
import type { PackageLock } from './packages/package-lock.ts';
import { planTopLayer } from './layers/top-layer.ts';
import { buildStartupSnapshot, supportsStartupSnapshot } from './layers/startup-snapshot.ts';
import { withBuildLock } from './with-build-lock.ts';
import { GUEST_NODE_RUNTIME } from './runtime/guest-runtime.ts';
import { ensureNodeRuntime, type NodeRuntime } from './runtime/ensure-node-runtime.ts';

export type PhaseReporter = (phase: string, detail?: string) => void;

export interface EnsureImageOptions {
  /** Build output folder (the clone's `out/`); the image lives in `<outDir>/image/`. */
  outDir: string;
  onPhase?: PhaseReporter;
  /** Use this provisioner bundle instead of building `out/zosstorage.cjs` from the sources. */
  bundlePath?: string;
  /** Re-resolve the package versions and rewrite the lock file. */
  updateLock?: boolean;
  /** Lock file (default `<repo>/guest-packages.lock.json`). */
  lockPath?: string;
  /** Shared download cache (default `$ZOS_CACHE_DIR` or `~/.cache/zosstorage`). */
  cacheDir?: string;
  /** Fail when a locked version is gone instead of re-resolving (default: `ZOS_FROZEN_LOCK=1`). */
  frozenLock?: boolean;
  /** The one warning of a drifted lock (default: stderr). */
  warn?: (message: string) => void;
  /** What to request (default guest-packages.ts); tests pass their own with a local repository. */
  request?: { packages: readonly string[]; suites: readonly string[] };
  /** The mirror (default `ZOS_DEBIAN_MIRROR`, else the host's apt sources); `trusted` only for local test repos. */
  source?: AptSource;
}

export interface ImageLayer {
  name: 'base' | 'top';
  path: string;
  sha256: string;
  bytes: number;
  key: string;
  rebuilt: boolean;
}

export interface EnsureImageResult {
  kernel: string;
  /** cpio archives in unpack order: base first, top last. */
  initrdLayers: string[];
  /** Extracted Debian packages (host-side inspection through the guest loader: see guest-tool.ts). */
  guestRoot: string;
  /** True when nothing had to be built. */
  cacheHit: boolean;
  kernelVersion: string;
  layers: ImageLayer[];
  /** The packages really used: the committed lock, or its re-resolution when the lock drifted. */
  lock: PackageLock;
  /** Committed and used lock, kernel, drift: what every result records about the image. */
  identity: ImageIdentity;
  provisionerVersion: string;
  /** The Node.js runtime shipped as /usr/bin/node (pin, sha256 and size of the binary). */
  runtime: NodeRuntime;
}

const IMAGE_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(IMAGE_DIR, '../../..');

/** Builder sources that shape the base layer: a change to any of them is a new base key. */
const BASE_BUILDER_FILES = [
  'layers/base-layer.ts',
  'layers/cpio.ts',
  'root/elf-needed.ts',
  'root/extract-packages.ts',
  'packages/guest-packages.ts',
  'runtime/guest-runtime.ts',
  'runtime/ensure-node-runtime.ts',
  'root/library-closure.ts',
  'root/module-deps.ts',
  'root/root-files.ts',
];
const TOP_BUILDER_FILES = [
  'layers/top-layer.ts',
  'layers/startup-snapshot.ts',
  'layers/cpio.ts',
  'init/init.sh',
];

/** The key inputs: each builder file's content under its name (the stage folder is left out of the key). */
function readSources(files: string[]): { name: string; data: Buffer }[] {
  return files.map((path) => ({
    name: path.startsWith('init/') ? path : basename(path),
    data: readFileSync(join(IMAGE_DIR, path)),
  }));
}

/** Every non-test source file under a folder, sorted (the bundle's inputs). */
function listSources(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files.push(...listSources(full));
    else if (/\.(ts|json|yaml)$/.test(name) && !/\.test\.ts$/.test(name)) files.push(full);
  }
  return files;
}

/** The committed lock; resolved afresh and written when missing or when `updateLock` asks. */
async function ensureLock(
  options: EnsureImageOptions,
  source: () => AptSource,
  archivesDir: string,
): Promise<PackageLock> {
  const lockPath = options.lockPath ?? join(REPO_ROOT, 'guest-packages.lock.json');
  const request = options.request ?? { packages: GUEST_PACKAGES, suites: GUEST_SUITES };
  if (!options.updateLock && existsSync(lockPath)) {
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(readFileSync(lockPath, 'utf8'));
    } catch (error) {
      throw new HarnessError(
        'LOCK_INVALID',
        `${lockPath} is not JSON (${(error as Error).message}): restore it from git or run ./scripts/build-initramfs --update-lock`,
      );
    }
    const parsed = validatePackageLock(parsedJson);
    if (!parsed.ok)
      throw new HarnessError('LOCK_INVALID', `${lockPath} is invalid:\n  ${parsed.errors.join('\n  ')}`);
    if (!isLockCurrent(parsed.value, request.packages, request.suites)) {
      throw new HarnessError(
        'LOCK_STALE',
        `${lockPath} was made for other packages or suites than guest-packages.ts asks for: run ./scripts/build-initramfs --update-lock`,
      );
    }
    return parsed.value;
  }
  if (options.frozenLock ?? isFrozenByEnv())
    throw new HarnessError(
      'LOCK_FROZEN',
      `--frozen-lock: ${lockPath} ${existsSync(lockPath) ? 'may not be rewritten' : 'is missing'}`,
    );
  const apt = source();
  options.onPhase?.('locking', `resolving ${request.packages.length} packages against ${apt.mirror}`);
  const packages = await withAptState(apt, archivesDir, async (state) => {
    const resolved = await resolvePackages(state, request.packages);
    options.onPhase?.('fetching', `${resolved.length} packages`);
    return lockResolvedPackages(state, resolved);
  });
  const lock: PackageLock = {
    lock_version: 1,
    suites: [...request.suites],
    requested: [...request.packages],
    packages,
  };
  writeFileSync(lockPath, formatPackageLock(lock));
  options.onPhase?.(
    'locking',
    `${packages.length} packages pinned in ${relative(process.cwd(), lockPath) || lockPath}: commit it`,
  );
  return lock;
}

function isFrozenByEnv(): boolean {
  return /^(1|true|yes)$/i.test(process.env.ZOS_FROZEN_LOCK ?? '');
}

/**
 * True for an ES module bundle (an `import` or `export` statement at the start of a line, as esbuild's ESM output
 * has and its CommonJS output never has). Pure.
 */
export function isEsmBundle(text: string): boolean {
  return /^(import|export)[\s{*]/m.test(text);
}

/** The provisioner's bundle or its sources must exist: checked before anything is downloaded or built. */
function checkBundleSource(options: EnsureImageOptions): void {
  if (options.bundlePath && !existsSync(options.bundlePath))
    throw new HarnessError('BUNDLE_MISSING', `bundle ${options.bundlePath} does not exist`);
  if (options.bundlePath && isEsmBundle(readFileSync(options.bundlePath, 'utf8')))
    throw new HarnessError(
      'USAGE',
      `bundle ${options.bundlePath} is an ES module, but the guest runs /usr/lib/zosstorage/zosstorage.cjs as CommonJS: build it with node scripts/bundle.mjs (out/zosstorage.cjs)`,
    );
  const entry = join(REPO_ROOT, 'src/zosstorage/cli/main.ts');
  if (!options.bundlePath && !existsSync(entry))
    throw new HarnessError(
      'BUNDLE_MISSING',
      `${entry} does not exist yet: pass a bundle (--bundle <file.cjs>)`,
    );
}

/** The files whose change rebuilds the provisioner bundle (its key's inputs), absolute paths. */
export function listBundleInputs(repoRoot: string): string[] {
  return [
    // The provisioner imports src/shared too (the GPT parser, markers, ajv helpers): a change there rebuilds it.
    ...listSources(join(repoRoot, 'src/zosstorage')),
    ...listSources(join(repoRoot, 'src/shared')),
    ...['scripts/bundle.mjs', 'scripts/bundle-options.mjs', 'package.json', 'package-lock.json'].map((p) =>
      join(repoRoot, p),
    ),
  ];
}

/** The provisioner bundle: given, or `out/zosstorage.cjs` rebuilt by scripts/bundle.mjs when its sources changed. */
async function ensureBundle(options: EnsureImageOptions): Promise<{ path: string; rebuilt: boolean }> {
  if (options.bundlePath) return { path: options.bundlePath, rebuilt: false };
  const inputs = listBundleInputs(REPO_ROOT);
  const key = computeLayerKey(
    inputs.filter(existsSync).map((path) => ({ name: relative(REPO_ROOT, path), data: readFileSync(path) })),
  );
  const bundle = join(REPO_ROOT, 'out/zosstorage.cjs');
  const stamp = join(options.outDir, 'image/bundle.key');
  if (existsSync(bundle) && existsSync(stamp) && readFileSync(stamp, 'utf8') === key)
    return { path: bundle, rebuilt: false };
  options.onPhase?.('bundling', 'node scripts/bundle.mjs');
  await execHostTool([process.execPath, join(REPO_ROOT, 'scripts/bundle.mjs')], 'bundle the provisioner', {
    cwd: REPO_ROOT,
  });
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, key);
  return { path: bundle, rebuilt: true };
}

interface LayerMeta {
  sha256: string;
  bytes: number;
}

/** Returns the cached layer for `key`, or builds it with `build()` and stores it atomically. */
async function ensureLayer(
  layersDir: string,
  name: 'base' | 'top',
  key: string,
  build: () => Promise<Buffer>,
  onPhase?: PhaseReporter,
): Promise<ImageLayer> {
  const path = join(layersDir, `${name}-${key.slice(0, 16)}.cpio`);
  const metaPath = `${path}.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as LayerMeta;
    onPhase?.('cache hit', `${name} layer ${key.slice(0, 16)} (${path})`);
    return { name, path, key, rebuilt: false, ...meta };
  }
  const data = await build();
  const meta: LayerMeta = { sha256: sha256Hex(data), bytes: data.length };
  mkdirSync(layersDir, { recursive: true });
  writeFileSync(`${path}.tmp-${process.pid}`, data);
  renameSync(`${path}.tmp-${process.pid}`, path);
  writeFileSync(metaPath, `${JSON.stringify(meta)}\n`);
  onPhase?.(
    'layering',
    `${name} layer ${key.slice(0, 16)} built: ${(data.length / 1048576).toFixed(1)} MiB (${path})`,
  );
  return { name, path, key, rebuilt: true, ...meta };
}

/**
 * Removes cached layers other than the current ones once they are an hour old (keeps out/ from growing with
 * every edit, without pulling a layer from under a parallel run that has just been handed it).
 */
function pruneLayers(layersDir: string, keep: string[], now = Date.now()): void {
  const keepNames = new Set(keep.flatMap((path) => [path, `${path}.json`].map((p) => p.split('/').pop())));
  for (const name of readdirSync(layersDir)) {
    const path = join(layersDir, name);
    if (!keepNames.has(name) && now - statSync(path).mtimeMs > 3_600_000) rmSync(path, { force: true });
  }
}

interface SelectedPackages {
  lock: PackageLock;
  drift: PackageDrift | null;
  /** The .deb files in lock order (only read when the guest root of `lock` is not staged yet). */
  debs: string[];
}

function guestRootOf(imageDir: string, lock: PackageLock): string {
  return join(imageDir, `root-${sha256Hex(formatPackageLock(lock)).slice(0, 16)}`);
}

/**
 * Builds what is missing and returns the kernel, the ordered initrd layers and the guest staging root.
 * Every precondition and the package selection come first (a frozen, stale lock writes nothing under out/image);
 * concurrent builds on one out/ then take turns (a lock under out/image), so parallel runs never see half a build.
 */
export async function ensureImage(options: EnsureImageOptions): Promise<EnsureImageResult> {
  checkBundleSource(options);
  const imageDir = join(options.outDir, 'image');
  const cacheDir = options.cacheDir ?? process.env.ZOS_CACHE_DIR ?? join(homedir(), '.cache/zosstorage');
  const archivesDir = join(cacheDir, 'debs');
  const request = options.request ?? { packages: GUEST_PACKAGES, suites: GUEST_SUITES };
  const source = (): AptSource => options.source ?? { mirror: readDebianMirror(), suites: request.suites };
  const committed = await ensureLock(options, source, archivesDir);
  const lockSha256 = sha256Hex(formatPackageLock(committed));
  const selected = await selectGuestPackages(options, {
    committed,
    lockSha256,
    imageDir,
    archivesDir,
    resolutionsDir: join(cacheDir, 'lock-resolutions'),
    source,
  });
  if (selected.drift)
    (options.warn ?? ((m) => process.stderr.write(`warning: ${m}\n`)))(formatDriftWarning(selected.drift));
  return withBuildLock(imageDir, () => buildImage(options, selected, lockSha256, cacheDir), {
    onWait: (owner) => options.onPhase?.('waiting', `for the image build of pid ${owner}`),
  });
}

/** The committed lock when its root is staged or its files are cached or served; else its (recorded) re-resolution. */
async function selectGuestPackages(
  options: EnsureImageOptions,
  inputs: {
    committed: PackageLock;
    lockSha256: string;
    imageDir: string;
    archivesDir: string;
    resolutionsDir: string;
    source: () => AptSource;
  },
): Promise<SelectedPackages> {
  const frozen = options.frozenLock ?? isFrozenByEnv();
  const debsOf = (lock: PackageLock) => lock.packages.map((pkg) => join(inputs.archivesDir, pkg.file));
  if (existsSync(join(guestRootOf(inputs.imageDir, inputs.committed), '.complete')))
    return { lock: inputs.committed, drift: null, debs: debsOf(inputs.committed) };
  const recorded = frozen ? null : readRecordedResolution(inputs.resolutionsDir, inputs.lockSha256);
  if (recorded && existsSync(join(guestRootOf(inputs.imageDir, recorded.lock), '.complete')))
    return { lock: recorded.lock, drift: recorded.drift, debs: debsOf(recorded.lock) };
  return ensureGuestPackages({
    lock: inputs.committed,
    lockSha256: inputs.lockSha256,
    archivesDir: inputs.archivesDir,
    resolutionsDir: inputs.resolutionsDir,
    source: inputs.source,
    frozen,
    onPhase: options.onPhase,
  });
}

/**
 * The bundle's startup snapshot, built by the shipped node binary; null (the init then starts the bundle) for a
 * given bundle whose entry cannot be built into one.
 */
async function buildSnapshotFor(
  bundlePath: string,
  bundleData: Buffer,
  runtime: NodeRuntime,
  imageDir: string,
  onPhase: EnsureImageOptions['onPhase'],
): Promise<Buffer | null> {
  if (!supportsStartupSnapshot(bundleData.toString('utf8'))) {
    onPhase?.(
      'layering',
      `no startup snapshot: ${bundlePath} does not register a snapshot entry (the init starts it)`,
    );
    return null;
  }
  onPhase?.('layering', 'startup snapshot of the bundle (the shipped node binary)');
  return buildStartupSnapshot({ node: runtime.node, bundle: bundlePath, workDir: imageDir });
}

async function buildImage(
  options: EnsureImageOptions,
  selected: SelectedPackages,
  lockSha256: string,
  cacheDir: string,
): Promise<EnsureImageResult> {
  const onPhase = options.onPhase;
  const imageDir = join(options.outDir, 'image');
  const lock = selected.lock;
  const lockText = formatPackageLock(lock);
  const lockHash = sha256Hex(lockText);
  const guestRoot = guestRootOf(imageDir, lock);

  let kernelVersion: string;
  let rootRebuilt = false;
  if (existsSync(join(guestRoot, '.complete'))) {
    kernelVersion = readFileSync(join(guestRoot, '.complete'), 'utf8').trim();
  } else {
    const staged = await ensureStagingRoot(guestRoot, selected.debs, onPhase);
    kernelVersion = staged.kernelVersion;
    rootRebuilt = true;
  }

  const runtime = await ensureNodeRuntime({ pin: GUEST_NODE_RUNTIME, cacheDir, imageDir, onPhase });
  const layersDir = join(imageDir, 'layers');
  const baseKey = computeLayerKey([
    { name: 'lock', data: lockText },
    { name: 'runtime', data: runtime.sha256 },
    ...readSources(BASE_BUILDER_FILES),
  ]);
  const base = await ensureLayer(
    layersDir,
    'base',
    baseKey,
    async () => {
      const entries = await assembleBaseLayer({
        guestRoot,
        kernelVersion,
        workDir: join(imageDir, 'modules-work'),
        runtime,
        onPhase,
      });
      onPhase?.('layering', `base layer: ${entries.length} entries`);
      return buildCpioArchive(entries);
    },
    onPhase,
  );

  const bundle = await ensureBundle(options);
  const bundleData = readFileSync(bundle.path);
  const provisionerVersion = (
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const initScript = readFileSync(join(IMAGE_DIR, 'init/init.sh'));
  const buildInfo = {
    provisioner_version: provisionerVersion,
    bundle_sha256: sha256Hex(bundleData),
    base_layer_sha256: base.sha256,
    node_runtime: `${runtime.pin.package}@${runtime.pin.version}`,
    node_sha256: runtime.sha256,
    kernel_version: kernelVersion,
    package_lock_sha256: lockSha256,
    used_lock_sha256: lockHash,
    package_lock_drift: selected.drift,
  };
  const topKey = computeLayerKey([
    { name: 'build-info', data: JSON.stringify(buildInfo) },
    { name: 'bundle', data: bundleData },
    ...readSources(TOP_BUILDER_FILES),
  ]);
  const top = await ensureLayer(
    layersDir,
    'top',
    topKey,
    async () => {
      const snapshot = await buildSnapshotFor(bundle.path, bundleData, runtime, imageDir, onPhase);
      return buildCpioArchive(planTopLayer({ initScript, bundle: bundleData, snapshot, buildInfo }));
    },
    onPhase,
  );
  pruneLayers(layersDir, [base.path, top.path]);

  const kernel = join(guestRoot, 'boot', `vmlinuz-${kernelVersion}`);
  if (!existsSync(kernel))
    throw new HarnessError('KERNEL_MISSING', `${kernel} is missing: delete ${guestRoot} and rebuild`);
  const cacheHit = !rootRebuilt && !base.rebuilt && !top.rebuilt && !bundle.rebuilt;
  return {
    kernel,
    initrdLayers: [base.path, top.path],
    guestRoot,
    cacheHit,
    kernelVersion,
    layers: [base, top],
    lock,
    identity: { lockSha256, effectiveLockSha256: lockHash, kernelVersion, drift: selected.drift },
    provisionerVersion,
    runtime,
  };
}
