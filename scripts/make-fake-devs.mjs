#!/usr/bin/env node
// Creates sparse, all-zero fake device files for a sysfs fixture, so --plan runs on a host:
//   node scripts/make-fake-devs.mjs fixtures/sysfs/two-nvme /tmp/fake-dev
//   node out/zosstorage.cjs --plan --sysfs-root fixtures/sysfs/two-nvme --dev-root /tmp/fake-dev \
//     --cmdline-file /dev/null --mounts-file /dev/null
// One file per /sys/block entry, sized from its `size` attribute (512-byte sectors). The files are
// sparse, so a "40 GiB" disk costs no space. Existing files are left alone unless --force is given.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';

const USAGE = 'usage: node scripts/make-fake-devs.mjs [--force] <sysfs-root> <dev-dir>';

async function main(argv) {
  const force = argv.includes('--force');
  const [sysRoot, devDir, ...rest] = argv.filter((arg) => arg !== '--force');
  if (!sysRoot || !devDir || rest.length > 0) throw new Error(USAGE);
  const resolved = path.resolve(devDir);
  if (resolved === '/dev' || resolved.startsWith('/dev/')) {
    throw new Error(`refusing to create files under ${devDir}: give a scratch folder such as /tmp/fake-dev`);
  }
  const names = await readdir(path.join(sysRoot, 'block'));
  await mkdir(devDir, { recursive: true });
  for (const name of names.sort()) {
    const sectors = Number((await readFile(path.join(sysRoot, 'block', name, 'size'), 'utf8')).trim());
    const file = path.join(devDir, name);
    if (existsSync(file) && !force) {
      process.stderr.write(`kept     ${file} (exists; --force recreates it)\n`);
      continue;
    }
    await writeFile(file, '');
    await truncate(file, sectors * 512);
    process.stderr.write(`created  ${file} (${sectors * 512} bytes, sparse)\n`);
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
});
