// Progress output shared by the image commands: one stderr line per phase with the elapsed time.
import type { PhaseReporter } from '../image/ensure-image.ts';

/** A reporter that prints `<prefix>: <phase> <detail> (+1.2s)` lines on stderr. */
export function createPhasePrinter(prefix: string, start = Date.now()): PhaseReporter {
  return (phase, detail) => {
    const elapsed = ((Date.now() - start) / 1000).toFixed(1);
    process.stderr.write(`${prefix}: ${phase}${detail ? ` ${detail}` : ''} (+${elapsed}s)\n`);
  };
}
