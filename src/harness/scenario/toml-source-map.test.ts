import t from 'tap';
import fc from 'fast-check';
import { createTomlSourceMap } from './toml-source-map.ts';

t.test('every key of a scenario-shaped document is found on its line', async (t) => {
  const text = [
    'description = "x"', // 1
    'config = { version = 1, topology = { mode = "auto" } }', // 2
    '[[disks]]', // 3
    'id = "a"', // 4
    '[[disks]]', // 5
    'id = "b"', // 6
    'preseed = [', // 7
    '  { kind = "gpt" },', // 8
    '  { kind = "zero", bytes = 1 },', // 9
    ']', // 10
    '[[boots]]', // 11
    'verdict = "provisioned"', // 12
    '[boots.disks.a]', // 13
    'unchanged = true', // 14
    '[[boots.filesystems]]', // 15
    'type = "btrfs"', // 16
  ].join('\n');
  const map = createTomlSourceMap(text);
  t.equal(map.locate(['config', 'topology', 'mode']), 2);
  t.equal(map.locate(['disks', 1, 'id']), 6);
  t.equal(map.locate(['disks', 1, 'preseed', 1, 'bytes']), 9);
  t.equal(map.locate(['disks', 1, 'serial']), 5, 'a missing key: the line of its table');
  t.equal(map.locate(['boots', 0, 'disks', 'a', 'unchanged']), 14);
  t.equal(map.locate(['boots', 0, 'filesystems', 0, 'label']), 15);
  t.equal(map.locate(['nothing']), 1);
});

t.test("in any list of [[disks]] tables, disk i's key is on its own line", async (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.constantFrom('id', 'bus', 'size', 'serial'), { minLength: 1, maxLength: 4 }), {
        minLength: 1,
        maxLength: 8,
      }),
      (disks) => {
        const lines: string[] = [];
        const where = new Map<string, number>();
        disks.forEach((keys, i) => {
          lines.push('[[disks]]', '# a comment', '');
          for (const key of new Set(keys)) {
            lines.push(`${key} = "v${i}"`);
            where.set(`${i}.${key}`, lines.length);
          }
        });
        const map = createTomlSourceMap(lines.join('\n'));
        for (const [at, line] of where) {
          const [i, key] = at.split('.');
          if (map.locate(['disks', Number(i), key!]) !== line)
            throw new Error(`disks[${i}].${key}: not line ${line}`);
        }
      },
    ),
  );
  t.pass('fast-check found no counterexample');
});
