import t from 'tap';
import { build } from 'esbuild';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provisionerBuildOptions } from '../../../scripts/bundle-options.mjs';
import { listBundleInputs } from './ensure-image.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

t.test("every repository file the bundle is built from is in the bundle key's inputs", async (t) => {
  const result = await build({
    ...provisionerBuildOptions({ outfile: join(REPO, 'out/unused.cjs'), version: '0.0.0-test' }),
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  const inputs = new Set(listBundleInputs(REPO).map((path) => relative(REPO, path)));
  const built = Object.keys(result.metafile?.inputs ?? {}).filter(
    (path) => path.startsWith('src/') || path.startsWith('scripts/'),
  );
  t.ok(
    built.some((path) => path.startsWith('src/shared/')),
    'the provisioner is built from src/shared as well',
  );
  t.same(
    built.filter((path) => !inputs.has(path)),
    [],
    'a change to any of them rebuilds the bundle',
  );
  t.ok(inputs.has('scripts/bundle-options.mjs'));
});
