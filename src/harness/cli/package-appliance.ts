// `package-appliance`: writes the production kernel, zstd initramfs, manifest.json and SHA256SUMS to out/appliance/.
import { Command, InvalidArgumentError } from 'commander';
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineHarnessCommand, REPO_ROOT, runAsEntryPoint, runHarnessCli } from './run-harness-cli.ts';
import { ensureHostPackages } from '../exec/ensure-host-packages.ts';
import {
  APPLIANCE_ZSTD_LEVEL,
  APPLIANCE_SIZE_LIMIT,
  buildApplianceManifest,
  formatSha256Sums,
} from '../image/appliance/appliance-manifest.ts';
import { ensureImage } from '../image/ensure-image.ts';
import { writeInitrd } from '../image/layers/write-initrd.ts';
import { execHostTool } from '../exec/exec-host-tool.ts';
import { sha256Hex } from '../image/packages/package-lock.ts';
import { HarnessError } from '../errors/harness-error.ts';
import { createPhasePrinter } from './create-phase-printer.ts';

function parseLevel(value: string): string {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 19)
    throw new InvalidArgumentError('use a whole number from 1 to 19');
  return String(n);
}

export function buildProgram(): Command {
  return defineHarnessCommand(
    new Command('package-appliance')
      .description(
        'Package the production appliance (kernel, zstd initramfs, manifest.json, SHA256SUMS) under out/appliance/.',
      )
      .option('--bundle <file>', 'pack this provisioner bundle instead of building out/zosstorage.cjs')
      .option('--level <n>', 'zstd compression level (1-19)', parseLevel, String(APPLIANCE_ZSTD_LEVEL))
      .option(
        '--frozen-lock',
        'fail when a locked package is gone instead of re-resolving (also ZOS_FROZEN_LOCK=1)',
      ),
  );
}

async function packageAppliance(opts: {
  bundle?: string;
  level: string;
  frozenLock?: boolean;
}): Promise<number> {
  const root = REPO_ROOT;
  const onPhase = createPhasePrinter('package-appliance');
  await ensureHostPackages(root);
  const image = await ensureImage({
    outDir: join(root, 'out'),
    onPhase,
    warn: (message) => process.stderr.write(`package-appliance: warning: ${message}\n`),
    bundlePath: opts.bundle ? resolve(opts.bundle) : undefined,
    frozenLock: opts.frozenLock,
  });
  const target = join(root, 'out/appliance');
  const work = `${target}.partial`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  onPhase('packaging', `zstd -${opts.level} of ${image.layers.length} layers`);
  const cpio = join(work, 'initramfs.cpio');
  await writeInitrd(image.initrdLayers, cpio);
  await execHostTool(
    ['zstd', '-q', `-${opts.level}`, '-T0', '--rm', cpio, '-o', join(work, 'initramfs')],
    'compress the appliance initramfs',
  );
  copyFileSync(image.kernel, join(work, 'vmlinuz'));
  const hashOf = (name: string) => {
    const data = readFileSync(join(work, name));
    return { sha256: sha256Hex(data), bytes: data.length };
  };
  const kernel = hashOf('vmlinuz');
  const initramfs = hashOf('initramfs');
  if (initramfs.bytes > APPLIANCE_SIZE_LIMIT)
    throw new HarnessError(
      'APPLIANCE_TOO_LARGE',
      `the appliance initramfs is ${initramfs.bytes.toLocaleString('en')} bytes, over its limit of ${APPLIANCE_SIZE_LIMIT.toLocaleString('en')} (${APPLIANCE_SIZE_LIMIT / 1048576} MiB): ship less, or raise APPLIANCE_SIZE_LIMIT with the reason (src/harness/image/appliance/appliance-manifest.ts)`,
    );
  const manifest = buildApplianceManifest({
    provisionerVersion: image.provisionerVersion,
    kernelVersion: image.kernelVersion,
    packages: image.lock.packages,
    layers: image.layers,
    kernel,
    initramfs,
    identity: image.identity,
    runtime: image.runtime,
  });
  writeFileSync(join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const sums = {
    vmlinuz: kernel.sha256,
    initramfs: initramfs.sha256,
    'manifest.json': hashOf('manifest.json').sha256,
  };
  writeFileSync(join(work, 'SHA256SUMS'), formatSha256Sums(sums));
  rmSync(target, { recursive: true, force: true });
  renameSync(work, target);
  onPhase(
    'done',
    `${relative(process.cwd(), target) || target}: initramfs ${(initramfs.bytes / 1048576).toFixed(1)} MiB, ${manifest.packages.length} packages${image.identity.drift ? ' (lock drifted: see manifest.json package_lock.drift)' : ''}`,
  );
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  return runHarnessCli(buildProgram(), argv, (program) =>
    packageAppliance(program.opts<{ bundle?: string; level: string; frozenLock?: boolean }>()),
  );
}

await runAsEntryPoint(import.meta.url, main);
