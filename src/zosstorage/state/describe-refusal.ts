// Builds the refusal message for disks that are not empty: every disk, every piece of evidence, one line.
import type { Evidence } from '../safety/disk-state.ts';

export interface RefusedDisk {
  path: string;
  evidence: Evidence[];
}

/**
 * `headline /dev/vdb (finding; finding), /dev/vdc (finding). Nothing was written…` on one line, so
 * the whole message survives in a log marker or a JSON log line.
 */
export function describeRefusal(headline: string, disks: RefusedDisk[]): string {
  const list = disks
    .map((disk) => `${disk.path} (${summarizeEvidence(disk.evidence.map((entry) => entry.description))})`)
    .join(', ');
  return (
    `${headline} ${list}. Nothing was written to any disk. To reuse a disk, clear all of it yourself ` +
    '(blkdiscard -z <disk>; wipefs -a leaves backup copies and data behind) or leave it out with ' +
    'device_selection.exclude_patterns (--force is not implemented).'
  );
}

/** Findings shown per disk in the message (a quick-wiped ext4 alone has ten backup superblocks). */
const SHOWN_FINDINGS = 4;

function summarizeEvidence(descriptions: string[]): string {
  const shown = descriptions.slice(0, SHOWN_FINDINGS).join('; ');
  const more = descriptions.length - SHOWN_FINDINGS;
  return more > 0 ? `${shown}; and ${more} more finding${more === 1 ? '' : 's'}` : shown;
}
