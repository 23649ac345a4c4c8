// Builds the refusal message for disks that are not empty: every disk, every piece of evidence.
import type { Evidence } from '../safety/disk-state.ts';

export interface RefusedDisk {
  path: string;
  evidence: Evidence[];
}

/** One line per disk, `path: finding; finding`, after a headline and before what to do about it. */
export function describeRefusal(headline: string, disks: RefusedDisk[]): string {
  const lines = disks.map(
    (disk) => `  ${disk.path}: ${disk.evidence.map((entry) => entry.description).join('; ')}`,
  );
  return [
    headline,
    ...lines,
    'Nothing was written to any disk. Wipe these disks yourself or leave them out with ' +
      'device_selection.exclude_patterns (--force is not implemented).',
  ].join('\n');
}
