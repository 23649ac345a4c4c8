// Pure: `blkid -p -o export` output to a probe result.
import type { ProbeResult } from './inspection-types.ts';

/** Parses KEY=value lines; empty output (blkid found nothing) gives a result with type null. */
export function parseBlkidExport(output: string): ProbeResult {
  const raw: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) raw[match[1] as string] = (match[2] as string).replace(/\\(.)/g, '$1');
  }
  return {
    type: raw.TYPE ?? null,
    label: raw.LABEL ?? null,
    uuid: raw.UUID ?? null,
    version: raw.VERSION ?? null,
    raw,
  };
}
