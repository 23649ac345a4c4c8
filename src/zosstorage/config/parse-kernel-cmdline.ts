// Picks the `zosstorage.<name>=<value>` words out of a kernel command line (pure).

export interface CmdlineSetting {
  name: string;
  /** null for a bare `zosstorage.force` (a switch). */
  value: string | null;
}

/** Splits like the kernel does: on whitespace, double quotes group (`zosstorage.config="/a b.yaml"`). */
function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quoted = false;
  let inWord = false;
  for (const char of text) {
    if (char === '"') {
      quoted = !quoted;
      inWord = true;
    } else if (/\s/.test(char) && !quoted) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/** Every `zosstorage.*` word in order; a later word for the same name wins where they are applied. */
export function parseKernelCmdline(text: string): CmdlineSetting[] {
  return splitWords(text)
    .filter((word) => word.startsWith('zosstorage.'))
    .map((word) => {
      const body = word.slice('zosstorage.'.length);
      const equals = body.indexOf('=');
      return equals === -1
        ? { name: body, value: null }
        : { name: body.slice(0, equals), value: body.slice(equals + 1) };
    });
}
