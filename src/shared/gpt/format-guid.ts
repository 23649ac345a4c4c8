// GUIDs as stored on disk (mixed-endian, 16 bytes) to and from their usual lower-case text form.

const GUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Formats 16 on-disk GUID bytes (first three fields little-endian) as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. */
export function formatGuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`a GUID is 16 bytes, got ${bytes.length}`);
  const hex = (indexes: number[]): string =>
    indexes.map((i) => (bytes[i] as number).toString(16).padStart(2, '0')).join('');
  return [hex([3, 2, 1, 0]), hex([5, 4]), hex([7, 6]), hex([8, 9]), hex([10, 11, 12, 13, 14, 15])].join('-');
}

/** Encodes a GUID text into its 16 on-disk bytes (inverse of formatGuid). */
export function encodeGuid(text: string): Buffer {
  if (!GUID_TEXT.test(text)) throw new RangeError(`not a GUID: "${text}"`);
  const hex = text.replace(/-/g, '');
  const raw = Buffer.from(hex, 'hex');
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return Buffer.from(order.map((i) => raw[i] as number));
}

/** True for the all-zero GUID (an unused partition entry). */
export function isZeroGuid(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0);
}
