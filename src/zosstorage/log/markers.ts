// The progress-marker vocabulary: one stderr line `ZOSSTORAGE:<EVENT> key=value…` per pipeline step (a JSON
// object with `marker` and `fields` under --log-format json).
// The harness asserts these; docs/provisioner.md "Progress markers" documents them. Change both together.

import { formatMarker as formatSharedMarker } from '../../shared/markers/format-marker.ts';

export const MARKER_EVENTS = {
  START: 'the tool started (version=)',
  CONFIG: 'configuration resolved (topology= source=)',
  DISCOVERED: 'candidate disks found (count= devices=)',
  SAFE: 'a target disk passed the emptiness checks (device= state= probe_ms= tools_ms= scan_ms=)',
  REFUSED:
    'a target disk was refused (device= reason= offset=, format= copy= when a structure was recognised, probe_ms= tools_ms= scan_ms=)',
  ALREADY_PROVISIONED: 'the disks already carry the zos layout; nothing is written (topology=)',
  DEGRADED:
    'a zos filesystem misses members it can lose: mounted with degraded (type= uuid= members=present/all missing=)',
  NEW_DISK:
    'a disk next to a provisioned layout that is none of its members, left untouched (device= state=unprovisioned|refused action=untouched)',
  PLAN: 'the plan is ready (topology= disks= filesystems=)',
  WRITE_CHECK:
    'every range the commands will write on a disk was read and is zero (device= ranges= bytes= ms=); before the first write',
  PARTITIONED: 'a disk got its GPT (device=)',
  MKFS: 'a filesystem was created (type= label= uuid= members=)',
  TOOL_REFUSED:
    'a mkfs refused because it found an existing filesystem (device= tool= found=): a safety finding, exit 4',
  INITIALIZED:
    'a new bcachefs was mounted once and unmounted: the kernel initialised it (type= uuid= by=first-mount)',
  MOUNTED: 'a filesystem was mounted (uuid= path=)',
  FSTAB: 'fstab entries were written (path= entries=)',
  REPORT: 'the state report was written (path=)',
  DONE: 'the run finished successfully (status=)',
  ERROR: 'the run failed (code= exit= message=)',
} as const;

export type MarkerEvent = keyof typeof MARKER_EVENTS;

/** The text marker line of an event (the JSON form is `formatJsonMarker`, src/shared/markers). */
export function formatMarker(
  event: MarkerEvent,
  fields: Record<string, string | number | boolean> = {},
): string {
  return formatSharedMarker(event, fields);
}
