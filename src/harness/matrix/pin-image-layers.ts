// Hard-links the guest image's layers into the run folder, so a rebuild (which prunes old layers) cannot pull
// them from under a running matrix. Falls back to a copy across filesystems.
import { copyFile, link, mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { GuestImage } from '../run/run-scenario.ts';

export async function pinImageLayers(
  image: GuestImage,
  dir: string,
): Promise<{ image: GuestImage; release: () => Promise<void> }> {
  await mkdir(dir, { recursive: true });
  const pinned: string[] = [];
  for (const layer of image.initrdLayers) {
    const target = join(dir, basename(layer));
    await rm(target, { force: true });
    await link(layer, target).catch(() => copyFile(layer, target));
    pinned.push(target);
  }
  return {
    image: { ...image, initrdLayers: pinned },
    release: () => rm(dir, { recursive: true, force: true }),
  };
}
