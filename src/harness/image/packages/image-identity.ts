// What an image was built from: the committed lock, the packages really used, and the drift between them. Pure.
import type { LockedPackage } from './package-lock.ts';

/** How the packages really used differ from the committed lock (the archive moved on and the request was re-resolved). */
export interface PackageDrift {
  /** The mirror that was asked. */
  mirror: string;
  /** The locked versions the mirror no longer serves (`name=version`), the reason for the re-resolution. */
  unavailable: string[];
  changed: { name: string; from: string; to: string }[];
  added: { name: string; version: string }[];
  removed: { name: string; version: string }[];
}

/** Recorded in build-info.json, summary.json, JUnit properties and the appliance manifest. */
export interface ImageIdentity {
  /** sha256 of the committed guest-packages.lock.json text. */
  lockSha256: string;
  /** sha256 of the lock really used (equal to lockSha256 unless the lock drifted). */
  effectiveLockSha256: string;
  kernelVersion: string;
  drift: PackageDrift | null;
}

/** The difference between the locked and the really used packages, by name. Null when they are the same. */
export function computePackageDrift(
  locked: readonly Pick<LockedPackage, 'name' | 'version'>[],
  used: readonly Pick<LockedPackage, 'name' | 'version'>[],
  unavailable: readonly string[],
  mirror: string,
): PackageDrift | null {
  const before = new Map(locked.map((pkg) => [pkg.name, pkg.version]));
  const after = new Map(used.map((pkg) => [pkg.name, pkg.version]));
  const changed = [...after]
    .filter(([name, version]) => before.has(name) && before.get(name) !== version)
    .map(([name, to]) => ({ name, from: before.get(name) ?? '', to }));
  const added = [...after]
    .filter(([name]) => !before.has(name))
    .map(([name, version]) => ({ name, version }));
  const removed = [...before]
    .filter(([name]) => !after.has(name))
    .map(([name, version]) => ({ name, version }));
  if (changed.length + added.length + removed.length === 0) return null;
  return { mirror, unavailable: [...unavailable], changed, added, removed };
}

/** `linux-image-amd64 6.12.107-1 → 6.12.117-1`, `+ libfoo 1.2`, `- libbar 0.9`, sorted by package name. */
export function formatDriftList(drift: PackageDrift): string[] {
  return [
    ...drift.changed.map((c) => ({ name: c.name, line: `${c.name} ${c.from} → ${c.to}` })),
    ...drift.added.map((a) => ({ name: a.name, line: `+ ${a.name} ${a.version}` })),
    ...drift.removed.map((r) => ({ name: r.name, line: `- ${r.name} ${r.version}` })),
  ]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((entry) => entry.line);
}

/** The one warning printed when a build uses a drifted lock: what changed and how to pin it. */
export function formatDriftWarning(drift: PackageDrift): string {
  const lines = formatDriftList(drift);
  return [
    `guest-packages.lock.json is stale: ${drift.mirror} no longer serves ${drift.unavailable.join(', ')}; ` +
      `built from the same request re-resolved (${lines.length} package(s) differ, recorded in every result):`,
    ...lines.map((line) => `  ${line}`),
    '  To pin what was used: ./scripts/build-initramfs --update-lock and commit guest-packages.lock.json; ' +
      '--frozen-lock (or ZOS_FROZEN_LOCK=1) fails instead of re-resolving.',
  ].join('\n');
}
