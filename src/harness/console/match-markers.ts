// Pure marker matching over console lines: expected markers in order, forbidden markers anywhere.
import type { ConsolePattern } from '../scenario/scenario-types.ts';

export interface MarkerHit {
  pattern: string;
  /** 1-based line number in the console log. */
  lineNumber: number;
  line: string;
}

export interface MarkerMatch {
  found: MarkerHit[];
  /** Expected markers not seen after the previous expected one, in scenario order. */
  missing: string[];
  /** Each missing marker with the 0-based console line its search started at (after the previous match). */
  missingFrom: { pattern: ConsolePattern; from: number }[];
  forbiddenHits: MarkerHit[];
}

/** Matches `expected` in order (each after the previous match) and finds every line hitting a `forbidden` pattern. */
export function matchMarkers(
  lines: readonly string[],
  expected: readonly ConsolePattern[],
  forbidden: readonly ConsolePattern[],
): MarkerMatch {
  const found: MarkerHit[] = [];
  const missing: string[] = [];
  const missingFrom: MarkerMatch['missingFrom'] = [];
  let from = 0;
  for (const pattern of expected) {
    const index = lines.findIndex((line, i) => i >= from && pattern.test(line));
    if (index === -1) {
      missing.push(pattern.source);
      missingFrom.push({ pattern, from });
      continue;
    }
    found.push({ pattern: pattern.source, lineNumber: index + 1, line: lines[index] as string });
    from = index + 1;
  }
  const forbiddenHits: MarkerHit[] = [];
  lines.forEach((line, i) => {
    const pattern = forbidden.find((p) => p.test(line));
    if (pattern) forbiddenHits.push({ pattern: pattern.source, lineNumber: i + 1, line });
  });
  return { found, missing, missingFrom, forbiddenHits };
}
