// A config problem: where (JSON path, source, YAML line) and what is wrong; and how it reads in one line.

export interface ConfigError {
  /** Dotted path in the config (`mount.paths[1]`), `''` for the whole document. */
  path: string;
  /** Where the value came from: a file name, `kernel cmdline zosstorage.topology`, `--topology`, `defaults`. */
  source: string;
  /** 1-based YAML line when the value came from a file. */
  line: number | null;
  message: string;
  /** What to write instead (the key meant, the accepted values), when known. */
  fix?: string;
}

/** `config.yaml:12: topology.mode: must be one of …; did you mean …` (no path for the whole document). */
export function formatConfigError(error: ConfigError): string {
  const where = error.line === null ? error.source : `${error.source}:${error.line}`;
  const path = error.path === '' ? '' : `${error.path}: `;
  return `${where}: ${path}${error.message}${error.fix === undefined ? '' : `; ${error.fix}`}`;
}
