// Finds the Debian mirror URI in the host's apt sources (deb822 `.sources` or one-line `sources.list`).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Archive URIs from a deb822 `.sources` file, in file order (only `Types: deb` stanzas). */
export function parseDeb822Sources(text: string): string[] {
  const uris: string[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      if (line.startsWith('#')) continue;
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (match?.[1] && match[2] !== undefined) fields.set(match[1].toLowerCase(), match[2].trim());
    }
    if (fields.get('enabled')?.toLowerCase() === 'no') continue;
    if (!(fields.get('types') ?? '').split(/\s+/).includes('deb')) continue;
    uris.push(...(fields.get('uris') ?? '').split(/\s+/).filter(Boolean));
  }
  return uris;
}

/** Archive URIs from one-line `deb [options] uri suite components` entries. */
export function parseOneLineSources(text: string): string[] {
  const uris: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+/.exec(line);
    if (match?.[1]) uris.push(match[1]);
  }
  return uris;
}

/** The main Debian archive among candidate URIs: not a security, ports or debug archive. */
export function pickDebianMirror(uris: string[]): string | undefined {
  const main = uris.filter(
    (uri) => /^(https?|file):/.test(uri) && !/security|debug|ports|backports/.test(uri),
  );
  return main.find((uri) => /\/debian\/?$/.test(uri))?.replace(/\/+$/, '') ?? main[0]?.replace(/\/+$/, '');
}

/**
 * The mirror to fetch guest packages from: `ZOS_DEBIAN_MIRROR`, else the host's apt sources.
 * Throws a sentence that says how to fix it when neither gives one.
 */
export function readDebianMirror(env: NodeJS.ProcessEnv = process.env, etcApt = '/etc/apt'): string {
  const override = env.ZOS_DEBIAN_MIRROR?.trim();
  if (override) return override.replace(/\/+$/, '');
  const uris: string[] = [];
  const partsDir = join(etcApt, 'sources.list.d');
  const parts = existsSync(partsDir) ? readdirSync(partsDir).sort() : [];
  for (const name of parts) {
    const text = readFileSync(join(partsDir, name), 'utf8');
    if (name.endsWith('.sources')) uris.push(...parseDeb822Sources(text));
    else if (name.endsWith('.list')) uris.push(...parseOneLineSources(text));
  }
  const listFile = join(etcApt, 'sources.list');
  if (existsSync(listFile)) uris.push(...parseOneLineSources(readFileSync(listFile, 'utf8')));
  const mirror = pickDebianMirror(uris);
  if (!mirror) {
    throw new Error(
      `no Debian mirror found in ${etcApt}/sources.list or ${partsDir}: set ZOS_DEBIAN_MIRROR=<uri of a Debian archive>`,
    );
  }
  return mirror;
}
