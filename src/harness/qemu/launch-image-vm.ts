// Boots an image once under QEMU (for the image's own slow test and the bench): disks, serial to a file, exit status.
import { readFileSync } from 'node:fs';
import { execHostTool } from '../exec/exec-host-tool.ts';
import { buildQemuArgv } from './build-qemu-argv.ts';

/** Creates an empty qcow2 disk with qemu-img. */
export async function execCreateDisk(path: string, size: string): Promise<void> {
  await execHostTool(['qemu-img', 'create', '-q', '-f', 'qcow2', path, size], `create the test disk ${path}`);
}

export interface VmBoot {
  kernel: string;
  initrd: string;
  disks: string[];
  append: string;
  serialLog: string;
  timeoutMs: number;
  memoryMiB?: number;
  /** Virtual CPUs (default 1; the bench boots like the scenario runner, with 2). */
  smp?: number;
}

/** The QEMU argv of one TCG boot with virtio disks (serial zosdisk<N>), through the harness's one builder. Pure. */
export function formatQemuArgv(boot: VmBoot): string[] {
  return buildQemuArgv({
    qemuBinary: 'qemu-system-x86_64',
    accel: 'tcg',
    memoryMiB: boot.memoryMiB ?? 1536,
    smp: boot.smp ?? 1,
    kernel: boot.kernel,
    initrd: boot.initrd,
    cmdline: boot.append,
    disks: boot.disks.map((image, index) => ({
      disk: {
        id: `d${index}`,
        bus: 'virtio',
        controller: null,
        serial: `zosdisk${index}`,
        logicalBlockSize: null,
        physicalBlockSize: null,
        rotationRate: null,
        removable: false,
        nvmeController: null,
        nvmeNamespaceId: null,
        wwid: null,
      },
      image,
      blkdebugConfig: null,
    })),
  });
}

/** Boots once; resolves with QEMU's exit status (null on timeout), the wall time and the console text. */
export async function launchImageVm(
  boot: VmBoot,
): Promise<{ status: number | null; seconds: number; console: string }> {
  const start = process.hrtime.bigint();
  const result = await execHostTool(formatQemuArgv(boot), 'boot the image', {
    okExitCodes: 'any',
    timeoutMs: boot.timeoutMs,
    stdin: 'ignore',
    stdout: { file: boot.serialLog },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const console = readFileSync(boot.serialLog, 'utf8');
  return { status: result.timedOut || result.signal ? null : result.exitCode, seconds, console };
}
