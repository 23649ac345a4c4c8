// The one module of the harness that runs tools to completion (host tools, guest-root tools through the
// guest's loader, QEMU probes): one environment, one sentence per failure class (not found, exit code,
// signal, timeout). QEMU's streaming console run is its variant in qemu/launch-qemu.ts.
import { execa } from 'execa';
import { HarnessError } from '../errors/harness-error.ts';

/** Which Debian package provides each host tool (for "not found" messages). */
const TOOL_PACKAGES: Record<string, string> = {
  'qemu-img': 'qemu-utils',
  'qemu-system-x86_64': 'qemu-system-x86',
  sgdisk: 'gdisk',
  sfdisk: 'fdisk',
  'mkfs.ext4': 'e2fsprogs',
  'mkfs.btrfs': 'btrfs-progs',
  btrfs: 'btrfs-progs',
  'fsck.vfat': 'dosfstools',
  blkid: 'util-linux',
  'apt-get': 'apt',
  'dpkg-deb': 'dpkg',
  depmod: 'kmod',
  xz: 'xz-utils',
  zstd: 'zstd',
  cpio: 'cpio',
  node: 'nodejs',
};

export interface ToolResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How a run ended, as far as the failure sentence needs it. */
export interface ToolEnd {
  /** 127 or undefined: the tool could not be started. */
  exitCode: number | undefined;
  signal?: string | null;
  timedOutMs?: number | null;
}

/** The one environment every tool runs in: the caller's, sbin on PATH, the C locale, plus `extra`. */
export function hostToolEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin`, LC_ALL: 'C', ...extra };
}

/** Explains a failed tool run in one sentence (pure; exported for tests). */
export function describeToolFailure(
  argv: readonly string[],
  end: ToolEnd,
  stderr: string,
  purpose: string,
): string {
  const tool = (argv[0] ?? '').split('/').pop() ?? '';
  // A guest-root tool runs through the guest's loader: name the tool, not the loader.
  const shown = tool === 'ld-linux-x86-64.so.2' ? (argv[3] ?? tool).split('/').pop() : tool;
  const tail = stderr.trim().split('\n').slice(-5).join('\n');
  const detail = tail ? `:\n${tail}` : '';
  if (end.timedOutMs)
    return `\`${shown}\` did not finish within ${end.timedOutMs / 1000} s while trying to ${purpose}`;
  if (end.signal) return `\`${shown}\` was killed by ${end.signal} while trying to ${purpose}${detail}`;
  if (end.exitCode === 127 || end.exitCode === undefined) {
    const pkg = TOOL_PACKAGES[tool];
    return `\`${shown}\` not found${pkg ? `: install ${pkg} (./scripts/run-scenario installs it)` : ''} (needed to ${purpose})`;
  }
  return `\`${shown}\` failed with exit code ${end.exitCode} while trying to ${purpose}${detail}`;
}

export interface ExecOptions {
  /** Exit codes that return normally (default [0]); `'any'` when the caller reads the code itself. */
  okExitCodes?: readonly number[] | 'any';
  input?: string | Buffer;
  cwd?: string;
  /** Added to hostToolEnv(). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

async function run(
  argv: readonly string[],
  purpose: string,
  options: ExecOptions,
  encoding: 'utf8' | 'buffer',
) {
  const [tool, ...args] = argv;
  if (tool === undefined) throw new HarnessError('INTERNAL', `empty command line (to ${purpose})`);
  const result = await execa(tool, args, {
    reject: false,
    input: options.input,
    cwd: options.cwd,
    env: hostToolEnv(options.env),
    timeout: options.timeoutMs,
    stripFinalNewline: false,
    encoding,
    maxBuffer: 1024 * 1024 * 1024,
  });
  const exitCode = result.code === 'ENOENT' ? 127 : result.exitCode;
  const ok = options.okExitCodes ?? [0];
  const signal = result.signal ?? null;
  const passes =
    ok === 'any' ? exitCode !== 127 && !result.timedOut : exitCode !== undefined && ok.includes(exitCode);
  if (!passes || (signal !== null && ok !== 'any')) {
    const stderr =
      encoding === 'buffer' ? Buffer.from(result.stderr as Uint8Array).toString() : String(result.stderr);
    throw new HarnessError(
      'TOOL_FAILED',
      describeToolFailure(
        argv,
        { exitCode, signal, timedOutMs: result.timedOut ? (options.timeoutMs ?? null) : null },
        stderr,
        purpose,
      ),
    );
  }
  return { result, exitCode: exitCode ?? -1 };
}

/**
 * Runs argv to completion. Exit codes in `okExitCodes` (default [0]) return normally; anything else
 * throws HarnessError TOOL_FAILED with a sentence.
 */
export async function execHostTool(
  argv: readonly string[],
  purpose: string,
  options: ExecOptions = {},
): Promise<ToolResult> {
  const { result, exitCode } = await run(argv, purpose, options, 'utf8');
  return { exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** The same for tools whose stdout is binary (cpio, zstd): stdout comes back as bytes. */
export async function execHostToolBuffer(
  argv: readonly string[],
  purpose: string,
  options: ExecOptions = {},
): Promise<Buffer> {
  const { result } = await run(argv, purpose, options, 'buffer');
  return Buffer.from(result.stdout as Uint8Array);
}
