// Reads the guest's `ZOSTEST:TIMING key=<seconds>…` line (kernel uptimes of the init stages) from a console log.
import { INIT_MARKERS } from '../guest-protocol.ts';

/** The stage uptimes of the last TIMING line, or null when the console has none. Pure. */
export function parseTimingLine(console: string): Record<string, number> | null {
  const line = console
    .split(/\r?\n/)
    .filter((l) => l.startsWith(`${INIT_MARKERS.TIMING} `))
    .pop();
  if (!line) return null;
  const stages: Record<string, number> = {};
  for (const match of line.matchAll(/(\w+)=([0-9.]+)/g)) {
    if (match[1] && match[2]) stages[match[1]] = Number(match[2]);
  }
  return stages;
}
