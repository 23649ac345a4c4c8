// Bundles the provisioner into one self-contained CommonJS file (out/zosstorage.cjs) that runs with a bare `node`.
import { build } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';
import { provisionerBuildOptions } from './bundle-options.mjs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outfile = new URL('../out/zosstorage.cjs', import.meta.url).pathname;

await build(provisionerBuildOptions({ outfile, version }));
const kib = (statSync(outfile).size / 1024).toFixed(0);
console.error(`bundle: ${outfile} (${kib} KiB)`);
