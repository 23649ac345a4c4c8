import t from 'tap';
import { expandRunpath, resolveLibraryClosure } from './library-closure.ts';
import type { ClosureSource } from './library-closure.ts';

function fakeRoot(
  files: Record<string, { needed?: string[]; runpath?: string[]; interpreter?: string } | null>,
): ClosureSource {
  return {
    readDynamic: (path) => {
      const file = files[path];
      return file
        ? { needed: file.needed ?? [], runpath: file.runpath ?? [], interpreter: file.interpreter ?? null }
        : null;
    },
    exists: (path) => path in files,
  };
}

const LIB = 'usr/lib/x86_64-linux-gnu';

t.test('transitive NEEDED libraries and the interpreter, each once', async (t) => {
  const root = fakeRoot({
    'usr/bin/node': { needed: ['libnode.so.115', 'libc.so.6'], interpreter: '/lib64/ld-linux-x86-64.so.2' },
    [`${LIB}/libnode.so.115`]: { needed: ['libicuuc.so.76', 'libc.so.6'] },
    [`${LIB}/libicuuc.so.76`]: { needed: ['libicudata.so.76'] },
    [`${LIB}/libicudata.so.76`]: {},
    [`${LIB}/libc.so.6`]: {},
    'usr/bin/script': null,
  });
  t.same(resolveLibraryClosure(['usr/bin/node', 'usr/bin/script'], root), [
    'lib64/ld-linux-x86-64.so.2',
    `${LIB}/libc.so.6`,
    `${LIB}/libicudata.so.76`,
    `${LIB}/libicuuc.so.76`,
    `${LIB}/libnode.so.115`,
  ]);
});

t.test('RUNPATH with $ORIGIN is searched before the default folders', async (t) => {
  t.equal(expandRunpath('$ORIGIN/../lib/private', 'usr/bin/tool'), 'usr/lib/private');
  const root = fakeRoot({
    'usr/bin/tool': { needed: ['libpriv.so'], runpath: ['$ORIGIN/../lib/private'] },
    'usr/lib/private/libpriv.so': {},
    [`${LIB}/libpriv.so`]: {},
  });
  t.same(resolveLibraryClosure(['usr/bin/tool'], root), ['usr/lib/private/libpriv.so']);
});

t.test('every missing library is named with who needs it', async (t) => {
  const root = fakeRoot({ 'usr/sbin/bcachefs': { needed: ['libsodium.so.23', 'libaio.so.1t64'] } });
  t.throws(
    () => resolveLibraryClosure(['usr/sbin/bcachefs'], root),
    /libsodium\.so\.23 \(needed by \/usr\/sbin\/bcachefs\), libaio\.so\.1t64/,
  );
});
