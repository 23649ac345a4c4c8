// Polls until a path (a partition device node) exists, or gives up after a timeout.
import { accessSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves true once `path` exists, false when `timeoutMs` passed without it. */
export type WaitForPath = (path: string, timeoutMs: number) => Promise<boolean>;

async function exists(path: string): Promise<boolean> {
  try {
    accessSync(path);
    return true;
  } catch {
    return false;
  }
}

export function createWaitForPath(intervalMs = 100): WaitForPath {
  return async (path, timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await exists(path)) return true;
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
    }
  };
}

export const waitForPath: WaitForPath = createWaitForPath();
