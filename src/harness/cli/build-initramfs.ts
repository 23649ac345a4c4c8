// `build-initramfs`: builds (or finds cached) the guest kernel and initramfs layers, printing one line per phase.
import { Command } from 'commander';
import { join, relative, resolve } from 'node:path';
import {
  defineHarnessCommand,
  REPO_ROOT,
  runAsEntryPoint,
  runHarnessCli,
  usageError,
} from './run-harness-cli.ts';
import { ensureHostPackages } from '../exec/ensure-host-packages.ts';
import { ensureImage } from '../image/ensure-image.ts';
import { createPhasePrinter } from './create-phase-printer.ts';

interface Options {
  updateLock?: boolean;
  frozenLock?: boolean;
  bundle?: string;
  json?: boolean;
}

export function buildProgram(): Command {
  return defineHarnessCommand(
    new Command('build-initramfs')
      .description(
        'Build the guest kernel and layered initramfs from the locked Debian packages (cached by content).',
      )
      .option(
        '--update-lock',
        're-resolve package versions from the mirror and rewrite guest-packages.lock.json',
      )
      .option(
        '--frozen-lock',
        'fail when a locked package is gone instead of re-resolving (also ZOS_FROZEN_LOCK=1)',
      )
      .option('--bundle <file>', 'pack this provisioner bundle instead of building out/zosstorage.cjs')
      .option('--json', 'print the result as JSON on stdout'),
  );
}

async function build(opts: Options): Promise<number> {
  const start = Date.now();
  await ensureHostPackages(REPO_ROOT);
  const result = await ensureImage({
    outDir: join(REPO_ROOT, 'out'),
    onPhase: createPhasePrinter('build-initramfs', start),
    warn: (message) => process.stderr.write(`build-initramfs: warning: ${message}\n`),
    updateLock: opts.updateLock,
    frozenLock: opts.frozenLock,
    bundlePath: opts.bundle ? resolve(opts.bundle) : undefined,
  });
  const seconds = ((Date.now() - start) / 1000).toFixed(2);
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ ...result, lock: undefined, seconds: Number(seconds) }, null, 2)}\n`,
    );
    return 0;
  }
  const rel = (path: string) => relative(process.cwd(), path) || path;
  process.stderr.write(
    `build-initramfs: ${result.cacheHit ? 'cache hit' : 'built'} in ${seconds}s (kernel ${result.kernelVersion}${result.identity.drift ? ', lock drifted' : ''})\n`,
  );
  process.stdout.write(`kernel ${rel(result.kernel)}\n`);
  for (const layer of result.layers) {
    process.stdout.write(
      `${layer.name} ${rel(layer.path)} ${(layer.bytes / 1048576).toFixed(1)} MiB sha256=${layer.sha256}\n`,
    );
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  return runHarnessCli(buildProgram(), argv, (program) => {
    const opts = program.opts<Options>();
    if (opts.updateLock && opts.frozenLock)
      throw usageError('--update-lock and --frozen-lock exclude each other');
    return build(opts);
  });
}

await runAsEntryPoint(import.meta.url, main);
