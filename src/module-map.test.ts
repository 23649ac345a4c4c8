// The module maps (README and docs/) match the tree: every folder named exists, every folder is named, every export named exists.
import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const REPO = join(import.meta.dirname, '..');
const README = [
  join(REPO, 'README.md'),
  ...readdirSync(join(REPO, 'docs')).map((name) => join(REPO, 'docs', name)),
]
  .filter((file) => file.endsWith('.md'))
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

interface MapRow {
  folder: string;
  exports: string[];
}

/** The rows of the table under `### Module map (`<root>`)`. */
function readModuleMap(root: string): MapRow[] {
  const heading = `### Module map (\`${root}\`)`;
  const start = README.indexOf(heading);
  if (start < 0) return [];
  const rows: MapRow[] = [];
  for (const line of README.slice(start).split('\n').slice(1)) {
    if (line.startsWith('#')) break;
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    const folder = /^`([^`]+\/)`$/.exec(cells[1] ?? '')?.[1];
    if (folder === undefined) continue;
    rows.push({
      folder,
      exports: [...(cells[3] ?? '').matchAll(/`([A-Za-z_][\w]*)`/g)].map((m) => m[1] ?? ''),
    });
  }
  return rows;
}

/** Folders below `dir` (relative, with a trailing slash), at any depth, that hold a module (.ts not a test, .sh). */
function listSourceFolders(dir: string, base = dir): string[] {
  const folders: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (!statSync(full).isDirectory()) continue;
    const hasModule = readdirSync(full).some((file) => /\.(ts|sh)$/.test(file) && !/\.test\.ts$/.test(file));
    if (hasModule) folders.push(`${relative(base, full)}/`);
    folders.push(...listSourceFolders(full, base));
  }
  return folders;
}

function readExports(folder: string): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(folder)) {
    if (file.endsWith('.sh')) names.add(file);
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const text = readFileSync(join(folder, file), 'utf8');
    for (const match of text.matchAll(/^export (?:async )?(?:function|const|class|type|interface) (\w+)/gm))
      names.add(match[1] ?? '');
  }
  return names;
}

for (const root of ['src/zosstorage/', 'src/harness/']) {
  t.test(`README module map of ${root}`, async (t) => {
    const rows = readModuleMap(root);
    t.ok(rows.length > 5, 'the map is found');
    const named = new Set(rows.map((row) => row.folder));
    for (const row of rows) {
      const folder = join(REPO, root, row.folder);
      const exists = (() => {
        try {
          return statSync(folder).isDirectory();
        } catch {
          return false;
        }
      })();
      t.ok(exists, `${row.folder} exists`);
      if (!exists) continue;
      const exported = readExports(folder);
      for (const name of row.exports)
        t.ok(exported.has(name), `${row.folder}: \`${name}\` is exported there`);
    }
    // Folders of the tree the map leaves out (a folder that holds only subfolders or tests is not counted).
    const unnamed = listSourceFolders(join(REPO, root)).filter((folder) => !named.has(folder));
    t.same(unnamed, [], 'every folder is in the map');
  });
}
