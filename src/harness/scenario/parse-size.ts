// Sizes in scenario files ("40G", "512MiB", 1048576) to bytes, binary units.

const UNITS: Record<string, number> = { '': 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** Parses `40G`, `40GiB`, `1.5T`, `512M` or a byte count; null when it is not a size. */
export function parseSize(value: string | number): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  const match = /^([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?)(?:i?B)?$|^([0-9]+)\s*B$/.exec(value.trim());
  if (!match) return null;
  const bytes = match[3] !== undefined ? Number(match[3]) : Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
}
