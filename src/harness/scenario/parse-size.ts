// Sizes in scenario files ("40G", "512MiB", 1048576, "2048s") to bytes: binary units only, and what to write
// instead when a size is not one. "16GB"/"16MB" are refused: a disk vendor's GB is 10^9 bytes, ours would be 2^30.

const UNITS: Record<string, number> = { '': 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** How sizes are written, for messages and docs. */
export const SIZE_FORMS =
  'a whole number of bytes, or a number with K, M, G or T (binary: KiB, MiB, GiB, TiB; "40G" or "40GiB"), or 512-byte sectors ("2048s"), or a sum ("40G+123s")';

export type SizeReading = { ok: true; bytes: number } | { ok: false; message: string; fix: string };

function readTerm(term: string): SizeReading {
  const text = term.trim();
  const sectors = /^([0-9]+)\s*s$/.exec(text);
  if (sectors) return checkBytes(term, Number(sectors[1]) * 512);
  const match = /^([0-9]+(?:\.[0-9]+)?)\s*(?:([KMGT])(?:iB)?|(B))?$/.exec(text);
  if (match) {
    const bytes = Number(match[1]) * (UNITS[match[2] ?? match[3] ?? ''] ?? 1);
    if (!Number.isInteger(bytes))
      return { ok: false, message: `"${term}" is not a whole number of bytes`, fix: `write ${SIZE_FORMS}` };
    return checkBytes(term, bytes);
  }
  const decimal = /^([0-9]+(?:\.[0-9]+)?)\s*([kKMGT])B$/.exec(text);
  if (decimal?.[1] && decimal[2]) {
    const unit = decimal[2].toUpperCase();
    const binary = Number(decimal[1]) * (UNITS[unit] ?? 1);
    const vendor = Number(decimal[1]) * 1000 ** ('KMGT'.indexOf(unit) + 1);
    return {
      ok: false,
      message: `"${term}" is ambiguous: sizes here are binary, but ${unit}B usually means ${vendor} bytes`,
      fix: `write "${decimal[1]}${unit}" (or "${decimal[1]}${unit}iB") for ${binary} bytes, or ${vendor} for the decimal size`,
    };
  }
  const lower = /^([0-9]+(?:\.[0-9]+)?)\s*([kmgt])(?:ib|i?b)?$/i.exec(text);
  if (lower?.[1] && lower[2])
    return {
      ok: false,
      message: `"${term}" is not a size (units are upper case)`,
      fix: `write "${lower[1]}${lower[2].toUpperCase()}"`,
    };
  return { ok: false, message: `"${term}" is not a size`, fix: `write ${SIZE_FORMS}` };
}

function checkBytes(term: string, bytes: number): SizeReading {
  if (!Number.isSafeInteger(bytes) || bytes <= 0)
    return {
      ok: false,
      message: `"${term}" is ${bytes <= 0 ? 'zero' : 'too large'}`,
      fix: 'write a size from 1 byte to 8 PiB',
    };
  return { ok: true, bytes };
}

/** Reads a size, or says why it is none and what to write instead. */
export function readSize(value: string | number): SizeReading {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value > 0) return { ok: true, bytes: value };
    return {
      ok: false,
      message: `${value} is not a size in bytes`,
      fix: `write a whole number of bytes above 0, or ${SIZE_FORMS}`,
    };
  }
  let sum = 0;
  for (const term of value.split('+')) {
    const reading = readTerm(term);
    if (!reading.ok)
      return value.includes('+') ? { ...reading, message: `in "${value}": ${reading.message}` } : reading;
    sum += reading.bytes;
  }
  return checkBytes(value, sum);
}

/** The bytes of a size, or null when it is not one (readSize says why). */
export function parseSize(value: string | number): number | null {
  const reading = readSize(value);
  return reading.ok ? reading.bytes : null;
}
