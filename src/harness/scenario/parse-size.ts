// Sizes in scenario files ("40G", "512MiB", 1048576) to bytes, binary units.

const UNITS: Record<string, number> = { '': 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/**
 * Parses `40G`, `40GiB`, `1.5T`, `512M`, a byte count, sectors of 512 bytes (`83886203s`), or a sum of those
 * (`40G+123s`: 40 GiB and 123 sectors); null when it is not a size.
 */
export function parseSize(value: string | number): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (value.includes('+')) {
    const parts = value.split('+').map((part) => parseSize(part));
    if (parts.some((part) => part === null)) return null;
    const sum = (parts as number[]).reduce((a, b) => a + b, 0);
    return Number.isSafeInteger(sum) ? sum : null;
  }
  const sectors = /^\s*([0-9]+)\s*s\s*$/.exec(value);
  if (sectors) {
    const bytes = Number(sectors[1]) * 512;
    return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
  }
  const match = /^([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?)(?:i?B)?$|^([0-9]+)\s*B$/.exec(value.trim());
  if (!match) return null;
  const bytes = match[3] !== undefined ? Number(match[3]) : Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
}
