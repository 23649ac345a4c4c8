// Parses a mount table (/proc/self/mounts or /proc/self/mountinfo) into source, target and type (pure).

export interface MountEntry {
  /** What is mounted, as the kernel shows it (`/dev/vda3`). */
  source: string;
  target: string;
  fsType: string;
  /** `major:minor` of the mounted device, known only from mountinfo. */
  majorMinor: string | null;
}

/** Accepts both formats: `src target type opts 0 0` and mountinfo's `id parent maj:min root target … - type src …`. */
export function parseMounts(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/).map(unescapeMountField);
    if (fields.length < 3 || fields[0] === '') continue;
    const separator = fields.indexOf('-');
    if (/^\d+:\d+$/.test(fields[2] ?? '') && separator > 4) {
      entries.push({
        source: fields[separator + 2] ?? '',
        target: fields[4] as string,
        fsType: fields[separator + 1] ?? '',
        majorMinor: fields[2] as string,
      });
    } else {
      entries.push({
        source: fields[0] as string,
        target: fields[1] as string,
        fsType: fields[2] as string,
        majorMinor: null,
      });
    }
  }
  return entries;
}

/** Undoes the kernel's octal escapes (`\040` for a space). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) =>
    String.fromCharCode(Number.parseInt(octal, 8)),
  );
}
