// Finds the Debian mirror URI in the host's apt sources (deb822 `.sources` or one-line `sources.list`).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../../errors/harness-error.ts';

/** One `deb` source: its archive URI and suites. */
export interface AptSourceEntry {
  uri: string;
  suites: string[];
}

/** `deb` sources of a deb822 `.sources` file, in file order (disabled and `deb-src` stanzas skipped). */
export function parseDeb822Entries(text: string): AptSourceEntry[] {
  const entries: AptSourceEntry[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      if (line.startsWith('#')) continue;
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (match?.[1] && match[2] !== undefined) fields.set(match[1].toLowerCase(), match[2].trim());
    }
    if (fields.get('enabled')?.toLowerCase() === 'no') continue;
    if (!(fields.get('types') ?? '').split(/\s+/).includes('deb')) continue;
    const suites = (fields.get('suites') ?? '').split(/\s+/).filter(Boolean);
    for (const uri of (fields.get('uris') ?? '').split(/\s+/).filter(Boolean)) entries.push({ uri, suites });
  }
  return entries;
}

/** `deb [options] uri suite components` entries of a one-line sources file. */
export function parseOneLineEntries(text: string): AptSourceEntry[] {
  const entries: AptSourceEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (match?.[1] && match[2]) entries.push({ uri: match[1], suites: [match[2]] });
  }
  return entries;
}

/** Archive URIs of a deb822 `.sources` file, in file order. */
export function parseDeb822Sources(text: string): string[] {
  return parseDeb822Entries(text).map((entry) => entry.uri);
}

/** Archive URIs of one-line `deb` entries. */
export function parseOneLineSources(text: string): string[] {
  return parseOneLineEntries(text).map((entry) => entry.uri);
}

/** Debian's code names and aliases (with `-updates` and similar suffixes); Ubuntu's noble or jammy are not here. */
const DEBIAN_SUITE =
  /^(buster|bullseye|bookworm|trixie|forky|duke|sid|stable|testing|unstable|oldstable|experimental)(-.*)?$/;

/**
 * The main Debian archive among the host's sources: not a security, ports, debug or backports archive, and
 * either at a `/debian` path or serving Debian suites. Anything else (an Ubuntu runner's archive, a vendor's
 * package archive) is never picked; the Release origin is checked again after the private `apt-get update`.
 */
export function pickDebianMirror(entries: readonly (AptSourceEntry | string)[]): string | undefined {
  const candidates = entries
    .map((entry) => (typeof entry === 'string' ? { uri: entry, suites: [] } : entry))
    .filter((e) => /^(https?|file):/.test(e.uri) && !/security|debug|ports|backports/.test(e.uri));
  const byPath = candidates.find((e) => /\/debian\/?$/.test(e.uri));
  const bySuite = candidates.find((e) => e.suites.length > 0 && e.suites.every((s) => DEBIAN_SUITE.test(s)));
  return (byPath ?? bySuite)?.uri.replace(/\/+$/, '');
}

/**
 * The mirror to fetch guest packages from: `ZOS_DEBIAN_MIRROR`, else the host's apt sources.
 * Throws a sentence that says how to fix it when neither gives one.
 */
export function readDebianMirror(env: NodeJS.ProcessEnv = process.env, etcApt = '/etc/apt'): string {
  const override = env.ZOS_DEBIAN_MIRROR?.trim();
  if (override) return override.replace(/\/+$/, '');
  const entries: AptSourceEntry[] = [];
  const partsDir = join(etcApt, 'sources.list.d');
  const parts = existsSync(partsDir) ? readdirSync(partsDir).sort() : [];
  for (const name of parts) {
    const text = readFileSync(join(partsDir, name), 'utf8');
    if (name.endsWith('.sources')) entries.push(...parseDeb822Entries(text));
    else if (name.endsWith('.list')) entries.push(...parseOneLineEntries(text));
  }
  const listFile = join(etcApt, 'sources.list');
  if (existsSync(listFile)) entries.push(...parseOneLineEntries(readFileSync(listFile, 'utf8')));
  const mirror = pickDebianMirror(entries);
  if (!mirror) {
    throw new HarnessError(
      'PRECONDITION',
      `no Debian mirror found in ${etcApt}/sources.list or ${partsDir} (a non-Debian host, such as an Ubuntu CI runner?): ` +
        'set ZOS_DEBIAN_MIRROR=<URI of a Debian archive>',
    );
  }
  return mirror;
}
