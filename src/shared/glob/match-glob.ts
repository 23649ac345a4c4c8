// Shell-style glob matching (`*`, `?`, `[a-z]`, `[!0-9]`) for device selection patterns.

/** Turns a shell glob into an anchored regular expression. */
export function compileGlob(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === '*') {
      source += '.*';
    } else if (char === '?') {
      source += '.';
    } else if (char === '[') {
      const close = pattern.indexOf(']', index + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = pattern.slice(index + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      source += `[${body.replace(/\\/g, '\\\\')}]`;
      index = close;
    } else {
      source += char.replace(/[.+^${}()|\\/\]]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** True when `name` matches the shell glob `pattern` as a whole. */
export function matchGlob(pattern: string, name: string): boolean {
  return compileGlob(pattern).test(name);
}
