// Byte-for-byte comparison of guest-visible disk content (qemu-img compare; fast on sparse images).
import { copyFile } from 'node:fs/promises';
import { execHostTool } from '../exec/exec-host-tool.ts';

/** Copies a qcow2 image (only its allocated data) so it can be compared after the boot. */
export async function snapshotDiskImage(image: string, snapshot: string): Promise<void> {
  await copyFile(image, snapshot);
}

/** Compares two images' guest-visible content; `difference` names the first differing offset. */
export async function compareDiskImages(
  before: string,
  after: string,
): Promise<{ identical: boolean; difference: string | null }> {
  const result = await execHostTool(
    ['qemu-img', 'compare', '-f', 'qcow2', '-F', 'qcow2', before, after],
    `compare ${after} with its snapshot`,
    {
      okExitCodes: [0, 1],
    },
  );
  return {
    identical: result.exitCode === 0,
    difference: result.exitCode === 0 ? null : result.stdout.trim(),
  };
}
