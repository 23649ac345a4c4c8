// Entry point of `zosstorage` (bundled into out/zosstorage.cjs): real stdout/stderr, runner and clock.
import { execCommand } from '../exec/exec-command.ts';
import { runCli } from './run-cli.ts';
import { readToolVersion } from './tool-version.ts';
import { waitForStartGate } from './wait-start-gate.ts';

/** Waits at the init's start gate (if any), runs the CLI and sets the exit code. No top-level await: CommonJS. */
async function main(): Promise<void> {
  const startGate = await waitForStartGate();
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    runner: execCommand,
    toolVersion: readToolVersion(),
    startGate,
  });
}

void main();
