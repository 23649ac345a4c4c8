// The provisioner bundle's esbuild options, shared by scripts/bundle.mjs and the bundle test: one self-contained
// CommonJS file (node runs it without its ESM loader: ≈0.35 s less start-up in a TCG guest) with its JSON Schemas
// compiled to ajv standalone validators (src/shared/ajv/lazy-validator.ts is replaced by the generated code, so
// the guest neither loads ajv nor compiles a schema), and yaml and commander carried as source text that is
// compiled on first import (EMBEDDED_PACKAGES below).
import * as esbuild from 'esbuild';
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

/**
 * Packages the bundle carries as source text, compiled on their first import only. V8 parses every function of a
 * script when it compiles it, so these would cost every start their parse (yaml 253 KiB, commander 122 KiB: about
 * half the bundle, ≈0.14 s of node's start in a TCG guest), though the init's run needs neither: commander only
 * parses arguments (the init passes none) and yaml only reads a config file. The bundle stays one file.
 */
export const EMBEDDED_PACKAGES = ['yaml', 'commander'];

/** esbuild plugin: each embedded package becomes a module that compiles the package's own CommonJS bundle. */
function embeddedPackages() {
  const filter = new RegExp(`^(${EMBEDDED_PACKAGES.join('|')})$`);
  return {
    name: 'embedded-packages',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'embedded-package' }));
      build.onLoad({ filter: /.*/, namespace: 'embedded-package' }, async (args) => {
        const inner = await esbuild.build({
          entryPoints: [args.path],
          absWorkingDir: ROOT.pathname,
          bundle: true,
          write: false,
          platform: 'node',
          target: 'node20',
          format: 'cjs',
          legalComments: 'none',
          logLevel: 'warning',
        });
        const source = inner.outputFiles[0].text;
        // A string literal is only scanned, not parsed, when the bundle compiles; the wrapper is node's own.
        return {
          contents: [
            `// The ${args.path} package, compiled when it is first imported (scripts/bundle-options.mjs).`,
            `const filename = __filename + '#${args.path}';`,
            `const embedded = { exports: {} };`,
            `require('node:vm').runInThisContext(require('node:module').wrap(${JSON.stringify(source)}), { filename })` +
              `(embedded.exports, require, embedded, filename, __dirname);`,
            `module.exports = embedded.exports;`,
          ].join('\n'),
          loader: 'js',
          resolveDir: ROOT.pathname,
        };
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
    // import() of a bundled module stays lazy as a require in a promise: no ESM loader at run time.
    supported: { 'dynamic-import': false },
    plugins: [precompiledValidators(), embeddedPackages()],
    logLevel: 'warning',
  };
}
