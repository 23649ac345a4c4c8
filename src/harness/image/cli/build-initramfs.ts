// `build-initramfs`: builds (or finds cached) the guest kernel and initramfs layers, printing one line per phase.
import { Command } from 'commander';
import { join, relative } from 'node:path';
import { ensureImage } from '../ensure-image.ts';
import { createPhasePrinter } from './create-phase-printer.ts';

async function main(): Promise<void> {
  const program = new Command('build-initramfs')
    .description(
      'Build the guest kernel and layered initramfs from the locked Debian packages (cached by content).',
    )
    .option(
      '--update-lock',
      're-resolve package versions from the mirror and rewrite guest-packages.lock.json',
    )
    .option('--bundle <file>', 'pack this provisioner bundle instead of building out/zosstorage.mjs')
    .option('--json', 'print the result as JSON on stdout')
    .parse();
  const opts = program.opts<{ updateLock?: boolean; bundle?: string; json?: boolean }>();
  const start = Date.now();
  const root = join(import.meta.dirname, '../../../..');
  const result = await ensureImage({
    outDir: join(root, 'out'),
    onPhase: createPhasePrinter('build-initramfs', start),
    updateLock: opts.updateLock,
    bundlePath: opts.bundle,
  });
  const seconds = ((Date.now() - start) / 1000).toFixed(2);
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ ...result, lock: undefined, seconds: Number(seconds) }, null, 2)}\n`,
    );
    return;
  }
  const rel = (path: string) => relative(process.cwd(), path) || path;
  process.stderr.write(
    `build-initramfs: ${result.cacheHit ? 'cache hit' : 'built'} in ${seconds}s (kernel ${result.kernelVersion})\n`,
  );
  process.stdout.write(`kernel ${rel(result.kernel)}\n`);
  for (const layer of result.layers) {
    process.stdout.write(
      `${layer.name} ${rel(layer.path)} ${(layer.bytes / 1048576).toFixed(1)} MiB sha256=${layer.sha256}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`build-initramfs: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
