// Reads the GPT of an image file or block device read-only (the one place the GPT code touches the world).
import { open } from 'node:fs/promises';
import { parseGpt, type Gpt } from './parse-gpt.ts';

/** Opens `path` read-only and parses its GPT; `sizeBytes` defaults to the file size (pass it for block devices). */
export async function readGptFile(
  path: string,
  options: { sizeBytes?: number; sectorSize?: number } = {},
): Promise<Gpt | null> {
  const handle = await open(path, 'r');
  try {
    const sizeBytes = options.sizeBytes ?? (await handle.stat()).size;
    const read = async (offset: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    };
    return await parseGpt(read, sizeBytes, options.sectorSize);
  } finally {
    await handle.close();
  }
}
