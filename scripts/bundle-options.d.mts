// Types of bundle-options.mjs for the TypeScript tests that build the bundle the way scripts/bundle.mjs does.
import type { BuildOptions } from 'esbuild';

export function provisionerBuildOptions(options: {
  outfile: string;
  version: string;
  shebang?: boolean;
}): BuildOptions;
