// Copies a byte range of a qcow2 image's guest-visible content into a sparse raw file (qemu-img raw offset/size).
import { readFile } from 'node:fs/promises';
import { execHostTool } from '../exec/exec-host-tool.ts';

/** qemu-img's --image-opts spec for `size` bytes at `offset` of a qcow2 file (commas in the path doubled). */
export function buildImageRangeOpts(image: string, offset: number, size: number): string {
  return `driver=raw,offset=${offset},size=${size},file.driver=qcow2,file.file.filename=${image.replace(/,/g, ',,')}`;
}

/** Writes the range as a sparse raw file at `out` (milliseconds even for 40 GiB of mostly unallocated space). */
export async function extractImageRange(
  image: string,
  offset: number,
  size: number,
  out: string,
): Promise<void> {
  await execHostTool(
    ['qemu-img', 'convert', '-q', '--image-opts', buildImageRangeOpts(image, offset, size), '-O', 'raw', out],
    `read bytes ${offset}+${size} of ${image}`,
  );
}

/** Reads a small range into memory (GPT headers: the first and last MiB). */
export async function readImageRange(
  image: string,
  offset: number,
  size: number,
  scratch: string,
): Promise<Buffer> {
  await extractImageRange(image, offset, size, scratch);
  return readFile(scratch);
}
