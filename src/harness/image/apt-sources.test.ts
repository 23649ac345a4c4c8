import t from 'tap';
import { join } from 'node:path';
import {
  parseDeb822Sources,
  parseOneLineSources,
  pickDebianMirror,
  readDebianMirror,
} from './apt-sources.ts';

const deb822 = `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main

Types: deb-src
URIs: http://src.example/debian
Suites: bookworm

Enabled: no
Types: deb
URIs: http://disabled.example/debian
Suites: bookworm
`;

t.test('deb822: deb stanzas only, disabled ones skipped, comments ignored', async (t) => {
  t.same(parseDeb822Sources(deb822), [
    'http://mirror.example/debian',
    'http://mirror.example/debian-security',
  ]);
});

t.test('one-line sources with options and comments', async (t) => {
  const text = [
    '# deb http://commented.example/debian bookworm main',
    'deb [arch=amd64 signed-by=/k.gpg] http://one.example/debian/ bookworm main',
    'deb-src http://src.example/debian bookworm main',
    'deb http://security.example/debian-security bookworm-security main',
  ].join('\n');
  t.same(parseOneLineSources(text), [
    'http://one.example/debian/',
    'http://security.example/debian-security',
  ]);
});

t.test('the main archive wins over security and ports archives', async (t) => {
  t.equal(
    pickDebianMirror(['http://m.example/debian-security', 'http://m.example/debian/']),
    'http://m.example/debian',
  );
  t.equal(pickDebianMirror(['http://m.example/debian-security']), undefined);
  t.equal(pickDebianMirror(['https://cache.example/pub/linux']), 'https://cache.example/pub/linux');
});

t.test('readDebianMirror: env override, then sources.list.d, then a sentence', async (t) => {
  const etc = t.testdir({ 'sources.list.d': { 'debian.sources': deb822 } });
  t.equal(
    readDebianMirror({ ZOS_DEBIAN_MIRROR: 'http://override.example/debian/' }, etc),
    'http://override.example/debian',
  );
  t.equal(readDebianMirror({}, etc), 'http://mirror.example/debian');
  const empty = t.testdir({ 'sources.list': '# nothing\n' });
  t.throws(() => readDebianMirror({}, empty), /set ZOS_DEBIAN_MIRROR/);
  t.throws(() => readDebianMirror({}, join(empty, 'missing')), /no Debian mirror found/);
});
