// For an expected marker that never appeared: the console lines that come closest (the same event with other
// fields, or the marker itself before the previous one in the order), so a failure shows what happened instead.

/** `ZOSSTORAGE:PLAN` of `ZOSSTORAGE:PLAN topology=x disks=2`, or the literal event a `/regex/` starts with. */
function findEvent(pattern: string): string | null {
  const source = pattern.startsWith('/') ? pattern.replace(/^\/\^?/, '').replace(/\\/g, '') : pattern;
  return /^([A-Z]+:[A-Z_]+)/.exec(source)?.[1] ?? null;
}

/** `key=value` fields of a marker line, by key. */
function readFields(text: string): Map<string, string> {
  return new Map([...text.matchAll(/(\S+?)=(\S+)/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

/** The fields of `line` that differ from (or are missing in) the marker's text. */
function describeDifference(marker: string, line: string): string {
  const want = readFields(marker);
  const have = readFields(line);
  const differs = [...want]
    .filter(([key, value]) => have.get(key) !== value)
    .map(([key, value]) =>
      have.has(key) ? `${key}=${have.get(key)} (want ${value})` : `no ${key}= (want ${value})`,
    );
  return differs.length === 0 ? '' : ` — differs: ${differs.join(', ')}`;
}

/**
 * What the console shows instead of `pattern` (tested by `test`), searched from 0-based line `from`: at most
 * `limit` lines, each `line N: text — differs: …`, or one sentence when there is nothing close.
 */
export function describeMissingMarker(
  lines: readonly string[],
  pattern: string,
  test: (line: string) => boolean,
  from: number,
  limit = 3,
): string[] {
  const earlier = lines.findIndex((line, i) => i < from && test(line));
  if (earlier !== -1)
    return [
      `it is at line ${earlier + 1}, before the previous expected marker (line ${from}): markers are matched in the order written: ${lines[earlier]?.trim()}`,
    ];
  const event = findEvent(pattern);
  if (event === null) return [];
  const same = lines
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line.includes(`${event} `) || line.endsWith(event));
  if (same.length > 0) {
    const literal = pattern.startsWith('/') ? '' : pattern;
    const shown = same
      .slice(-limit)
      .map(({ line, n }) => `line ${n}: ${line}${literal && describeDifference(literal, line)}`);
    return [
      `${same.length} ${event} line(s) instead; ${same.length > limit ? `the last ${limit}: ` : ''}${shown.join(' | ')}`,
    ];
  }
  const prefix = event.split(':')[0] ?? '';
  const last = lines
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line.startsWith(`${prefix}:`) && !line.includes(':REPORT_DATA'));
  const tail = last.at(-1);
  return [
    `no ${event} line at all${tail === undefined ? `, and no ${prefix}: line either` : `; the last ${prefix}: line was line ${tail.n}: ${tail.line}`}`,
  ];
}
