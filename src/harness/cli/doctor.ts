// `doctor`: checks what a run needs and prints one line per finding; non-zero when something would stop a run.
import { join } from 'node:path';
import { Command } from 'commander';
import { defaultCacheDir, formatFinding, runDoctorChecks } from '../doctor/run-doctor-checks.ts';
import { VERDICT_CLASSES } from '../verdict/verdict-classes.ts';
import { defineHarnessCommand, REPO_ROOT, runAsEntryPoint, runHarnessCli } from './run-harness-cli.ts';

export function buildProgram(): Command {
  return defineHarnessCommand(
    new Command()
      .name('doctor')
      .description(
        'Check what a run needs (Node, host tools, KVM, the Debian mirror and the lock, disk space, caches): one line per finding; exit 7 when something would stop a run.',
      )
      .option('--offline', 'skip the mirror and lock checks (no network)', false),
  );
}

export async function main(argv: string[]): Promise<number> {
  return runHarnessCli(buildProgram(), argv, async (program) => {
    const { offline } = program.opts<{ offline: boolean }>();
    const findings = await runDoctorChecks({
      root: REPO_ROOT,
      outDir: join(REPO_ROOT, 'out'),
      cacheDir: defaultCacheDir(process.env),
      env: process.env,
      offline,
    });
    for (const finding of findings) process.stdout.write(`${formatFinding(finding)}\n`);
    const failed = findings.filter((finding) => finding.status === 'fail').length;
    const warned = findings.filter((finding) => finding.status === 'warn').length;
    process.stdout.write(
      failed > 0
        ? `${failed} problem(s) would stop a run\n`
        : `ready${warned > 0 ? ` (${warned} warning(s))` : ''}\n`,
    );
    return failed > 0 ? VERDICT_CLASSES.harness_error.exitCode : 0;
  });
}

await runAsEntryPoint(import.meta.url, main);
