// Runs the guest's own tools on the host through the guest's dynamic loader (the host's glibc is older).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../errors/harness-error.ts';

/** Where tools live in a merged-/usr Debian root, searched in this order. */
export const GUEST_TOOL_DIRS = ['usr/sbin', 'usr/bin', 'sbin', 'bin'];

/** Root-relative path of a tool in the guest root, or undefined when no directory has it. */
export function findGuestTool(
  guestRoot: string,
  tool: string,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  return GUEST_TOOL_DIRS.map((dir) => `${dir}/${tool}`).find((path) => exists(join(guestRoot, path)));
}

/**
 * argv that runs `<tool> <args>` from the guest root with the guest's loader and libraries, e.g.
 * `guestToolArgv(root, 'bcachefs', ['show-super', disk])`. Throws a sentence when the tool is missing.
 */
export function guestToolArgv(
  guestRoot: string,
  tool: string,
  args: string[],
  exists: (path: string) => boolean = existsSync,
): string[] {
  const loader = join(guestRoot, 'lib64/ld-linux-x86-64.so.2');
  if (!exists(loader))
    throw new HarnessError(
      'GUEST_ROOT_INCOMPLETE',
      `guest root ${guestRoot} has no loader at lib64/ld-linux-x86-64.so.2: run ./scripts/build-initramfs`,
    );
  const path = findGuestTool(guestRoot, tool, exists);
  if (!path)
    throw new HarnessError(
      'GUEST_ROOT_INCOMPLETE',
      `\`${tool}\` is not in the guest root ${guestRoot} (looked in ${GUEST_TOOL_DIRS.join(', ')})`,
    );
  const libraryPath = [
    join(guestRoot, 'lib/x86_64-linux-gnu'),
    join(guestRoot, 'usr/lib/x86_64-linux-gnu'),
  ].join(':');
  return [loader, '--library-path', libraryPath, join(guestRoot, path), ...args];
}
