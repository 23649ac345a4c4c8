// The console lines a person reads after a failure: the last ones, without the report's base64 framing and the
// dumped files, each left-out run named in one line (they are in serial.log, and what they say is checked apart).
import { INIT_MARKERS } from '../guest-protocol.ts';

/** The last `count` lines worth reading, in order; a run of report or dump lines becomes one `[…]` line. */
export function excerptConsole(lines: readonly string[], count: number): string[] {
  const kept: string[] = [];
  let skipped: { what: string; n: number } | null = null;
  let dump: string | null = null;
  const flush = () => {
    if (skipped !== null)
      kept.push(
        `[… ${skipped.n} ${skipped.what.replace(/^lines?/, skipped.n === 1 ? 'line' : 'lines')} left out: see serial.log]`,
      );
    skipped = null;
  };
  const skip = (what: string) => {
    if (skipped?.what !== what) flush();
    skipped = { what, n: (skipped?.what === what ? skipped.n : 0) + 1 };
  };
  for (const line of lines) {
    const begin = new RegExp(`${INIT_MARKERS.DUMP_BEGIN} name=(\\S+)`).exec(line);
    if (begin) {
      flush();
      kept.push(line);
      dump = begin[1] ?? '?';
      continue;
    }
    if (dump !== null && line.includes(INIT_MARKERS.DUMP_END)) {
      flush();
      kept.push(line);
      dump = null;
      continue;
    }
    if (dump !== null) skip(`lines of the dump of ${dump}`);
    else if (line.includes(INIT_MARKERS.REPORT_DATA)) skip('lines of report data (base64)');
    else {
      flush();
      kept.push(line);
    }
  }
  flush();
  return kept.slice(-count);
}
