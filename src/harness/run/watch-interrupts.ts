// One process-wide interruption: the first SIGINT/SIGTERM/SIGHUP stops every VM and every further step; a second quits.
import { killAllQemu } from '../qemu/launch-qemu.ts';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const controller = new AbortController();
let installed = false;

/** The run's abort signal (aborted once a signal arrived); launchQemu and the runners listen to it. */
export const interruptSignal: AbortSignal = controller.signal;

/**
 * Installs the signal handlers once. The first signal aborts `interruptSignal` (every running QEMU is killed
 * by its launcher, no new scenario or boot starts, results are still written); a second one kills every QEMU
 * and ends the process by that signal, as if no handler were installed (a shell sees 130 for SIGINT).
 */
export function watchInterrupts(log: (line: string) => void): AbortSignal {
  if (installed) return interruptSignal;
  installed = true;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (controller.signal.aborted) {
        killAllQemu();
        for (const each of SIGNALS) process.removeAllListeners(each);
        process.kill(process.pid, signal);
        return;
      }
      log(`\n${signal}: stopping every VM and writing the results (again to quit at once)`);
      controller.abort(signal);
    });
  }
  return interruptSignal;
}
