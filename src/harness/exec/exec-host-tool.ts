// The one module of the harness that starts processes (host tools, guest-root tools through the guest's loader,
// QEMU, the harness's own CLIs in benches): one environment, one sentence per failure class (not found, exit
// code, signal, timeout). `spawnHostTool` is the streaming variant (QEMU's console, progress lines).
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
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
  /** Only with `okExitCodes: 'any'` can these be set: the caller then reads how the run ended. */
  signal?: string;
  timedOut?: true;
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

/** Where `tool` is found on the one environment's PATH (an executable file), or null. */
export function findHostTool(tool: string): string | null {
  for (const dir of (hostToolEnv().PATH ?? '').split(':').filter(Boolean)) {
    const path = join(dir, tool);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      continue;
    }
  }
  return null;
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
  /** Where stdin comes from (default: a pipe fed with `input`). */
  stdin?: 'pipe' | 'ignore';
  /** Where stdout goes (default: captured); a file gets the bytes as they come (a VM console). */
  stdout?: 'pipe' | 'ignore' | 'inherit' | { file: string };
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
    stdin: options.input === undefined ? (options.stdin ?? 'pipe') : 'pipe',
    stdout: options.stdout ?? 'pipe',
    // A console written to a file is not also kept in memory.
    buffer: { stdout: typeof options.stdout !== 'object' },
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
  const passes = ok === 'any' ? exitCode !== 127 : exitCode !== undefined && ok.includes(exitCode);
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
 * throws HarnessError TOOL_FAILED with a sentence. With `okExitCodes: 'any'` only a tool that cannot be
 * started throws: exit codes, signals and timeouts come back in the result.
 */
export async function execHostTool(
  argv: readonly string[],
  purpose: string,
  options: ExecOptions = {},
): Promise<ToolResult> {
  const { result, exitCode } = await run(argv, purpose, options, 'utf8');
  return {
    exitCode,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    ...(result.signal ? { signal: result.signal } : {}),
    ...(result.timedOut ? { timedOut: true as const } : {}),
  };
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

export interface SpawnOptions {
  cwd?: string;
  /** Added to hostToolEnv(). */
  env?: Record<string, string>;
  stdin?: 'pipe' | 'ignore';
  stdout?: 'pipe' | 'ignore';
}

/**
 * Starts argv with the one environment and returns the running child (stdout/stderr streams, `kill`,
 * awaitable, never rejects; stderr is buffered, stdout streamed). The child dies with this process.
 */
export function spawnHostTool(argv: readonly string[], options: SpawnOptions = {}): ResultPromise {
  const [tool, ...args] = argv;
  if (tool === undefined) throw new HarnessError('INTERNAL', 'empty command line');
  return execa(tool, args, {
    reject: false,
    cwd: options.cwd,
    env: hostToolEnv(options.env),
    stdin: options.stdin ?? 'pipe',
    stdout: options.stdout ?? 'pipe',
    stderr: 'pipe',
    buffer: { stdout: false, stderr: true },
    cleanup: true,
  });
}
