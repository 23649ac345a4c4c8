// The tool's version: baked in by the bundler (__ZOSSTORAGE_VERSION__), else read from package.json (tsx).
import { readFileSync } from 'node:fs';

declare const __ZOSSTORAGE_VERSION__: string | undefined;

/** The version printed by `--version`, the START marker and the report. */
export function readToolVersion(): string {
  if (typeof __ZOSSTORAGE_VERSION__ === 'string') return __ZOSSTORAGE_VERSION__;
  const packageJson = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}
