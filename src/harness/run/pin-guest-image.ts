// Pins the guest image files for one run (hard links in the run folder) so a concurrent image rebuild that
// prunes old layers cannot pull them away mid-run.
import { copyFile, link, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { GuestImage } from './run-scenario.ts';

async function pinFile(source: string, dir: string, index: number): Promise<string> {
  const target = join(dir, `${index}-${basename(source)}`);
  try {
    await link(source, target);
  } catch {
    await copyFile(source, target);
  }
  return target;
}

/** Links kernel and initrd layers into `dir` and returns the image with the pinned paths. */
export async function pinGuestImage(image: GuestImage, dir: string): Promise<GuestImage> {
  await mkdir(dir, { recursive: true });
  const kernel = await pinFile(image.kernel, dir, 0);
  const initrdLayers: string[] = [];
  for (const [i, layer] of image.initrdLayers.entries()) initrdLayers.push(await pinFile(layer, dir, i + 1));
  return { kernel, initrdLayers, guestRoot: image.guestRoot };
}
