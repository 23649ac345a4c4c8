// Pure: the boot's milestones from the console and the host's receive times (serial.times.tsv): kernel start,
// the guest init's and the provisioner's markers, each with the time since the previous one.

export interface TimelineEvent {
  /** Milliseconds after QEMU started, as the host received the line. */
  atMs: number;
  /** Since the previous event (or QEMU's start). */
  deltaMs: number;
  /** `INIT`, `MKFS`, `kernel`… */
  name: string;
  /** What the event is about, from its fields: `vda` (device=), `btrfs vda3,vdb3` (MKFS), a mount path; '' when none. */
  subject: string;
  /** The whole line (the marker's fields). */
  line: string;
}

/** Lines that carry data, not progress: report chunks and dumped files. */
const SKIPPED_MARKERS = new Set(['REPORT_DATA', 'DUMP_BEGIN', 'DUMP_END', 'REPORT_END']);
const KERNEL_MILESTONES: [RegExp, string][] = [
  [/\bLinux version \d/, 'kernel started'],
  [/\bRun \/init as init process/, 'initramfs unpacked, /init runs'],
];

/** Parses `serial.times.tsv` (`<ms>\t<line>` per line) into lines with their receive times. */
export function parseConsoleTimes(text: string): { atMs: number; line: string }[] {
  return text
    .split('\n')
    .filter((row) => row.length > 0)
    .flatMap((row) => {
      const tab = row.indexOf('\t');
      const atMs = Number(row.slice(0, tab));
      return tab < 0 || !Number.isFinite(atMs) ? [] : [{ atMs, line: row.slice(tab + 1) }];
    });
}

/** The marker's `key=value` fields (values unquoted). */
function readFields(line: string): Map<string, string> {
  return new Map(
    [...line.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S+)/g)].map((m) => [
      m[1] ?? '',
      (m[2] ?? '').replace(/^"|"$/g, ''),
    ]),
  );
}

/** What a marker line is about: its device, the filesystem a MKFS made and on which members, a mount's path. */
export function describeSubject(line: string): string {
  const fields = readFields(line);
  const short = (path: string) => path.replace(/^\/dev\//, '');
  const device = fields.get('device');
  if (device !== undefined) return short(device);
  const members = fields.get('members');
  if (members !== undefined)
    return [fields.get('type'), members.split(',').map(short).join(',')].filter(Boolean).join(' ');
  return fields.get('path') ?? fields.get('topology') ?? '';
}

export function pickTimelineEvents(lines: readonly { atMs: number; line: string }[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  let previous = 0;
  for (const { atMs, line } of lines) {
    const marker = /\bZOS(?:TEST|STORAGE):([A-Z_]+)/.exec(line);
    const milestone = KERNEL_MILESTONES.find(([pattern]) => pattern.test(line));
    const name = marker ? marker[1] : milestone?.[1];
    if (!name || SKIPPED_MARKERS.has(name)) continue;
    const text = marker ? line.slice(marker.index).trim() : line.trim();
    events.push({
      atMs,
      deltaMs: atMs - previous,
      name,
      subject: marker ? describeSubject(text) : '',
      line: text,
    });
    previous = atMs;
  }
  return events;
}
