// The bench reference image: busybox, sgdisk, mkfs.vfat, mkfs.btrfs with their libraries and modules, and a tiny init.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CpioEntry } from '../image/layers/cpio.ts';
import { buildCpioArchive } from '../image/layers/cpio.ts';
import { planBusyboxLinks, planSkeleton } from '../image/layers/base-layer.ts';
import { readElfDynamicInfo } from '../image/root/elf-needed.ts';
import { execHostTool } from '../exec/exec-host-tool.ts';
import { findGuestTool } from '../inspect/guest-tool.ts';
import { resolveLibraryClosure } from '../image/root/library-closure.ts';
import { collectRootPath, existsInRoot, resolveInRoot } from '../image/root/root-files.ts';

const REFERENCE_TOOLS = ['busybox', 'sgdisk', 'mkfs.fat', 'mkfs.vfat', 'mkfs.btrfs'];

/** Builds the reference initramfs from the guest root and the decompressed modules of the base build. */
export async function buildReferenceInitrd(options: {
  guestRoot: string;
  kernelVersion: string;
  modulesWorkDir: string;
}): Promise<Buffer> {
  const { guestRoot } = options;
  const files = new Map<string, CpioEntry>();
  for (const tool of REFERENCE_TOOLS)
    collectRootPath(guestRoot, findGuestTool(guestRoot, tool) as string, files);
  const binaries = [...files.values()].filter((entry) => entry.type === 'file').map((entry) => entry.path);
  const libraries = resolveLibraryClosure(binaries, {
    readDynamic: (path) => {
      const info = readElfDynamicInfo(readFileSync(join(guestRoot, resolveInRoot(guestRoot, path))));
      return info.isElf ? info : null;
    },
    exists: (path) => existsInRoot(guestRoot, path),
  });
  for (const path of libraries) collectRootPath(guestRoot, path, files);
  const modules: CpioEntry[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${rel}/${name}`);
      else modules.push({ type: 'file', path: `${rel}/${name}`, mode: 0o644, data: readFileSync(full) });
    }
  };
  walk(
    join(options.modulesWorkDir, 'lib/modules', options.kernelVersion),
    `usr/lib/modules/${options.kernelVersion}`,
  );
  const busybox = join(guestRoot, findGuestTool(guestRoot, 'busybox') as string);
  const { stdout } = await execHostTool([busybox, '--list-full'], 'list the busybox applets');
  const init: CpioEntry = {
    type: 'file',
    path: 'init',
    mode: 0o755,
    data: readFileSync(join(import.meta.dirname, 'reference-init.sh')),
  };
  return buildCpioArchive([
    ...planSkeleton(),
    ...files.values(),
    ...planBusyboxLinks(stdout, new Set(files.keys())),
    ...modules,
    init,
  ]);
}
