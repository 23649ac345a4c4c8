// Content keys for the cached layers: a hash over every input, so a changed input means a new layer file.
import { createHash } from 'node:crypto';

/** sha256 over named inputs (name and bytes both count, in the given order). Pure. */
export function computeLayerKey(inputs: { name: string; data: Buffer | string }[]): string {
  const hash = createHash('sha256');
  for (const input of inputs) {
    const data = typeof input.data === 'string' ? Buffer.from(input.data) : input.data;
    hash.update(`${input.name}\0${data.length}\0`);
    hash.update(data);
  }
  return hash.digest('hex');
}
