// The provisioner bundle's esbuild options, shared by scripts/bundle.mjs and the bundle test: one self-contained
// CommonJS file (node runs it without its ESM loader: ≈0.35 s less start-up in a TCG guest) with its JSON Schemas
// compiled to ajv standalone validators (src/shared/ajv/lazy-validator.ts is replaced by the generated code, so
// the guest neither loads ajv nor compiles a schema).
import { dirname } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const ROOT = new URL('../', import.meta.url);

/** esbuild plugin: serves the generated validators in place of the compile-on-first-use module. */
function precompiledValidators() {
  return {
    name: 'precompiled-validators',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]shared[\\/]ajv[\\/]lazy-validator\.ts$/ }, async (args) => {
        const { generateProvisionerValidators } = await tsImport(
          new URL('src/zosstorage/cli/precompile-schemas.ts', ROOT).href,
          import.meta.url,
        );
        return { contents: generateProvisionerValidators(), loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/** Options for `esbuild.build` writing the bundle to `outfile`, with `version` baked in. */
export function provisionerBuildOptions({ outfile, version, shebang = true }) {
  return {
    entryPoints: [new URL('src/zosstorage/cli/main.ts', ROOT).pathname],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: false,
    legalComments: 'none',
    // tool-version.ts reads package.json next to import.meta.url only when the version is not baked in.
    define: { __ZOSSTORAGE_VERSION__: JSON.stringify(version), 'import.meta.url': '__zosBundleUrl' },
    // "use strict" first: esbuild's own directive comes after the banner, where it would be a plain expression.
    banner: {
      js: `${shebang ? '#!/usr/bin/env node\n' : ''}'use strict';\nconst __zosBundleUrl = require('node:url').pathToFileURL(__filename).href;`,
    },
    plugins: [precompiledValidators()],
    logLevel: 'warning',
  };
}
