// Boots an image once under QEMU (for the image's own slow test and the bench): disks, serial to a file, exit status.
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { execa } from 'execa';
import { execHostTool } from '../exec/exec-host-tool.ts';

/** Concatenates cpio layers (base first) into one initrd file: QEMU takes one `-initrd`. */
export async function writeConcatenatedInitrd(layers: string[], target: string): Promise<void> {
  const out = createWriteStream(target);
  for (const layer of layers) await pipeline(createReadStream(layer), out, { end: false });
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

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
}

/** The QEMU argv of one TCG boot with virtio disks, virtio-rng and isa-debug-exit. Pure. */
export function formatQemuArgv(boot: VmBoot): string[] {
  return [
    'qemu-system-x86_64',
    ...['-accel', 'tcg', '-m', String(boot.memoryMiB ?? 1536), '-smp', '1', '-nographic', '-no-reboot'],
    ...['-kernel', boot.kernel, '-initrd', boot.initrd, '-append', boot.append],
    ...boot.disks.flatMap((disk, index) => [
      '-drive',
      `file=${disk},if=none,id=d${index},format=qcow2`,
      '-device',
      `virtio-blk-pci,drive=d${index},serial=zosdisk${index}`,
    ]),
    ...['-device', 'virtio-rng-pci', '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04'],
    ...['-serial', `file:${boot.serialLog}`, '-monitor', 'none', '-display', 'none'],
  ];
}

/** Boots once; resolves with QEMU's exit status (null on timeout), the wall time and the console text. */
export async function launchImageVm(
  boot: VmBoot,
): Promise<{ status: number | null; seconds: number; console: string }> {
  const [command, ...args] = formatQemuArgv(boot);
  const start = process.hrtime.bigint();
  const result = await execa(command as string, args, {
    reject: false,
    timeout: boot.timeoutMs,
    stdin: 'ignore',
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.code === 'ENOENT') throw new Error('`qemu-system-x86_64` not found: install qemu-system-x86');
  const console = readFileSync(boot.serialLog, 'utf8');
  return { status: result.timedOut ? null : (result.exitCode ?? null), seconds, console };
}
