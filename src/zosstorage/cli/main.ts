// Entry point of `zosstorage` (bundled into out/zosstorage.mjs): real stdout/stderr, runner and clock.
import { execCommand } from '../exec/exec-command.ts';
import { runCli } from './run-cli.ts';
import { readToolVersion } from './tool-version.ts';
import { waitForStartGate } from './wait-start-gate.ts';

const startGate = await waitForStartGate();
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  runner: execCommand,
  toolVersion: readToolVersion(),
  startGate,
});
