// Installs the host packages a run needs, when real work starts (never for --help, --version or --list).
import { join } from 'node:path';
import { HarnessError } from '../errors/harness-error.ts';
import { execHostTool } from './exec-host-tool.ts';

/**
 * Runs `scripts/lib/install-host-packages` (the one list of host tools, shared with scripts/test): a no-op when
 * everything is present; as root it apt-get installs what is missing; otherwise a PRECONDITION error that says
 * which `sudo apt-get install` to run. Its own lines go to stderr.
 */
export async function ensureHostPackages(root: string): Promise<void> {
  const script = join(root, 'scripts/lib/install-host-packages');
  const result = await execHostTool([script], 'install the host packages', {
    okExitCodes: 'any',
    stdin: 'ignore',
    stdout: 'inherit',
  });
  const stderr = String(result.stderr).trim();
  if (result.exitCode === 0) {
    if (stderr) process.stderr.write(`${stderr}\n`);
    return;
  }
  const last = stderr.split('\n').pop() ?? '';
  throw new HarnessError(
    'PRECONDITION',
    last.replace(/^bootstrap: /, '') || `${script} failed with exit code ${result.exitCode ?? 'unknown'}`,
  );
}
