// The appliance manifest and checksum list: what was shipped, at which versions, with which hashes.
import type { ImageLayer } from '../ensure-image.ts';
import type { ImageIdentity, PackageDrift } from '../packages/image-identity.ts';
import type { LockedPackage } from '../packages/package-lock.ts';
import type { NodeRuntime } from '../runtime/ensure-node-runtime.ts';
import { NODE_LICENSE_PATH } from '../layers/base-layer.ts';
import { proofScenarioOf } from '../root/render-hardware-table.ts';
import { STORAGE_CONTROLLERS } from '../root/storage-controllers.ts';

/**
 * The appliance initramfs's zstd level. 16 is the highest level whose stream unpacks as fast as 12's (measured
 * natively on the whole initramfs, 7 runs each: 12 340 ms, 16 308 ms, 17 423 ms, 19 555 ms: from 17 on the
 * window doubles to 8 MiB) and keeps the appliance under its 40 MiB with the startup snapshot (−1.7 MB against 12).
 * Compressing takes ≈24 s on 2 cores instead of ≈7 s.
 */
export const APPLIANCE_ZSTD_LEVEL = 16;

/**
 * The appliance initramfs must stay within this many bytes (42 MiB since the server storage controllers ship, 1.1 MB
 * of drivers; package-appliance refuses more, scripts/bench prints the figure).
 */
export const APPLIANCE_SIZE_LIMIT = 42 * 1024 * 1024;

export interface ApplianceManifest {
  manifest_version: 1;
  provisioner_version: string;
  kernel_version: string;
  kernel_package: string;
  initramfs: { file: string; compression: 'zstd'; sha256: string; bytes: number };
  kernel: { file: string; sha256: string; bytes: number };
  layers: { name: string; sha256: string; bytes: number }[];
  packages: { name: string; version: string; arch: string; sha256: string }[];
  /** The JavaScript runtime at /usr/bin/node: the npm package it came from, its integrity, the shipped binary. */
  node_runtime: {
    package: string;
    version: string;
    integrity: string;
    sha256: string;
    bytes: number;
    license: string;
  };
  /** The committed lock and the one really used; `drift` lists what differs when the archive had moved on. */
  package_lock: { sha256: string; used_sha256: string; drifted: boolean; drift: PackageDrift | null };
  /** The storage controller drivers shipped (docs/hardware.md), each loaded only for a device present. */
  drivers: { module: string; family: string; proven_by: string[] }[];
}

/** Builds the manifest from what was packaged. Pure. */
export function buildApplianceManifest(inputs: {
  provisionerVersion: string;
  kernelVersion: string;
  packages: LockedPackage[];
  layers: Pick<ImageLayer, 'name' | 'sha256' | 'bytes'>[];
  kernel: { sha256: string; bytes: number };
  initramfs: { sha256: string; bytes: number };
  identity: ImageIdentity;
  runtime: Pick<NodeRuntime, 'pin' | 'sha256' | 'bytes'>;
}): ApplianceManifest {
  const kernelPackage = inputs.packages.find((pkg) => pkg.name === `linux-image-${inputs.kernelVersion}`);
  return {
    manifest_version: 1,
    provisioner_version: inputs.provisionerVersion,
    kernel_version: inputs.kernelVersion,
    kernel_package: kernelPackage
      ? `${kernelPackage.name}=${kernelPackage.version}`
      : `linux-image-${inputs.kernelVersion}`,
    initramfs: { file: 'initramfs', compression: 'zstd', ...inputs.initramfs },
    kernel: { file: 'vmlinuz', ...inputs.kernel },
    layers: inputs.layers.map((layer) => ({ name: layer.name, sha256: layer.sha256, bytes: layer.bytes })),
    packages: inputs.packages.map((pkg) => ({
      name: pkg.name,
      version: pkg.version,
      arch: pkg.arch,
      sha256: pkg.sha256,
    })),
    node_runtime: {
      package: inputs.runtime.pin.package,
      version: inputs.runtime.pin.version,
      integrity: inputs.runtime.pin.integrity,
      sha256: inputs.runtime.sha256,
      bytes: inputs.runtime.bytes,
      license: NODE_LICENSE_PATH,
    },
    package_lock: {
      sha256: inputs.identity.lockSha256,
      used_sha256: inputs.identity.effectiveLockSha256,
      drifted: inputs.identity.drift !== null,
      drift: inputs.identity.drift,
    },
    drivers: STORAGE_CONTROLLERS.map((controller) => ({
      module: controller.module,
      family: controller.family,
      proven_by: controller.qemuBuses.map(proofScenarioOf),
    })),
  };
}

/** `sha256sum`-compatible lines (`<hex>  <file>`), sorted by file name. Pure. */
export function formatSha256Sums(files: Record<string, string>): string {
  return Object.keys(files)
    .sort()
    .map((name) => `${files[name]}  ${name}\n`)
    .join('');
}
