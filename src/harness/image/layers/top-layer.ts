// Assembles the small top layer: the init script, the provisioner bundle, its startup snapshot and build metadata.
import { GUEST_PATHS } from '../../guest-protocol.ts';
import type { CpioEntry } from './cpio.ts';

export interface BuildInfo {
  provisioner_version: string;
  bundle_sha256: string;
  base_layer_sha256: string;
  kernel_version: string;
  package_lock_sha256: string;
}

/** Where the init finds the bundle and the startup snapshot (archive paths: no leading `/`). */
export const GUEST_BUNDLE_PATH = GUEST_PATHS.provisioner.slice(1);
export const GUEST_SNAPSHOT_PATH = GUEST_PATHS.snapshot.slice(1);

/**
 * The top layer's entries. Pure: every input is given; no timestamps, so equal inputs give equal bytes. Without a
 * snapshot (a given bundle that cannot be built into one) the init starts the bundle.
 */
export function planTopLayer(inputs: {
  initScript: Buffer;
  bundle: Buffer;
  snapshot: Buffer | null;
  buildInfo: BuildInfo;
}): CpioEntry[] {
  return [
    { type: 'file', path: 'init', mode: 0o755, data: inputs.initScript },
    { type: 'file', path: GUEST_BUNDLE_PATH, mode: 0o755, data: inputs.bundle },
    ...(inputs.snapshot === null
      ? []
      : [{ type: 'file' as const, path: GUEST_SNAPSHOT_PATH, mode: 0o644, data: inputs.snapshot }]),
    { type: 'dir', path: 'etc/zosstorage', mode: 0o755 },
    {
      type: 'file',
      path: 'etc/zosstorage/build.json',
      mode: 0o644,
      data: Buffer.from(`${JSON.stringify(inputs.buildInfo, null, 2)}\n`),
    },
  ];
}
