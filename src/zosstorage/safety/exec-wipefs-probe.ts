// Runs `wipefs --no-act --json` on a disk to list every signature libblkid knows, with offsets.
import type { CommandRunner } from '../exec/command.ts';
import { ZosError } from '../errors/zos-error.ts';
import { runProbe } from './run-probe.ts';

export interface WipefsSignature {
  offset: number;
  type: string;
  uuid: string | null;
  label: string | null;
}

/** Lists the signatures wipefs finds (it never erases with --no-act). */
export async function execWipefsProbe(runner: CommandRunner, devicePath: string): Promise<WipefsSignature[]> {
  const argv = ['wipefs', '--no-act', '--json', devicePath];
  const result = await runProbe(runner, argv, `list signatures on ${devicePath}`);
  if (result.exitCode !== 0) {
    throw new ZosError(
      'TOOL_FAILED',
      `wipefs --no-act failed on ${devicePath} (exit ${result.exitCode}): ${result.stderr.trim() || 'no message'}; ` +
        'the disk cannot be proven empty, so nothing was written',
      { details: { device: devicePath, exitCode: result.exitCode } },
    );
  }
  return parseWipefsJson(result.stdout, devicePath);
}

/** Parses `wipefs --json` output; empty output means no signature. */
export function parseWipefsJson(stdout: string, devicePath: string): WipefsSignature[] {
  if (stdout.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (error) {
    throw new ZosError('TOOL_FAILED', `wipefs printed output that is not JSON for ${devicePath}`, {
      cause: error,
      details: { device: devicePath, stdout: stdout.slice(0, 200) },
    });
  }
  const signatures = (parsed as { signatures?: unknown }).signatures;
  if (!Array.isArray(signatures)) {
    throw new ZosError('TOOL_FAILED', `wipefs JSON for ${devicePath} has no "signatures" list`, {
      details: { device: devicePath },
    });
  }
  return signatures.map((entry: Record<string, unknown>) => ({
    offset: Number.parseInt(String(entry.offset), 16),
    type: String(entry.type),
    uuid: typeof entry.uuid === 'string' ? entry.uuid : null,
    label: typeof entry.label === 'string' ? entry.label : null,
  }));
}
