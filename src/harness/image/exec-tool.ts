// The one module of the image builder that starts processes; failures become sentences that name the fix.
import { execa } from 'execa';
import { HarnessError, type HarnessErrorCode } from '../errors/harness-error.ts';

/** Which Debian package provides each host tool the builder runs (for "not found" messages). */
const HOST_TOOL_PACKAGES: Record<string, string> = {
  'apt-get': 'apt',
  'dpkg-deb': 'dpkg',
  depmod: 'kmod',
  xz: 'xz-utils',
  zstd: 'zstd',
  'qemu-system-x86_64': 'qemu-system-x86',
  'qemu-img': 'qemu-utils',
  node: 'nodejs',
};

/** An image-build failure: a HarnessError (same codes, same exit-code table) named for where it came from. */
export class ImageBuildError extends HarnessError {
  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'ImageBuildError';
  }
}

/** Explains why a tool could not run, in one sentence. Pure; exported for tests. */
export function describeToolFailure(
  tool: string,
  exitCode: number | undefined,
  stderr: string,
  purpose: string,
): string {
  const base = tool.split('/').pop() ?? tool;
  if (exitCode === 127 || exitCode === undefined) {
    const pkg = HOST_TOOL_PACKAGES[base];
    return `\`${base}\` not found${pkg ? `: install ${pkg}` : ''} (needed to ${purpose})`;
  }
  const lastLines = stderr.trim().split('\n').slice(-5).join('\n');
  return `\`${base}\` failed with exit code ${exitCode} while trying to ${purpose}${lastLines ? `:\n${lastLines}` : ''}`;
}

export interface ToolRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs a host tool to completion; throws ImageBuildError TOOL_FAILED with a sentence on any failure. */
export async function execTool(
  argv: string[],
  purpose: string,
  options: {
    cwd?: string;
    env?: Record<string, string>;
    input?: string | Buffer;
    encoding?: 'utf8';
    /** Exit codes besides 0 that the caller reads itself (e.g. apt-get's 100 with its `E:` lines). */
    allowExitCodes?: readonly number[];
  } = {},
): Promise<ToolRun> {
  const [tool, ...args] = argv;
  if (tool === undefined) throw new ImageBuildError('TOOL_FAILED', `empty command line (to ${purpose})`);
  try {
    const result = await execa(tool, args, {
      cwd: options.cwd,
      env: options.env,
      input: options.input,
      reject: false,
      stripFinalNewline: false,
      maxBuffer: 256 * 1024 * 1024,
    });
    const allowed = result.exitCode !== undefined && options.allowExitCodes?.includes(result.exitCode);
    if (result.failed && !allowed) {
      const code = result.code === 'ENOENT' ? 127 : result.exitCode;
      throw new ImageBuildError(
        'TOOL_FAILED',
        describeToolFailure(tool, code, String(result.stderr), purpose),
      );
    }
    return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? 0 };
  } catch (error) {
    if (error instanceof ImageBuildError) throw error;
    throw new ImageBuildError('TOOL_FAILED', describeToolFailure(tool, 127, '', purpose), { cause: error });
  }
}

/** Runs a host tool and returns its stdout as raw bytes (for tools that emit binary data). */
export async function execToolBuffer(argv: string[], purpose: string, input?: Buffer): Promise<Buffer> {
  const [tool, ...args] = argv;
  if (tool === undefined) throw new ImageBuildError('TOOL_FAILED', `empty command line (to ${purpose})`);
  const result = await execa(tool, args, {
    input,
    encoding: 'buffer',
    reject: false,
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (result.failed) {
    const code = result.code === 'ENOENT' ? 127 : result.exitCode;
    throw new ImageBuildError(
      'TOOL_FAILED',
      describeToolFailure(tool, code, Buffer.from(result.stderr).toString(), purpose),
    );
  }
  return Buffer.from(result.stdout);
}
