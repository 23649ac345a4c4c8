import { execFileSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import type { PlannedFilesystem } from '../types.ts';
import { buildMkfsCommand } from './build-mkfs-command.ts';

function hasTool(tool: string): boolean {
  try {
    execFileSync(tool, ['--help'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** Sparse image files standing in for partitions (never device nodes). */
function makeImages(dir: string, names: string[], sizeMiB: number): string[] {
  return names.map((name) => {
    const file = path.join(dir, name);
    writeFileSync(file, '');
    truncateSync(file, sizeMiB * 1024 * 1024);
    return file;
  });
}

function probe(file: string): Record<string, string> {
  const out = execFileSync('blkid', ['-p', '-o', 'export', file], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
}

t.test('argv of each kind', async (t) => {
  const esp: PlannedFilesystem = {
    kind: 'vfat',
    label: 'ZOSBOOT',
    uuid: '1234-ABCD',
    members: ['/dev/vda2'],
    options: { volume_id: '1234ABCD' },
    mountpoint: null,
  };
  t.same(buildMkfsCommand(esp), {
    argv: ['mkfs.vfat', '-F', '32', '-n', 'ZOSBOOT', '-i', '1234ABCD', '/dev/vda2'],
    purpose: 'create vfat ZOSBOOT on /dev/vda2',
  });
  const btrfs: PlannedFilesystem = {
    kind: 'btrfs',
    label: 'ZOSDATA',
    uuid: 'u',
    members: ['/dev/vda3'],
    options: { compression: 'zstd', mkfs_extra_args: ['--nodesize', '16k'] },
    mountpoint: null,
  };
  t.same(buildMkfsCommand(btrfs).argv, [
    'mkfs.btrfs',
    '--nodiscard',
    '-L',
    'ZOSDATA',
    '-U',
    'u',
    '--nodesize',
    '16k',
    '/dev/vda3',
  ]);
});

t.test(
  'real mkfs.vfat accepts the argv (image file)',
  { skip: !hasTool('mkfs.vfat') && 'no mkfs.vfat' },
  async (t) => {
    const [image] = makeImages(t.testdir({}), ['esp.img'], 512);
    const command = buildMkfsCommand({
      kind: 'vfat',
      label: 'ZOSBOOT',
      uuid: '0000-000A',
      members: [image!],
      options: { volume_id: '0000000A' },
      mountpoint: null,
    });
    execFileSync(command.argv[0]!, command.argv.slice(1), { stdio: 'pipe' });
    t.match(probe(image!), { TYPE: 'vfat', LABEL: 'ZOSBOOT', UUID: '0000-000A', VERSION: 'FAT32' });
  },
);

t.test(
  'real mkfs.btrfs accepts the raid1 argv (image files)',
  { skip: !hasTool('mkfs.btrfs') && 'no mkfs.btrfs' },
  async (t) => {
    const images = makeImages(t.testdir({}), ['a.img', 'b.img'], 512);
    const uuid = '00000000-0000-4000-8000-00000000000b';
    const command = buildMkfsCommand({
      kind: 'btrfs',
      label: 'ZOSDATA',
      uuid,
      members: images,
      options: {
        data_profile: 'raid1',
        metadata_profile: 'raid1',
        compression: 'zstd:1',
        mkfs_extra_args: [],
      },
      mountpoint: null,
    });
    const output = execFileSync(command.argv[0]!, command.argv.slice(1), { encoding: 'utf8' });
    t.match(output, /Data:\s+RAID1/);
    t.match(output, /Metadata:\s+RAID1/);
    for (const image of images) t.match(probe(image), { TYPE: 'btrfs', LABEL: 'ZOSDATA', UUID: uuid });
    const again = (() => {
      try {
        execFileSync(command.argv[0]!, command.argv.slice(1), { stdio: 'pipe' });
        return 0;
      } catch (error) {
        return (error as { status: number }).status;
      }
    })();
    t.not(again, 0, 'without -f, mkfs.btrfs refuses to overwrite an existing filesystem');
  },
);

t.test(
  'no tool discards: mkfs.btrfs is given --nodiscard whatever the profile or extra arguments',
  async (t) => {
    for (const options of [
      { mkfs_extra_args: [] },
      {
        data_profile: 'raid1' as const,
        metadata_profile: 'raid1' as const,
        mkfs_extra_args: ['-O', 'quota'],
      },
    ]) {
      const argv = buildMkfsCommand({
        kind: 'btrfs',
        label: 'ZOSDATA',
        uuid: 'u',
        members: ['/dev/vda3', '/dev/vdb3'],
        options,
        mountpoint: null,
      }).argv;
      t.equal(argv[1], '--nodiscard', argv.join(' '));
    }
  },
);
