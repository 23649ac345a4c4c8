// What the guest image is made of: the Debian packages to fetch and the suites they come from.
// This is the one boundary to swap for another base (e.g. Alpine): packages in, a staging root out.

/** Suites of the private apt state; experimental only serves `bcachefs-tools` (pinned below by `/experimental`). */
export const GUEST_SUITES = ['trixie', 'experimental'] as const;

/** Packages requested from apt (it resolves their dependency closure; the lock file pins every one). */
export const GUEST_PACKAGES = [
  'linux-image-amd64',
  'busybox-static',
  'kmod',
  'util-linux',
  'fdisk',
  'mount',
  // sgdisk: only for the bench's reference image (bench/reference-layer.ts); the base layer partitions with sfdisk.
  'gdisk',
  'dosfstools',
  'btrfs-progs',
  'bcachefs-tools/experimental',
  // The C++ runtime of the official Node.js binary (runtime/guest-runtime.ts), which replaced Debian's nodejs.
  'libstdc++6',
] as const;

/** Debian architecture of the guest. */
export const GUEST_ARCH = 'amd64';
