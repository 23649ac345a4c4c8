// Pure streaming watcher: fed console lines one by one, it reports progress stages, crashes and forbidden hits.
import { INIT_MARKERS } from '../guest-protocol.ts';
import type { ConsolePattern } from '../scenario/scenario-types.ts';
import { CRASH_PATTERNS } from './crash-patterns.ts';

export type ConsoleEvent =
  | { kind: 'stage'; stage: 'booting' | 'provisioning' | 'reporting' }
  | { kind: 'crash'; pattern: string; line: string; lineNumber: number }
  | { kind: 'forbidden'; pattern: string; line: string; lineNumber: number }
  /** The boot's `power_off_at` pattern appeared: the runner cuts the power (SIGKILL to QEMU). */
  | { kind: 'power-off'; pattern: string; line: string; lineNumber: number };

export interface ConsoleMonitor {
  /** Feeds one line; returns what it means (at most one event per line, crashes first). */
  feed(line: string): ConsoleEvent | null;
  readonly initSeen: boolean;
  readonly lineCount: number;
}

/** A monitor that aborts on crash patterns and on the scenario's forbidden patterns, and cuts at `powerOffAt`. */
export function createConsoleMonitor(
  forbidden: readonly ConsolePattern[],
  powerOffAt: ConsolePattern | null = null,
): ConsoleMonitor {
  let initSeen = false;
  let lineCount = 0;
  return {
    get initSeen() {
      return initSeen;
    },
    get lineCount() {
      return lineCount;
    },
    feed(line) {
      lineCount += 1;
      const crash = CRASH_PATTERNS.find((p) => p.test(line));
      if (crash) return { kind: 'crash', pattern: crash.source, line, lineNumber: lineCount };
      const hit = forbidden.find((p) => p.test(line));
      if (hit) return { kind: 'forbidden', pattern: hit.source, line, lineNumber: lineCount };
      if (powerOffAt?.test(line))
        return { kind: 'power-off', pattern: powerOffAt.source, line, lineNumber: lineCount };
      if (!initSeen && line.includes(INIT_MARKERS.INIT)) {
        initSeen = true;
        return { kind: 'stage', stage: 'booting' };
      }
      if (line.includes(INIT_MARKERS.RUN_ZOSSTORAGE)) return { kind: 'stage', stage: 'provisioning' };
      if (line.includes(INIT_MARKERS.ZOSSTORAGE_EXIT)) return { kind: 'stage', stage: 'reporting' };
      return null;
    },
  };
}
