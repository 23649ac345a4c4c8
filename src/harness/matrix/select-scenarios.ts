// Pure: which scenarios of a matrix run: `--exclude` globs, `--rerun-failed` of an earlier summary, `--shard i/n`.
import { createHash } from 'node:crypto';
import { matchGlob } from '../../shared/glob/match-glob.ts';
import type { MatrixSummary } from './build-matrix-summary.ts';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** `2/3` → { index: 2, count: 3 }; null when the text is not `i/n` with 1 ≤ i ≤ n ≤ 64. */
export function parseShard(text: string): Shard | null {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return null;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && count >= 1 && count <= 64 && index <= count ? { index, count } : null;
}

/**
 * The shard a scenario belongs to, from its name alone (the first 4 bytes of its sha256, modulo the count): adding
 * or removing another scenario never moves it, and every scenario is in exactly one shard.
 */
export function shardOf(name: string, count: number): number {
  return (createHash('sha256').update(name).digest().readUInt32BE(0) % count) + 1;
}

/** The scenarios whose last attempt in `summary` did not pass (failed, error or interrupted), in summary order. */
export function listUnpassedScenarios(summary: Pick<MatrixSummary, 'scenarios'>): string[] {
  const last = new Map<string, string>();
  for (const entry of summary.scenarios) last.set(entry.scenario, entry.verdict);
  return [...last].filter(([, verdict]) => verdict !== 'passed').map(([scenario]) => scenario);
}

export interface SelectionRules {
  exclude?: readonly string[];
  /** Only these names (from `--rerun-failed`). */
  only?: readonly string[] | null;
  shard?: Shard | null;
}

/** Applies the rules in order: only, exclude, shard; keeps the given order. */
export function selectScenarios(names: readonly string[], rules: SelectionRules): string[] {
  const only = rules.only ? new Set(rules.only) : null;
  return names.filter(
    (name) =>
      (only === null || only.has(name)) &&
      !(rules.exclude ?? []).some((pattern) => matchGlob(pattern, name)) &&
      (rules.shard ? shardOf(name, rules.shard.count) === rules.shard.index : true),
  );
}
