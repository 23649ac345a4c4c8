// Creates a scenario's qcow2 disks in the run folder; pre-seeded ones are written as sparse raw files first.
import { open, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { execHostTool } from '../exec/exec-host-tool.ts';
import type { PreseedStep, ScenarioDisk } from '../scenario/scenario-types.ts';
import { buildPreseedArgv, generateSeededBytes } from './build-preseed-argv.ts';

const MiB = 1024 * 1024;
const BTRFS_SUPERBLOCK = { offset: 64 * 1024, length: 4096 };

export interface DiskImage {
  disk: ScenarioDisk;
  /** Absolute path of the qcow2 image. */
  path: string;
}

/** Creates `<dir>/<id>.qcow2` for each disk, pre-seeded as the scenario says. */
export async function createDiskImages(disks: readonly ScenarioDisk[], dir: string): Promise<DiskImage[]> {
  const images: DiskImage[] = [];
  for (const disk of disks) {
    const path = join(dir, `${disk.id}.qcow2`);
    if (disk.preseed.length === 0) {
      await execHostTool(
        ['qemu-img', 'create', '-q', '-f', 'qcow2', path, String(disk.sizeBytes)],
        `create disk ${disk.id}`,
      );
    } else {
      const raw = join(dir, `${disk.id}.seed.raw`);
      await truncate(raw, 0).catch(() => undefined);
      await (await open(raw, 'w')).close();
      await truncate(raw, disk.sizeBytes);
      try {
        for (const step of disk.preseed) await applyPreseedStep(step, raw, disk.sizeBytes, dir);
        await execHostTool(
          ['qemu-img', 'convert', '-q', '-f', 'raw', '-O', 'qcow2', raw, path],
          `convert pre-seeded disk ${disk.id} to qcow2`,
        );
      } finally {
        await rm(raw, { force: true });
      }
    }
    images.push({ disk, path });
  }
  return images;
}

async function applyPreseedStep(
  step: PreseedStep,
  raw: string,
  sizeBytes: number,
  dir: string,
): Promise<void> {
  const command = buildPreseedArgv(step, raw, sizeBytes);
  if (command)
    await execHostTool(command.argv, `pre-seed ${step.kind} into ${raw}`, { input: command.input });
  if (step.kind === 'backup-gpt-only') await writeAt(raw, 0, Buffer.alloc(MiB));
  if (step.kind === 'random')
    await writeAt(raw, step.offsetBytes, generateSeededBytes(step.bytes, step.seed));
  if (step.kind === 'zero') await writeAt(raw, step.offsetBytes, Buffer.alloc(step.bytes));
  if (step.kind === 'btrfs-superblock-only') {
    const scratch = join(dir, 'btrfs-scratch.raw');
    await (await open(scratch, 'w')).close();
    await truncate(scratch, 256 * MiB);
    try {
      await execHostTool(
        ['mkfs.btrfs', '-q', '-f', '-L', 'FOREIGN', scratch],
        'make a btrfs to copy its superblock',
      );
      const handle = await open(scratch, 'r');
      const superblock = Buffer.alloc(BTRFS_SUPERBLOCK.length);
      await handle.read(superblock, 0, superblock.length, BTRFS_SUPERBLOCK.offset);
      await handle.close();
      await writeAt(raw, BTRFS_SUPERBLOCK.offset, superblock);
    } finally {
      await rm(scratch, { force: true });
    }
  }
}

async function writeAt(path: string, offset: number, bytes: Buffer): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.write(bytes, 0, bytes.length, offset);
  } finally {
    await handle.close();
  }
}
