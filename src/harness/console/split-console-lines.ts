// Serial console text to lines: CRLF and stray CR removed, ANSI escapes dropped, JSON markers in their text form.
import { normalizeMarkerLine } from '../../shared/markers/format-marker.ts';

const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');

/** Splits console text into lines without `\r` or terminal escape sequences; JSON markers become text markers. */
export function splitConsoleLines(text: string): string[] {
  const lines = text
    .replace(ANSI_ESCAPE, '')
    .split('\n')
    .map((line) => normalizeMarkerLine(line.replace(/\r/g, '')));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
