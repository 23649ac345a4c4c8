// Decides KVM or TCG: KVM only when a real probe boot under KVM works; the answer is cached under out/cache.
import { constants } from 'node:fs';
import { access, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HarnessError } from '../errors/harness-error.ts';
import { execHostTool } from '../exec/exec-host-tool.ts';
import { buildQemuArgv, type Accel } from './build-qemu-argv.ts';

export interface KvmProbe {
  usable: boolean;
  reason: string;
}

/** Why /dev/kvm cannot be used, or null when it can be opened read-write. */
export async function checkKvmDevice(device = '/dev/kvm'): Promise<string | null> {
  try {
    await access(device, constants.R_OK | constants.W_OK);
    return null;
  } catch (error) {
    return `cannot access ${device} (${(error as NodeJS.ErrnoException).code})`;
  }
}

/**
 * Boots `kernel` under KVM without an initrd: a working KVM reaches "Kernel panic … VFS" (no root), which
 * with panic=-1 and -no-reboot makes QEMU exit 0. Anything else (emulation failure, hang) means no KVM.
 */
export async function execKvmProbeBoot(qemuBinary: string, kernel: string): Promise<KvmProbe> {
  const device = await checkKvmDevice();
  if (device) return { usable: false, reason: device };
  const argv = buildQemuArgv({
    qemuBinary,
    accel: 'kvm',
    memoryMiB: 256,
    smp: 1,
    kernel,
    initrd: null,
    cmdline: 'console=ttyS0 panic=-1 loglevel=4',
    disks: [],
  });
  const result = await execHostTool(argv, 'probe KVM with a boot', {
    okExitCodes: 'any',
    timeoutMs: 20_000,
    stdin: 'ignore',
  });
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.exitCode === 0 && /Kernel panic|VFS:/.test(output))
    return { usable: true, reason: 'probe boot under KVM reached the kernel' };
  const why = result.timedOut
    ? 'the probe boot hung for 20 s'
    : (output.match(/.*(emulation failure|KVM|kvm).*/)?.[0] ?? `QEMU exited with ${result.exitCode}`);
  return { usable: false, reason: `a probe boot under KVM failed: ${why.trim()}` };
}

/** Resolves `auto|kvm|tcg` to an accelerator; auto probes (cached per kernel and QEMU binary) and warns once. */
export async function resolveAccel(
  requested: 'auto' | Accel,
  options: { qemuBinary: string; kernel: string; cacheFile: string; warn: (message: string) => void },
): Promise<Accel> {
  if (requested === 'tcg') return 'tcg';
  if (requested === 'kvm') {
    const device = await checkKvmDevice();
    if (device)
      throw new HarnessError(
        'PRECONDITION',
        `KVM acceleration requested but ${device}; use --accel tcg or --accel auto`,
      );
    return 'kvm';
  }
  const kernelStat = await stat(options.kernel);
  const key = `${options.qemuBinary}|${options.kernel}|${kernelStat.size}|${kernelStat.mtimeMs}`;
  let probe: KvmProbe | null = null;
  try {
    const cached = JSON.parse(await readFile(options.cacheFile, 'utf8')) as { key: string; probe: KvmProbe };
    if (cached.key === key) probe = cached.probe;
  } catch {
    probe = null;
  }
  if (!probe) {
    probe = await execKvmProbeBoot(options.qemuBinary, options.kernel);
    await mkdir(dirname(options.cacheFile), { recursive: true });
    await writeFile(options.cacheFile, `${JSON.stringify({ key, probe }, null, 2)}\n`);
  }
  if (!probe.usable)
    options.warn(
      `KVM is not usable (${probe.reason}); running under TCG, which is slower. (cached in ${options.cacheFile})`,
    );
  return probe.usable ? 'kvm' : 'tcg';
}
