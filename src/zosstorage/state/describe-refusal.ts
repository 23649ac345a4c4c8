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
export function describeRefusal(
  headline: string,
  disks: RefusedDisk[],
  kind: 'foreign' | 'zos' = 'foreign',
): string {
  const list = disks
    .map((disk) => `${disk.path} (${summarizeEvidence(disk.evidence.map((entry) => entry.description))})`)
    .join(', ');
  // A disk with our partitions may be a member of a zos filesystem: never advise clearing those.
  const advice =
    kind === 'foreign'
      ? 'To reuse a disk, clear all of it yourself (blkdiscard -z <disk>; wipefs -a leaves backup copies and data ' +
        'behind) or leave it out with device_selection.exclude_patterns (--force is not implemented).'
      : 'Look at what each holds (blkid -p on its partitions) before anything else: a disk whose zos partitions hold ' +
        'no ZOSDATA filesystem (an interrupted first provisioning) can be cleared (blkdiscard -z <disk>) and ' +
        'provisioned again; a disk that holds a ZOSDATA filesystem keeps its data: never clear it.';
  return `${headline} ${list}. Nothing was written to any disk. ${advice}`;
}

/** Findings shown per disk in the message (a quick-wiped ext4 alone has ten backup superblocks). */
const SHOWN_FINDINGS = 4;

function summarizeEvidence(descriptions: string[]): string {
  const shown = descriptions.slice(0, SHOWN_FINDINGS).join('; ');
  const more = descriptions.length - SHOWN_FINDINGS;
  return more > 0 ? `${shown}; and ${more} more finding${more === 1 ? '' : 's'}` : shown;
}
