import t from 'tap';
import { join } from 'node:path';
import {
  parseDeb822Sources,
  parseOneLineSources,
  pickDebianMirror,
  readDebianMirror,
} from './apt-sources.ts';
import { checkDebianOrigin, parseReleaseOrigin } from './fetch-packages.ts';

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
  t.equal(
    pickDebianMirror([{ uri: 'https://cache.example/pub/linux', suites: ['trixie', 'trixie-updates'] }]),
    'https://cache.example/pub/linux',
    'a mirror at another path is taken when it serves Debian suites',
  );
  t.equal(pickDebianMirror(['https://cache.example/pub/linux']), undefined, 'no path, no suites: not picked');
});

// The apt sources of GitHub's ubuntu-24.04 runner image: Ubuntu's archive (deb822) and Microsoft's (one-line).
const ubuntuRunner = {
  'sources.list': '# Ubuntu sources have moved to /etc/apt/sources.list.d/ubuntu.sources\n',
  'sources.list.d': {
    'microsoft-prod.list':
      'deb [arch=amd64,armhf,arm64 signed-by=/usr/share/keyrings/microsoft-prod.gpg] https://packages.microsoft.com/ubuntu/24.04/prod noble main\n',
    'ubuntu.sources': [
      'Types: deb',
      'URIs: http://azure.archive.ubuntu.com/ubuntu/',
      'Suites: noble noble-updates noble-backports',
      'Components: main universe restricted multiverse',
      'Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg',
      '',
      'Types: deb',
      'URIs: http://azure.archive.ubuntu.com/ubuntu/',
      'Suites: noble-security',
      'Components: main universe restricted multiverse',
      '',
    ].join('\n'),
  },
};

t.test(
  'an Ubuntu runner: neither Ubuntu nor Microsoft is taken for Debian; the env variable is',
  async (t) => {
    const etc = t.testdir(ubuntuRunner);
    t.throws(() => readDebianMirror({}, etc), {
      code: 'PRECONDITION',
      message: /no Debian mirror found .*Ubuntu CI runner.*set ZOS_DEBIAN_MIRROR=/,
    });
    t.equal(
      readDebianMirror({ ZOS_DEBIAN_MIRROR: 'http://d.example/debian' }, etc),
      'http://d.example/debian',
    );
  },
);

t.test('the Release origin decides: Debian passes, anything else is refused with the fix', async (t) => {
  const lists = t.testdir({
    'd.example_debian_dists_trixie_InRelease':
      '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nOrigin: Debian\nLabel: Debian\nSuite: stable\n',
    'u.example_ubuntu_dists_trixie_Release': 'Origin: Ubuntu\nLabel: Ubuntu\n',
  });
  t.equal(parseReleaseOrigin('Label: x\nOrigin: Debian\n'), 'Debian');
  t.equal(parseReleaseOrigin('Label: x\n'), null);
  t.doesNotThrow(() => checkDebianOrigin(lists, { mirror: 'http://d.example/debian', suites: ['trixie'] }));
  const onlyUbuntu = t.testdir({ 'u.example_ubuntu_dists_trixie_Release': 'Origin: Ubuntu\n' });
  t.throws(() => checkDebianOrigin(onlyUbuntu, { mirror: 'http://u.example/ubuntu', suites: ['trixie'] }), {
    code: 'MIRROR_INVALID',
    message:
      /^http:\/\/u\.example\/ubuntu is not a Debian archive \(its trixie Release says Origin: Ubuntu\): set ZOS_DEBIAN_MIRROR/,
  });
  t.throws(() => checkDebianOrigin(lists, { mirror: 'http://d.example/debian', suites: ['experimental'] }), {
    code: 'MIRROR_INVALID',
    message: /its experimental Release says no Origin/,
  });
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
