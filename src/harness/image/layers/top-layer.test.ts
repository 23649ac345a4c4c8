import t from 'tap';
import { buildCpioArchive } from './cpio.ts';
import { GUEST_SNAPSHOT_PATH, planTopLayer } from './top-layer.ts';

const buildInfo = {
  provisioner_version: '0.1.0',
  bundle_sha256: 'b'.repeat(64),
  base_layer_sha256: 'c'.repeat(64),
  kernel_version: '6.12.107+deb13-amd64',
  package_lock_sha256: 'd'.repeat(64),
};

t.test(
  'init and the bundle are executable at the protocol paths; build.json carries no timestamp',
  async (t) => {
    const entries = planTopLayer({
      initScript: Buffer.from('#!/bin/sh\n'),
      bundle: Buffer.from('// bundle\n'),
      snapshot: Buffer.from('blob'),
      buildInfo,
    });
    const byPath = new Map(entries.map((entry) => [entry.path, entry]));
    const init = byPath.get('init');
    t.equal(init?.type === 'file' ? init.mode : 0, 0o755);
    const bundle = byPath.get('usr/lib/zosstorage/zosstorage.cjs');
    t.equal(bundle?.type === 'file' ? bundle.data.toString() : '', '// bundle\n');
    const snapshot = byPath.get(GUEST_SNAPSHOT_PATH);
    t.same(snapshot?.type === 'file' ? [snapshot.mode, snapshot.data.toString()] : null, [0o644, 'blob']);
    const info = byPath.get('etc/zosstorage/build.json');
    t.same(info?.type === 'file' ? JSON.parse(info.data.toString()) : null, buildInfo);
  },
);

t.test(
  'without a snapshot the layer carries the bundle alone (the init then starts the bundle)',
  async (t) => {
    const entries = planTopLayer({
      initScript: Buffer.from('#!/bin/sh\n'),
      bundle: Buffer.from('// bundle\n'),
      snapshot: null,
      buildInfo,
    });
    const paths = entries.map((entry) => entry.path);
    t.ok(paths.includes('usr/lib/zosstorage/zosstorage.cjs'));
    t.notOk(paths.includes(GUEST_SNAPSHOT_PATH));
  },
);

t.test('equal inputs give equal archives; another bundle gives another archive', async (t) => {
  const a = buildCpioArchive(
    planTopLayer({ initScript: Buffer.from('i'), bundle: Buffer.from('x'), snapshot: null, buildInfo }),
  );
  const b = buildCpioArchive(
    planTopLayer({ initScript: Buffer.from('i'), bundle: Buffer.from('x'), snapshot: null, buildInfo }),
  );
  const c = buildCpioArchive(
    planTopLayer({ initScript: Buffer.from('i'), bundle: Buffer.from('y'), snapshot: null, buildInfo }),
  );
  t.ok(a.equals(b));
  t.notOk(a.equals(c));
});
