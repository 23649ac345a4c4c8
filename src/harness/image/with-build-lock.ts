// Serializes image builds between processes sharing one out/ (parallel runs, several engineers, CI jobs).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HarnessError } from '../errors/harness-error.ts';

/** Whether a process id is alive (signal 0 probes without touching it). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` while holding `<dir>/.build-lock` (an atomic mkdir holding the owner's pid). A lock whose owner
 * died is taken over; waiting longer than `timeoutMs` throws a sentence naming the owner.
 */
export async function withBuildLock<T>(
  dir: string,
  work: () => Promise<T>,
  options: { timeoutMs?: number; onWait?: (owner: string) => void } = {},
): Promise<T> {
  const lock = join(dir, '.build-lock');
  mkdirSync(dir, { recursive: true });
  const deadline = Date.now() + (options.timeoutMs ?? 20 * 60_000);
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = '';
      try {
        owner = readFileSync(join(lock, 'pid'), 'utf8').trim();
      } catch {
        // the owner is between mkdir and writing its pid
      }
      if (owner && !isProcessAlive(Number(owner))) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new HarnessError(
          'BUILD_LOCKED',
          `another image build (pid ${owner || '?'}) holds ${lock}; remove it if that process is gone`,
          { cause: error },
        );
      }
      if (!told) options.onWait?.(owner || '?');
      told = true;
      await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
