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
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDebianMirror } from './apt-sources.ts';
import { assembleBaseLayer } from './base-layer.ts';
import { buildCpioArchive } from './cpio.ts';
import { ImageBuildError, execTool } from './exec-tool.ts';
import { ensureStagingRoot } from './extract-packages.ts';
import {
  execAptUpdate,
  fetchLockedPackages,
  lockResolvedPackages,
  resolvePackages,
} from './fetch-packages.ts';
import { GUEST_PACKAGES, GUEST_SUITES } from './guest-packages.ts';
import { computeLayerKey } from './layer-key.ts';
import { formatPackageLock, isLockCurrent, sha256Hex, validatePackageLock } from './package-lock.ts';
import type { PackageLock } from './package-lock.ts';
import { planTopLayer } from './top-layer.ts';
import { withBuildLock } from './with-build-lock.ts';

export type PhaseReporter = (phase: string, detail?: string) => void;

export interface EnsureImageOptions {
  /** Build output folder (the clone's `out/`); the image lives in `<outDir>/image/`. */
  outDir: string;
  onPhase?: PhaseReporter;
  /** Use this provisioner bundle instead of building `out/zosstorage.mjs` from the sources. */
  bundlePath?: string;
  /** Re-resolve the package versions and rewrite the lock file. */
  updateLock?: boolean;
  /** Lock file (default `<repo>/guest-packages.lock.json`). */
  lockPath?: string;
  /** Shared download cache (default `$ZOS_CACHE_DIR` or `~/.cache/zosstorage`). */
  cacheDir?: string;
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
  lock: PackageLock;
  provisionerVersion: string;
}

const IMAGE_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(IMAGE_DIR, '../../..');

/** Builder sources that shape the base layer: a change to any of them is a new base key. */
const BASE_BUILDER_FILES = [
  'base-layer.ts',
  'cpio.ts',
  'elf-needed.ts',
  'extract-packages.ts',
  'guest-packages.ts',
  'library-closure.ts',
  'module-deps.ts',
  'root-files.ts',
];
const TOP_BUILDER_FILES = ['top-layer.ts', 'cpio.ts', 'init/init.sh'];

function readSources(files: string[]): { name: string; data: Buffer }[] {
  return files.map((name) => ({ name, data: readFileSync(join(IMAGE_DIR, name)) }));
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

/** Reads the lock; resolves and writes it when missing or when `updateLock` asks. */
async function ensureLock(
  options: EnsureImageOptions,
  aptState: Parameters<typeof resolvePackages>[0],
): Promise<PackageLock> {
  const lockPath = options.lockPath ?? join(REPO_ROOT, 'guest-packages.lock.json');
  if (!options.updateLock && existsSync(lockPath)) {
    const parsed = validatePackageLock(JSON.parse(readFileSync(lockPath, 'utf8')));
    if (!parsed.ok)
      throw new ImageBuildError('LOCK_INVALID', `${lockPath} is invalid:\n  ${parsed.errors.join('\n  ')}`);
    if (!isLockCurrent(parsed.value, GUEST_PACKAGES, GUEST_SUITES)) {
      throw new ImageBuildError(
        'LOCK_STALE',
        `${lockPath} was made for other packages or suites than guest-packages.ts asks for: run ./scripts/build-initramfs --update-lock`,
      );
    }
    return parsed.value;
  }
  options.onPhase?.('locking', `resolving ${GUEST_PACKAGES.length} packages against ${aptState.mirror}`);
  await execAptUpdate(aptState);
  const resolved = await resolvePackages(aptState, GUEST_PACKAGES);
  options.onPhase?.('fetching', `${resolved.length} packages`);
  const packages = await lockResolvedPackages(aptState, resolved);
  const lock: PackageLock = {
    lock_version: 1,
    suites: [...GUEST_SUITES],
    requested: [...GUEST_PACKAGES],
    packages,
  };
  writeFileSync(lockPath, formatPackageLock(lock));
  options.onPhase?.(
    'locking',
    `${packages.length} packages pinned in ${relative(process.cwd(), lockPath) || lockPath}`,
  );
  return lock;
}

/** The provisioner bundle: given, or `out/zosstorage.mjs` rebuilt by scripts/bundle.mjs when its sources changed. */
async function ensureBundle(options: EnsureImageOptions): Promise<{ path: string; rebuilt: boolean }> {
  if (options.bundlePath) {
    if (!existsSync(options.bundlePath))
      throw new ImageBuildError('BUNDLE_MISSING', `bundle ${options.bundlePath} does not exist`);
    return { path: options.bundlePath, rebuilt: false };
  }
  const entry = join(REPO_ROOT, 'src/zosstorage/cli/main.ts');
  if (!existsSync(entry)) {
    throw new ImageBuildError(
      'BUNDLE_MISSING',
      `${entry} does not exist yet: pass a bundle (--bundle <file.mjs>)`,
    );
  }
  const inputs = [
    ...listSources(join(REPO_ROOT, 'src/zosstorage')),
    ...['scripts/bundle.mjs', 'package.json', 'package-lock.json'].map((p) => join(REPO_ROOT, p)),
  ];
  const key = computeLayerKey(
    inputs.filter(existsSync).map((path) => ({ name: relative(REPO_ROOT, path), data: readFileSync(path) })),
  );
  const bundle = join(REPO_ROOT, 'out/zosstorage.mjs');
  const stamp = join(options.outDir, 'image/bundle.key');
  if (existsSync(bundle) && existsSync(stamp) && readFileSync(stamp, 'utf8') === key)
    return { path: bundle, rebuilt: false };
  options.onPhase?.('bundling', 'node scripts/bundle.mjs');
  await execTool([process.execPath, join(REPO_ROOT, 'scripts/bundle.mjs')], 'bundle the provisioner', {
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
    onPhase?.('cache hit', `${name} layer ${key.slice(0, 16)}`);
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
    `${name} layer ${(data.length / 1048576).toFixed(1)} MiB, sha256 ${meta.sha256.slice(0, 16)}`,
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

/**
 * Builds what is missing and returns the kernel, the ordered initrd layers and the guest staging root.
 * Concurrent calls on one out/ take turns (a lock under out/image), so parallel runs never see half a build.
 */
export async function ensureImage(options: EnsureImageOptions): Promise<EnsureImageResult> {
  return withBuildLock(join(options.outDir, 'image'), () => buildImage(options), {
    onWait: (owner) => options.onPhase?.('waiting', `for the image build of pid ${owner}`),
  });
}

async function buildImage(options: EnsureImageOptions): Promise<EnsureImageResult> {
  const onPhase = options.onPhase;
  const imageDir = join(options.outDir, 'image');
  const cacheDir = options.cacheDir ?? process.env.ZOS_CACHE_DIR ?? join(homedir(), '.cache/zosstorage');
  const aptState = {
    stateDir: join(imageDir, 'apt'),
    archivesDir: join(cacheDir, 'debs'),
    get mirror() {
      return readDebianMirror();
    },
    suites: GUEST_SUITES,
  };
  const lock = await ensureLock(options, aptState);
  const lockText = formatPackageLock(lock);
  const lockHash = sha256Hex(lockText);
  const guestRoot = join(imageDir, `root-${lockHash.slice(0, 16)}`);

  let kernelVersion: string;
  let rootRebuilt = false;
  if (existsSync(join(guestRoot, '.complete'))) {
    kernelVersion = readFileSync(join(guestRoot, '.complete'), 'utf8').trim();
  } else {
    const debs = await fetchLockedPackages({ ...aptState, mirror: aptState.mirror }, lock, onPhase);
    const staged = await ensureStagingRoot(guestRoot, debs, onPhase);
    kernelVersion = staged.kernelVersion;
    rootRebuilt = true;
  }

  const layersDir = join(imageDir, 'layers');
  const baseKey = computeLayerKey([{ name: 'lock', data: lockText }, ...readSources(BASE_BUILDER_FILES)]);
  const base = await ensureLayer(
    layersDir,
    'base',
    baseKey,
    async () => {
      const entries = await assembleBaseLayer({
        guestRoot,
        kernelVersion,
        workDir: join(imageDir, 'modules-work'),
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
    kernel_version: kernelVersion,
    package_lock_sha256: lockHash,
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
    async () => buildCpioArchive(planTopLayer({ initScript, bundle: bundleData, buildInfo })),
    onPhase,
  );
  pruneLayers(layersDir, [base.path, top.path]);

  const kernel = join(guestRoot, 'boot', `vmlinuz-${kernelVersion}`);
  if (!existsSync(kernel))
    throw new ImageBuildError('KERNEL_MISSING', `${kernel} is missing: delete ${guestRoot} and rebuild`);
  const cacheHit = !rootRebuilt && !base.rebuilt && !top.rebuilt && !bundle.rebuilt;
  return {
    kernel,
    initrdLayers: [base.path, top.path],
    guestRoot,
    cacheHit,
    kernelVersion,
    layers: [base, top],
    lock,
    provisionerVersion,
  };
}
