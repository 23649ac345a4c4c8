// Entry point of `zosstorage` (bundled into out/zosstorage.cjs): stdout/stderr as file descriptors, runner, clock.
import { startupSnapshot } from 'node:v8';
import { execCommand } from '../exec/exec-command.ts';
import { createFdWriter } from './fd-writer.ts';
import { runCli } from './run-cli.ts';
import { readToolVersion } from './tool-version.ts';
import { waitForStartGate, type RuntimeStart } from './wait-start-gate.ts';

/** Waits at the init's start gate (if any), runs the CLI and sets the exit code. No top-level await: CommonJS. */
async function main(argv: readonly string[], start: RuntimeStart): Promise<void> {
  const startGate = await waitForStartGate(start);
  process.exitCode = await runCli(argv, {
    stdout: createFdWriter(1),
    stderr: createFdWriter(2),
    runner: execCommand,
    toolVersion: readToolVersion(),
    startGate,
  });
}

if (startupSnapshot.isBuildingSnapshot()) {
  // The image build evaluates the bundle into a V8 startup snapshot (docs/provisioner.md "Startup snapshot"):
  // nothing runs now; main runs when node starts from the snapshot, whose argv has no script path. crypto (the
  // GUIDs) is compiled into the snapshot too: a snapshot carries no code cache for node's own modules.
  process.getBuiltinModule('node:crypto');
  startupSnapshot.setDeserializeMainFunction(() => void main(process.argv.slice(1), 'snapshot'));
} else {
  void main(process.argv.slice(2), 'bundle');
}
