// Maps a path in the config back to where it was written: a YAML line (yaml-source-map.ts), or the override that
// set it.

export type ConfigKeys = readonly (string | number)[];

export interface ConfigSourceMap {
  /** The source and line of the value at `keys` (or of its nearest written ancestor). */
  locate(keys: ConfigKeys): { source: string; line: number | null };
}

export interface OverrideOrigin {
  keys: readonly string[];
  /** `kernel cmdline zosstorage.topology`, `--topology`. */
  source: string;
}

/** Wraps a source map so that values set by overrides are attributed to the override, not the file. */
export function withOverrides(
  base: ConfigSourceMap | null,
  origins: readonly OverrideOrigin[],
): ConfigSourceMap {
  return {
    locate(keys) {
      const origin = [...origins]
        .reverse()
        .find((candidate) => candidate.keys.every((key, index) => keys[index] === key));
      if (origin !== undefined) return { source: origin.source, line: null };
      return base?.locate(keys) ?? { source: 'defaults', line: null };
    },
  };
}
