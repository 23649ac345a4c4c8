// Serial console text to lines: CRLF and stray CR removed, ANSI escapes dropped, a trailing partial line kept.

const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');

/** Splits console text into lines without `\r` or terminal escape sequences. */
export function splitConsoleLines(text: string): string[] {
  const lines = text
    .replace(ANSI_ESCAPE, '')
    .split('\n')
    .map((line) => line.replace(/\r/g, ''));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
