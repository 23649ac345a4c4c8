// Makes the pinned Node.js runtime present: the npm tarball in the download cache (integrity checked), the
// binary unpacked and stripped under out/image, with its licence and sha256.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../../errors/harness-error.ts';
import { execHostTool } from '../../exec/exec-host-tool.ts';
import type { RuntimePin } from './guest-runtime.ts';

export interface NodeRuntime {
  pin: RuntimePin;
  /** The stripped binary that ships as `/usr/bin/node`. */
  node: string;
  /** `package/LICENSE` of the tarball (Node.js and its bundled dependencies). */
  license: string;
  /** sha256 of the shipped binary. */
  sha256: string;
  bytes: number;
}

/** npm's integrity string of some bytes (`sha512-<base64>`). Pure. */
export function computeIntegrity(data: Buffer): string {
  return `sha512-${createHash('sha512').update(data).digest('base64')}`;
}

/** Downloads `<package>@<version>` into `destDir` and returns the tarball's path (default: `npm pack`). */
export type FetchTarball = (pin: RuntimePin, destDir: string) => Promise<string>;

const npmPack: FetchTarball = async (pin, destDir) => {
  await execHostTool(
    ['npm', 'pack', `${pin.package}@${pin.version}`, '--pack-destination', destDir, '--silent'],
    `download the Node.js runtime ${pin.package}@${pin.version} from the npm registry`,
    { timeoutMs: 600_000 },
  );
  const file = readdirSync(destDir).find((name) => name.endsWith('.tgz'));
  if (!file)
    throw new HarnessError('RUNTIME_FETCH_FAILED', `npm pack ${pin.package}@${pin.version} wrote no tarball`);
  return join(destDir, file);
};

/** The cached tarball of `pin`, fetched when missing; a tarball whose integrity differs is refused and removed. */
export async function ensureRuntimeTarball(
  pin: RuntimePin,
  cacheDir: string,
  fetchTarball: FetchTarball = npmPack,
): Promise<string> {
  const dir = join(cacheDir, 'node-runtime');
  const path = join(dir, `${pin.package}-${pin.version}.tgz`);
  if (existsSync(path) && computeIntegrity(readFileSync(path)) === pin.integrity) return path;
  mkdirSync(dir, { recursive: true });
  const scratch = join(dir, `.fetch-${process.pid}`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch);
  try {
    const fetched = await fetchTarball(pin, scratch);
    const integrity = computeIntegrity(readFileSync(fetched));
    if (integrity !== pin.integrity)
      throw new HarnessError(
        'RUNTIME_INTEGRITY',
        `${pin.package}@${pin.version} from the npm registry has integrity ${integrity}, not the pinned ${pin.integrity} (guest-runtime.ts); nothing was cached`,
      );
    renameSync(fetched, path);
    return path;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The runtime unpacked under `imageDir` (reused when complete); `onPhase` hears of a download or an unpack. */
export async function ensureNodeRuntime(options: {
  pin: RuntimePin;
  cacheDir: string;
  imageDir: string;
  onPhase?: (phase: string, detail?: string) => void;
  fetchTarball?: FetchTarball;
}): Promise<NodeRuntime> {
  const { pin } = options;
  const tag = createHash('sha256').update(pin.integrity).digest('hex').slice(0, 12);
  const dir = join(options.imageDir, `runtime-node-${pin.version}-${tag}`);
  const node = join(dir, 'node');
  const license = join(dir, 'LICENSE');
  const stamp = join(dir, '.complete');
  if (!existsSync(stamp)) {
    options.onPhase?.('runtime', `${pin.package}@${pin.version}`);
    const tarball = await ensureRuntimeTarball(pin, options.cacheDir, options.fetchTarball);
    const work = `${dir}.tmp-${process.pid}`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    await execHostTool(
      ['tar', '-xzf', tarball, '-C', work, '--strip-components=1', 'package/bin/node', 'package/LICENSE'],
      `unpack ${tarball}`,
    );
    renameSync(join(work, 'bin/node'), join(work, 'node'));
    rmSync(join(work, 'bin'), { recursive: true, force: true });
    // Symbols are 13 MB of the 99 MB binary; nothing in the guest reads them.
    await execHostTool(['strip', join(work, 'node')], 'strip the Node.js binary');
    const data = readFileSync(join(work, 'node'));
    const shipped = { sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
    writeFileSync(join(work, '.complete'), `${JSON.stringify(shipped)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
  }
  const shipped = JSON.parse(readFileSync(stamp, 'utf8')) as { sha256: string; bytes: number };
  return { pin, node, license, ...shipped };
}
