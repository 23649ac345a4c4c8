// Serial console text to lines: CRLF and stray CR removed, ANSI escapes dropped, a trailing partial line kept.

/** Splits console text into lines without `\r` or terminal escape sequences. */
export function splitConsoleLines(text: string): string[] {
  const lines = text
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
    .split('\n')
    .map((line) => line.replace(/\r/g, ''));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
