// Bundles the provisioner into one self-contained ESM file (out/zosstorage.mjs) that runs with a bare `node`.
import { build } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outfile = new URL('../out/zosstorage.mjs', import.meta.url).pathname;

await build({
  entryPoints: [new URL('../src/zosstorage/cli/main.ts', import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: false,
  legalComments: 'none',
  define: { __ZOSSTORAGE_VERSION__: JSON.stringify(version) },
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __zosCreateRequire } from 'node:module';\nconst require = __zosCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
const kib = (statSync(outfile).size / 1024).toFixed(0);
console.error(`bundle: ${outfile} (${kib} KiB)`);
