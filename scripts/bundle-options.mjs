// The provisioner bundle's esbuild options, shared by scripts/bundle.mjs and the bundle test: one self-contained
// ESM file with its JSON Schemas compiled to ajv standalone validators (src/shared/ajv/lazy-validator.ts is
// replaced by the generated code, so the guest neither loads ajv nor compiles a schema).
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
    format: 'esm',
    minify: false,
    legalComments: 'none',
    define: { __ZOSSTORAGE_VERSION__: JSON.stringify(version) },
    // Some CommonJS dependencies (and ajv's standalone code) call require(); give the ESM bundle one.
    banner: {
      js: `${shebang ? '#!/usr/bin/env node\n' : ''}import { createRequire as __zosCreateRequire } from 'node:module';\nconst require = __zosCreateRequire(import.meta.url);`,
    },
    plugins: [precompiledValidators()],
    logLevel: 'warning',
  };
}
