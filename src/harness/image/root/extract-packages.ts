// Extracts .deb files into the staging root (the guestRoot) and indexes its kernel modules.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execHostTool } from '../../exec/exec-host-tool.ts';
import { HarnessError } from '../../errors/harness-error.ts';

/** The kernel version of a staging root (the one folder under usr/lib/modules). */
export function findKernelVersion(root: string): string {
  const modules = join(root, 'usr/lib/modules');
  const versions = existsSync(modules) ? readdirSync(modules).sort() : [];
  const version = versions[versions.length - 1];
  if (!version || versions.length !== 1)
    throw new HarnessError(
      'KERNEL_MISSING',
      `expected one kernel in ${modules}, found: ${versions.join(', ') || 'none'} (guest-packages.ts must request exactly one linux-image)`,
    );
  return version;
}

/**
 * Extracts every package into `root` unless `root/.complete` exists. Works in a sibling temp folder and
 * renames at the end, so an interrupted build never leaves a half root behind.
 */
export async function ensureStagingRoot(
  root: string,
  debs: string[],
  onPhase?: (phase: string, detail?: string) => void,
): Promise<{ kernelVersion: string; reused: boolean }> {
  if (existsSync(join(root, '.complete'))) return { kernelVersion: findKernelVersion(root), reused: true };
  const work = `${root}.partial`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  let done = 0;
  for (const deb of debs) {
    await execHostTool(['dpkg-deb', '-x', deb, work], `extract ${deb}`);
    done += 1;
    if (done % 20 === 0 || done === debs.length) onPhase?.('extracting', `${done}/${debs.length} packages`);
  }
  // Merged /usr, as base-files would create it: the guest loader lives at /lib64/ld-linux-x86-64.so.2.
  for (const name of ['bin', 'sbin', 'lib', 'lib64']) {
    if (!existsSync(join(work, name))) symlinkSync(`usr/${name}`, join(work, name));
  }
  const kernelVersion = findKernelVersion(work);
  onPhase?.('modules', `depmod ${kernelVersion}`);
  await execHostTool(['depmod', '-b', work, kernelVersion], `index the kernel modules of ${kernelVersion}`);
  writeFileSync(join(work, '.complete'), `${kernelVersion}\n`);
  rmSync(root, { recursive: true, force: true });
  renameSync(work, root);
  return { kernelVersion, reused: false };
}
