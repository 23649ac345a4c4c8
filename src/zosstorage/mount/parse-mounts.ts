// Parses a mount table (/proc/self/mounts format) into source, target and type (pure).

export interface MountEntry {
  source: string;
  target: string;
  type: string;
}

/** The kernel writes space, tab, newline and backslash as octal escapes (`\040`). */
function unescapeField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function parseMounts(text: string): MountEntry[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 3 && fields[0] !== '')
    .map(([source, target, type]) => ({
      source: unescapeField(source as string),
      target: unescapeField(target as string),
      type: type as string,
    }));
}
