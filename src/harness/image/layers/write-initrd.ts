// The one initrd concatenation: cpio layers (base first) and an optional in-memory layer into one file for -initrd.
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

/**
 * Writes `layers` and then `extra` (a scenario's layer) to `out`. Each archive starts 4-byte aligned: the
 * kernel skips zero padding between concatenated archives, and our layers are already aligned, so an image
 * initrd is byte for byte the layers.
 */
export async function writeInitrd(layers: readonly string[], out: string, extra?: Buffer): Promise<void> {
  const sink = createWriteStream(out);
  let written = 0;
  for (const layer of layers) {
    const source = createReadStream(layer);
    source.on('data', (chunk) => (written += chunk.length));
    await pipeline(source, sink, { end: false });
    const pad = (4 - (written % 4)) % 4;
    if (pad > 0) {
      sink.write(Buffer.alloc(pad));
      written += pad;
    }
  }
  await new Promise<void>((resolve, reject) => {
    sink.on('error', reject);
    sink.end(extra ?? Buffer.alloc(0), resolve);
  });
}
