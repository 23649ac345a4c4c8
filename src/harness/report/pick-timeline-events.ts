// Pure: the boot's milestones from the console and the host's receive times (serial.times.tsv): kernel start,
// the guest init's and the provisioner's markers, each with the time since the previous one.

export interface TimelineEvent {
  /** Milliseconds after QEMU started, as the host received the line. */
  atMs: number;
  /** Since the previous event (or QEMU's start). */
  deltaMs: number;
  /** `INIT`, `MKFS`, `kernel`… */
  name: string;
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

export function pickTimelineEvents(lines: readonly { atMs: number; line: string }[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  let previous = 0;
  for (const { atMs, line } of lines) {
    const marker = /\bZOS(?:TEST|STORAGE):([A-Z_]+)/.exec(line);
    const milestone = KERNEL_MILESTONES.find(([pattern]) => pattern.test(line));
    const name = marker ? marker[1] : milestone?.[1];
    if (!name || SKIPPED_MARKERS.has(name)) continue;
    const text = marker ? line.slice(marker.index).trim() : line.trim();
    events.push({ atMs, deltaMs: atMs - previous, name, line: text });
    previous = atMs;
  }
  return events;
}
