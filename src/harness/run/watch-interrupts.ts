// One process-wide interruption: the first SIGINT/SIGTERM/SIGHUP stops every VM and every further step; a second exits.
import { killAllQemu } from '../qemu/launch-qemu.ts';

const controller = new AbortController();
let installed = false;

/** The run's abort signal (aborted once a signal arrived); launchQemu and the runners listen to it. */
export const interruptSignal: AbortSignal = controller.signal;

/**
 * Installs the signal handlers once. The first signal aborts `interruptSignal` (every running QEMU is killed
 * by its launcher, no new scenario or boot starts, results are still written); a second one kills every QEMU
 * and exits with 130 at once.
 */
export function watchInterrupts(log: (line: string) => void): AbortSignal {
  if (installed) return interruptSignal;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (controller.signal.aborted) {
        killAllQemu();
        process.exit(130);
      }
      log(`\n${signal}: stopping every VM and writing the results (again to quit at once)`);
      controller.abort(signal);
    });
  }
  return interruptSignal;
}
