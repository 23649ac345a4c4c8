// Collects the files the guest dumped on the console (`zostest.dump=`) between DUMP_BEGIN and DUMP_END.
import { INIT_MARKERS } from '../guest-protocol.ts';

/** Returns each dumped file's content by guest path; an unterminated dump keeps what arrived. */
export function extractDumps(lines: readonly string[]): Record<string, string> {
  const dumps: Record<string, string> = {};
  let current: { name: string; lines: string[] } | null = null;
  for (const line of lines) {
    const begin = new RegExp(`${INIT_MARKERS.DUMP_BEGIN} name=(\\S+)`).exec(line);
    const end = new RegExp(`${INIT_MARKERS.DUMP_END} name=(\\S+)`).exec(line);
    if (begin) {
      current = { name: begin[1] as string, lines: [] };
    } else if (end && current) {
      dumps[current.name] = current.lines.join('\n');
      current = null;
    } else if (current) {
      current.lines.push(line);
    }
  }
  if (current) dumps[current.name] = current.lines.join('\n');
  return dumps;
}
