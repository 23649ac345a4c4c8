// Runs `blkid -p -o export` (low-level probing, no cache) on a disk or a byte range of it.
import type { CommandRunner } from '../exec/command.ts';
import { ZosError } from '../errors/zos-error.ts';
import { runProbe } from './run-probe.ts';

export type BlkidResult =
  | { status: 'found'; values: Record<string, string> }
  | { status: 'nothing' }
  | { status: 'ambivalent'; message: string };

/**
 * Probes `devicePath` (or the range `offset`/`size` of it, which is how partitions are probed
 * without depending on their device nodes). Exit 0 = found, 2 = nothing, 8 = several
 * signatures (ambivalent). Any other exit is TOOL_FAILED and a missing blkid is TOOL_MISSING:
 * the safety check never passes a disk it could not probe.
 */
export async function execBlkidProbe(
  runner: CommandRunner,
  devicePath: string,
  range?: { offset: number; size: number },
): Promise<BlkidResult> {
  const argv = ['blkid', '-p', '-o', 'export'];
  if (range) argv.push('-O', String(range.offset), '-S', String(range.size));
  argv.push(devicePath);
  const where = range ? `${devicePath} at offset ${range.offset}` : devicePath;
  const result = await runProbe(runner, argv, `probe ${where} for signatures`);
  if (result.exitCode === 0) return { status: 'found', values: parseBlkidExport(result.stdout) };
  if (result.exitCode === 2) return { status: 'nothing' };
  if (result.exitCode === 8) {
    return { status: 'ambivalent', message: result.stderr.trim() || 'several signatures found' };
  }
  throw new ZosError(
    'TOOL_FAILED',
    `blkid -p failed on ${where} (exit ${result.exitCode}): ${result.stderr.trim() || 'no message'}; ` +
      'the disk cannot be proven empty, so nothing was written',
    { details: { device: devicePath, exitCode: result.exitCode } },
  );
}

/** Parses `KEY=value` lines of `blkid -o export`, undoing its backslash escapes. */
export function parseBlkidExport(stdout: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1] as string] = (match[2] as string).replace(/\\(.)/g, '$1');
  }
  return values;
}
