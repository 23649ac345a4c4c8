// The guest init starts node before the disk drivers are loaded, so that node's own start-up and the bundle's
// evaluation overlap the drivers' probing; the provisioner then waits here until the init opens the gate.
import { existsSync, unlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The environment variable naming the gate file (set by /init only). */
export const START_GATE_VARIABLE = 'ZOSSTORAGE_START_GATE';

/** How often the gate file is looked for: a stat every 10 ms costs nothing beside the drivers' probing. */
const POLL_MS = 10;

/** How the runtime started: from the image's startup snapshot, or by evaluating the bundle. */
export type RuntimeStart = 'snapshot' | 'bundle';

/** How the runtime started, when it reached the gate (ms since node's start) and how long it waited there. */
export interface StartGateTiming {
  start: RuntimeStart;
  readyMs: number;
  waitedMs: number;
}

/**
 * Resolves once the file named by `ZOSSTORAGE_START_GATE` exists (the init renames it into place when the disks
 * have settled), or at once when the variable is unset: every run outside the guest init. The gate is removed
 * when passed: a gate still there after node ended tells the init that nothing of the provisioner ran (a startup
 * snapshot that did not load), so it can start the plain bundle instead.
 */
export async function waitForStartGate(
  start: RuntimeStart,
  env: NodeJS.ProcessEnv = process.env,
  uptimeMs: () => number = () => process.uptime() * 1000,
): Promise<StartGateTiming> {
  const readyMs = Math.round(uptimeMs());
  const gate = env[START_GATE_VARIABLE];
  if (gate !== undefined && gate !== '') {
    while (!existsSync(gate)) await sleep(POLL_MS);
    // unlinkSync, not rmSync: rmSync loads node's rimraf module, the one module a boot loaded for this alone.
    unlinkSync(gate);
  }
  return { start, readyMs, waitedMs: Math.round(uptimeMs()) - readyMs };
}
