// Builds the provisioner's V8 startup snapshot with the shipped node binary, natively on the build host: node
// evaluates the bundle (whose entry, seeing the build, registers its main function instead of running it) and
// writes the blob the guest init starts from (`node --snapshot-blob …`). docs/provisioner.md "Startup snapshot".
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execHostTool } from '../../exec/exec-host-tool.ts';

/** What a bundle's entry calls when it supports being built into a snapshot (src/zosstorage/cli/main.ts). */
export const SNAPSHOT_ENTRY_CALL = 'setDeserializeMainFunction';

/** A bundle builds in well under a second natively; a bundle that ran its main function would wait at its gate. */
const BUILD_TIMEOUT_MS = 120_000;

/**
 * The snapshot's build configuration. Without node's code cache for its own modules, node loads the blob on any
 * x86-64 CPU: with one, it also compares V8's cache tag, which covers the CPU features V8 detects, and refuses a
 * blob built on another CPU model (every TCG guest and most real machines).
 */
export function snapshotBuildConfig(bundle: string): { builder: string; withoutCodeCache: true } {
  return { builder: bundle, withoutCodeCache: true };
}

/** True when the bundle's entry registers a deserialize main function (older or foreign bundles run at once). */
export function supportsStartupSnapshot(bundleText: string): boolean {
  return bundleText.includes(SNAPSHOT_ENTRY_CALL);
}

/**
 * The blob for `bundle`, built by `node` (the binary that ships: a blob loads only in the node that built it).
 * The build runs with a start gate that never opens, so that no provisioner code can run on the build host
 * even if the entry were to call its main function; NODE_OPTIONS and NODE_V8_COVERAGE are cleared so that none
 * of the harness's own node settings (a loader, coverage) enters the snapshot.
 */
export async function buildStartupSnapshot(options: {
  node: string;
  bundle: string;
  workDir: string;
  timeoutMs?: number;
}): Promise<Buffer> {
  const work = mkdtempSync(join(options.workDir, 'snapshot-'));
  try {
    const config = join(work, 'config.json');
    const blob = join(work, 'zosstorage.blob');
    writeFileSync(config, JSON.stringify(snapshotBuildConfig(options.bundle)));
    await execHostTool(
      [options.node, '--snapshot-blob', blob, '--build-snapshot-config', config],
      'build the provisioner startup snapshot',
      {
        cwd: work,
        env: { NODE_OPTIONS: '', NODE_V8_COVERAGE: '', ZOSSTORAGE_START_GATE: join(work, 'never-opened') },
        stdin: 'ignore',
        timeoutMs: options.timeoutMs ?? BUILD_TIMEOUT_MS,
      },
    );
    return readFileSync(blob);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
