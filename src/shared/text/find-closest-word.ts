// The known word a mistyped one most likely meant (`serail` → `serial`, `boot` → `boots`), or null.
import { distance } from 'fastest-levenshtein';

/** Whether `a` is `b` with two neighbouring letters swapped (`mnay`/`many`): one typo, two Levenshtein edits. */
function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differ = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  return (
    differ.length === 2 &&
    differ[1] === (differ[0] as number) + 1 &&
    a[differ[0] as number] === b[differ[1] as number] &&
    a[differ[1] as number] === b[differ[0] as number]
  );
}

/**
 * The candidate closest to `word` by edit distance (a swap of two neighbouring letters is one edit), when it is close enough to be a typo: at most a third of the
 * longer word's length (at least 1), or a case-only difference, or a prefix/suffix of at least 3 letters
 * (`boot`/`boots`, `profile`/`data_profile`). Ties keep the candidates' order.
 */
export function findClosestWord(word: string, candidates: readonly string[]): string | null {
  const lower = word.toLowerCase();
  let best: { candidate: string; score: number } | null = null;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const other = candidate.toLowerCase();
    const edits = other === lower ? 0 : isAdjacentSwap(lower, other) ? 1 : distance(lower, other);
    const allowed = Math.max(1, Math.floor(Math.max(lower.length, other.length) / 3));
    const affix =
      Math.min(lower.length, other.length) >= 3 &&
      (other.startsWith(lower) || lower.startsWith(other) || other.endsWith(lower) || lower.endsWith(other));
    if (edits > allowed && !affix) continue;
    const score = affix && edits > allowed ? allowed + 0.5 : edits;
    if (best === null || score < best.score) best = { candidate, score };
  }
  return best?.candidate ?? null;
}
