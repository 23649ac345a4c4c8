// The byte images the disk fuzz targets start from: what real tools write (sfdisk GPT and MBR tables, mkfs.vfat,
// mkfs.ext4, mkfs.btrfs, mkfs.xfs), kept as their written 4 KiB blocks; and one inspection of a mutated image.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { open, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dir as makeTempDir } from 'tmp-promise';
import { buildDefaultConfig } from '../../zosstorage/config/config-schema.ts';
import { inspectDisks } from '../../zosstorage/safety/inspect-disks.ts';
import { addSysfsDisk, fingerprintFile, makeDevice } from '../../zosstorage/testing/make-fake-disk.ts';
import { createProbeRunner } from '../../zosstorage/testing/test-doubles.ts';
import type { SparseImage } from './mutate-bytes.ts';

const MiB = 1024 * 1024;
const BLOCK = 4096;

export interface FuzzDisks {
  dir: string;
  /** Partition tables only (sfdisk): the GPT target's seeds. */
  tables: SparseImage[];
  /** Tables and filesystems: the inspection target's seeds. */
  images: SparseImage[];
  /** Images that could not be made, and why (a missing tool). */
  skipped: string[];
  release(): Promise<void>;
}

const GPT_TYPES = {
  bios: '21686148-6449-6E6F-744E-656564454649',
  esp: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B',
  linux: '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
};

/** Each image: its size, the tool run on the file, and its input. */
export const FUZZ_DISK_RECIPES: {
  name: string;
  sizeBytes: number;
  table: boolean;
  argv: (file: string) => string[];
  input?: string;
}[] = [
  {
    name: 'sfdisk GPT, zos layout',
    sizeBytes: 64 * MiB,
    table: true,
    argv: (file) => ['sfdisk', '--quiet', '--no-reread', '--no-tell-kernel', file],
    input: `label: gpt\nstart=2048, size=2048, type=${GPT_TYPES.bios}, name=zosboot\nsize=32MiB, type=${GPT_TYPES.esp}, name=zosboot\ntype=${GPT_TYPES.linux}, name=zosdata\n`,
  },
  {
    name: 'sfdisk MBR with logical partitions',
    sizeBytes: 64 * MiB,
    table: true,
    argv: (file) => ['sfdisk', '--quiet', '--no-reread', '--no-tell-kernel', file],
    input: 'label: dos\nsize=16MiB, type=83\nsize=16MiB, type=7\ntype=5\nsize=8MiB, type=83\ntype=82\n',
  },
  {
    name: 'sfdisk GPT, 40 partitions',
    sizeBytes: 64 * MiB,
    table: true,
    argv: (file) => ['sfdisk', '--quiet', '--no-reread', '--no-tell-kernel', file],
    input: `label: gpt\n${Array.from({ length: 40 }, () => `size=1MiB, type=${GPT_TYPES.linux}`).join('\n')}\n`,
  },
  { name: 'mkfs.vfat', sizeBytes: 64 * MiB, table: false, argv: (file) => ['mkfs.vfat', '-F', '32', file] },
  { name: 'mkfs.ext4', sizeBytes: 64 * MiB, table: false, argv: (file) => ['mkfs.ext4', '-q', '-F', file] },
  {
    name: 'mkfs.btrfs',
    sizeBytes: 128 * MiB,
    table: false,
    argv: (file) => ['mkfs.btrfs', '-q', '-f', file],
  },
  { name: 'mkfs.xfs', sizeBytes: 320 * MiB, table: false, argv: (file) => ['mkfs.xfs', '-q', '-f', file] },
];

/** The non-zero 4 KiB blocks of a file. */
function readWrittenBlocks(file: string, name: string, sizeBytes: number): SparseImage {
  const blocks = new Map<number, Buffer>();
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(MiB);
    for (let offset = 0; offset < sizeBytes; offset += MiB) {
      const length = readSync(fd, chunk, 0, MiB, offset);
      for (let at = 0; at < length; at += BLOCK) {
        const block = chunk.subarray(at, at + BLOCK);
        if (block.some((byte) => byte !== 0)) blocks.set((offset + at) / BLOCK, Buffer.from(block));
      }
    }
  } finally {
    closeSync(fd);
  }
  return { name, sizeBytes, blocks };
}

/**
 * Runs each recipe in a scratch folder (tools missing here are listed in `skipped`); `tablesOnly`: only the
 * partition tables (sfdisk, under a second), not the filesystems (mkfs.*, seconds).
 */
export async function makeFuzzDisks(options: { tablesOnly?: boolean } = {}): Promise<FuzzDisks> {
  const scratch = await makeTempDir({ unsafeCleanup: true, prefix: 'zos-fuzz-' });
  const tables: SparseImage[] = [];
  const images: SparseImage[] = [];
  const skipped: string[] = [];
  for (const recipe of FUZZ_DISK_RECIPES.filter((each) => each.table || !options.tablesOnly)) {
    const file = join(scratch.path, `seed-${images.length + skipped.length}.img`);
    await writeFile(file, '');
    await truncate(file, recipe.sizeBytes);
    try {
      execFileSync(recipe.argv(file)[0] as string, recipe.argv(file).slice(1), {
        input: recipe.input,
        stdio: ['pipe', 'ignore', 'pipe'],
        env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` },
      });
    } catch (error) {
      skipped.push(`${recipe.name}: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const image = readWrittenBlocks(file, recipe.name, recipe.sizeBytes);
    images.push(image);
    if (recipe.table) tables.push(image);
  }
  for (const size of new Set(images.map((image) => image.sizeBytes)))
    await addSysfsDisk(join(scratch.path, `sys-${size}`), 'vda', size, { partitions: [] });
  return { dir: scratch.path, tables, images, skipped, release: () => scratch.cleanup() };
}

/** Writes `image` as a sparse file, runs the provisioner's inspection on it, proves it wrote nothing. */
export async function inspectImage(disks: FuzzDisks, image: SparseImage): Promise<string> {
  const file = join(disks.dir, 'dev', 'vda');
  await writeFile(file, '').catch(async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(disks.dir, 'dev'), { recursive: true });
    await writeFile(file, '');
  });
  await truncate(file, image.sizeBytes);
  const handle = await open(file, 'r+');
  try {
    for (const [index, data] of image.blocks) await handle.write(data, 0, data.length, index * BLOCK);
  } finally {
    await handle.close();
  }
  const before = await fingerprintFile(file);
  const [state] = await inspectDisks({
    devices: [makeDevice('vda', file, image.sizeBytes)],
    runner: createProbeRunner(),
    sysRoot: join(disks.dir, `sys-${image.sizeBytes}`),
    devRoot: join(disks.dir, 'dev'),
    mounts: [],
    safety: buildDefaultConfig().safety,
  });
  if ((await fingerprintFile(file)) !== before) throw new Error('the inspection wrote to the disk image');
  return state?.state ?? 'none';
}
