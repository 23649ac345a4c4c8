// The known word a mistyped one most likely meant (`serail` → `serial`, `boot` → `boots`), or null.
import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `word` by edit distance, when it is close enough to be a typo: at most a third of the
 * longer word's length (at least 1), or a case-only difference, or a prefix/suffix of at least 3 letters
 * (`boot`/`boots`, `profile`/`data_profile`). Ties keep the candidates' order.
 */
export function findClosestWord(word: string, candidates: readonly string[]): string | null {
  const lower = word.toLowerCase();
  let best: { candidate: string; score: number } | null = null;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const other = candidate.toLowerCase();
    const edits = other === lower ? 0 : distance(lower, other);
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
