// The progress-marker vocabulary: one stderr line `ZOSSTORAGE:<EVENT> key=value…` per pipeline step.
// The harness asserts these; README "Progress markers" documents them. Change both together.

export const MARKER_EVENTS = {
  START: 'the tool started (version=)',
  CONFIG: 'configuration resolved (topology= source=)',
  DISCOVERED: 'candidate disks found (count= devices=)',
  SAFE: 'a target disk passed the emptiness checks (device= state= probe_ms= tools_ms= scan_ms=)',
  REFUSED:
    'a target disk was refused (device= reason= offset=, format= copy= when a structure was recognised, probe_ms= tools_ms= scan_ms=)',
  ALREADY_PROVISIONED: 'the disks already carry the zos layout; nothing is written (topology=)',
  PLAN: 'the plan is ready (topology= disks= filesystems=)',
  PARTITIONED: 'a disk got its GPT (device=)',
  MKFS: 'a filesystem was created (type= label= uuid= members=)',
  INITIALIZED:
    'a new bcachefs was mounted once and unmounted: the kernel initialised it (type= uuid= by=first-mount)',
  MOUNTED: 'a filesystem was mounted (uuid= path=)',
  FSTAB: 'fstab entries were written (path= entries=)',
  REPORT: 'the state report was written (path=)',
  DONE: 'the run finished successfully (status=)',
  ERROR: 'the run failed (code= exit= message=)',
} as const;

export type MarkerEvent = keyof typeof MARKER_EVENTS;

/** Formats a value so that `key=value` stays one token: quote when it has spaces, quotes or `=`. */
function formatValue(value: string | number | boolean): string {
  const text = String(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

export function formatMarker(
  event: MarkerEvent,
  fields: Record<string, string | number | boolean> = {},
): string {
  const parts = Object.entries(fields).map(([key, value]) => `${key}=${formatValue(value)}`);
  return [`ZOSSTORAGE:${event}`, ...parts].join(' ');
}
