// Starts loading the kernel modules of the data filesystems a run will mount, beside the work before that mount.
// The guest init preloads btrfs only; bcachefs (4.5 MB, ≈1.1 s of CPU under TCG) loads when a plan or a found layout
// has it. A mount that comes first waits for the load in flight (the kernel's own module request joins it).
import { statSync } from 'node:fs';
import path from 'node:path';
import type { CommandRunner } from '../exec/command.ts';
import type { Logger } from '../log/logger-types.ts';

/** Filesystem types that may need a module before they can be mounted. */
const MODULE_FILESYSTEMS: readonly string[] = ['btrfs', 'bcachefs'];

/** Whether `<sysRoot>/module/<name>` exists; an entry that cannot be looked at (ELOOP, EACCES) counts as absent. */
function isModuleLoaded(entry: string): boolean {
  try {
    statSync(entry);
    return true;
  } catch {
    return false;
  }
}

/**
 * One `modprobe -q -a` for the types among `types` whose module is not in `<sysRoot>/module` yet (loaded, being
 * loaded or built in). Never rejects: a failed or missing modprobe is a debug line, and the mount that needs the
 * module reports the real problem. Resolves when modprobe has ended (at once when nothing is to load).
 */
export async function startModuleLoads(input: {
  types: Iterable<string>;
  sysRoot: string;
  runner: CommandRunner;
  logger: Logger;
}): Promise<void> {
  const wanted = [...new Set(input.types)].filter((type) => MODULE_FILESYSTEMS.includes(type));
  const missing = wanted.filter((type) => !isModuleLoaded(path.join(input.sysRoot, 'module', type)));
  if (missing.length === 0) return;
  try {
    const result = await input.runner({
      argv: ['modprobe', '-q', '-a', ...missing],
      purpose: `load the kernel modules of ${missing.join(', ')}`,
    });
    if (result.exitCode !== 0)
      input.logger.debug('modprobe failed; the mount will ask the kernel itself', {
        modules: missing.join(','),
        exit: result.exitCode,
      });
  } catch (error) {
    input.logger.debug('modprobe could not run; the mount will ask the kernel itself', {
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}
