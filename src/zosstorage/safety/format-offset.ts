// Byte offsets in messages: decimal with the hex form people find in hexdumps (`65600 (0x10040)`).

/** Formats a byte offset as `decimal (0xhex)`. */
export function formatOffset(offset: number): string {
  return `${offset} (0x${offset.toString(16)})`;
}
