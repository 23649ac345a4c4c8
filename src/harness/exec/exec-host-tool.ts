// The one module of the runner that runs host tools to completion; failures become sentences that name the fix.
import { execa } from 'execa';
import { HarnessError } from '../errors/harness-error.ts';

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
};

export interface ToolResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Explains a failed tool run in one sentence (pure; exported for tests). */
export function describeToolFailure(
  argv: readonly string[],
  exitCode: number | undefined,
  stderr: string,
  purpose: string,
): string {
  const tool = (argv[0] ?? '').split('/').pop() ?? '';
  const shown = tool === 'ld-linux-x86-64.so.2' ? (argv[3] ?? tool).split('/').pop() : tool;
  if (exitCode === 127 || exitCode === undefined) {
    const pkg = TOOL_PACKAGES[tool];
    return `\`${shown}\` not found${pkg ? `: install ${pkg} (./scripts/run-scenario installs it)` : ''} (needed to ${purpose})`;
  }
  const tail = stderr.trim().split('\n').slice(-5).join('\n');
  return `\`${shown}\` failed with exit code ${exitCode} while trying to ${purpose}${tail ? `:\n${tail}` : ''}`;
}

/**
 * Runs argv to completion. Exit codes in `okExitCodes` (default [0]) return normally; anything else throws
 * HarnessError TOOL_FAILED with a sentence.
 */
export async function execHostTool(
  argv: readonly string[],
  purpose: string,
  options: { okExitCodes?: number[]; input?: string | Buffer; cwd?: string } = {},
): Promise<ToolResult> {
  const [tool, ...args] = argv;
  if (tool === undefined) throw new HarnessError('INTERNAL', `empty command line (to ${purpose})`);
  const result = await execa(tool, args, {
    reject: false,
    input: options.input,
    cwd: options.cwd,
    stripFinalNewline: false,
    maxBuffer: 64 * 1024 * 1024,
    env: { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin`, LC_ALL: 'C' },
  });
  const exitCode = result.code === 'ENOENT' ? 127 : result.exitCode;
  const ok = options.okExitCodes ?? [0];
  if (exitCode === undefined || !ok.includes(exitCode)) {
    throw new HarnessError(
      'TOOL_FAILED',
      describeToolFailure(argv, exitCode, String(result.stderr), purpose),
    );
  }
  return { exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}
