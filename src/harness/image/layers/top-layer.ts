// Assembles the small top layer: the init script, the provisioner bundle and build metadata.
import type { CpioEntry } from './cpio.ts';

export interface BuildInfo {
  provisioner_version: string;
  bundle_sha256: string;
  base_layer_sha256: string;
  kernel_version: string;
  package_lock_sha256: string;
}

/** The top layer's entries. Pure: every input is given; no timestamps, so equal inputs give equal bytes. */
export function planTopLayer(inputs: {
  initScript: Buffer;
  bundle: Buffer;
  buildInfo: BuildInfo;
}): CpioEntry[] {
  return [
    { type: 'file', path: 'init', mode: 0o755, data: inputs.initScript },
    { type: 'file', path: 'usr/lib/zosstorage/zosstorage.cjs', mode: 0o755, data: inputs.bundle },
    { type: 'dir', path: 'etc/zosstorage', mode: 0o755 },
    {
      type: 'file',
      path: 'etc/zosstorage/build.json',
      mode: 0o644,
      data: Buffer.from(`${JSON.stringify(inputs.buildInfo, null, 2)}\n`),
    },
  ];
}
