// Creates a scenario's qcow2 disks in the run folder; pre-seeded ones are written as sparse raw files first.
import { existsSync } from 'node:fs';
import { open, rm, truncate } from 'node:fs/promises';
import { join, resolve as resolvePath } from 'node:path';
import { HarnessError } from '../errors/harness-error.ts';
import { guestToolArgv } from '../inspect/guest-tool.ts';
import { buildLvm2PvLabel, buildMdSuperblock } from './foreign-structures.ts';
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

export interface PreseedContext {
  /** Where `image` paths are relative to (the clone). */
  root: string;
  /** The guest root: `bcachefs` seeds are made by its bcachefs-tools (the host has none), through its loader. */
  guestRoot: string | null;
}

/** Every `image` pre-seed file exists: checked before any disk is made. */
function checkImageFiles(disks: readonly ScenarioDisk[], context: PreseedContext): void {
  for (const disk of disks) {
    for (const step of disk.preseed) {
      if (step.kind !== 'image') continue;
      const file = resolvePath(context.root, step.path);
      if (!existsSync(file))
        throw new HarnessError(
          'SCENARIO_INVALID',
          `disk ${disk.id}: pre-seed image ${step.path} does not exist (paths are relative to ${context.root})`,
        );
    }
  }
}

/** Creates `<dir>/<id>.qcow2` for each disk, pre-seeded as the scenario says. */
export async function createDiskImages(
  disks: readonly ScenarioDisk[],
  dir: string,
  context: PreseedContext,
): Promise<DiskImage[]> {
  checkImageFiles(disks, context);
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
        for (const step of disk.preseed) await applyPreseedStep(step, raw, disk.sizeBytes, dir, context);
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

/**
 * Applies pre-seed steps to a disk image that exists (a scenario boot's `before`): qcow2 to a sparse raw file, the
 * steps, and back to qcow2 in place.
 */
export async function reseedDiskImage(
  image: DiskImage,
  steps: readonly PreseedStep[],
  dir: string,
  context: PreseedContext,
): Promise<void> {
  checkImageFiles([{ ...image.disk, preseed: [...steps] }], context);
  const raw = join(dir, `${image.disk.id}.reseed.raw`);
  try {
    await execHostTool(
      ['qemu-img', 'convert', '-q', '-f', 'qcow2', '-O', 'raw', image.path, raw],
      `read disk ${image.disk.id} for its steps before the boot`,
    );
    for (const step of steps) await applyPreseedStep(step, raw, image.disk.sizeBytes, dir, context);
    await execHostTool(
      ['qemu-img', 'convert', '-q', '-f', 'raw', '-O', 'qcow2', raw, image.path],
      `write disk ${image.disk.id} back after its steps`,
    );
  } finally {
    await rm(raw, { force: true });
  }
}

async function applyPreseedStep(
  step: PreseedStep,
  raw: string,
  sizeBytes: number,
  dir: string,
  context: PreseedContext,
): Promise<void> {
  const command = buildPreseedArgv(step, raw, sizeBytes);
  if (command)
    await execHostTool(command.argv, `pre-seed ${step.kind} into ${raw}`, { input: command.input });
  if (step.kind === 'ext4-first-mib-zeroed') await writeAt(raw, 0, Buffer.alloc(MiB));
  if (step.kind === 'md-1.2' || step.kind === 'md-1.0') {
    const { offset, bytes } = buildMdSuperblock(step.kind === 'md-1.2' ? '1.2' : '1.0', sizeBytes);
    await writeAt(raw, offset, bytes);
  }
  if (step.kind === 'lvm2-pv') {
    for (const { offset, bytes } of buildLvm2PvLabel(sizeBytes)) await writeAt(raw, offset, bytes);
  }
  if (step.kind === 'bcachefs') {
    if (context.guestRoot === null)
      throw new HarnessError(
        'PRECONDITION',
        'a bcachefs pre-seed needs the guest root (its bcachefs-tools): build the image with ./scripts/build-initramfs',
      );
    // --no_initialize: the format's userspace filesystem start is what crashes now and then (docs/matrix.md).
    await execHostTool(
      guestToolArgv(context.guestRoot, 'bcachefs', ['format', '-q', '--no_initialize', '-L', 'FOREIGN', raw]),
      `pre-seed a bcachefs into ${raw}`,
    );
  }
  if (step.kind === 'image') await copyImageOnto(step, raw, sizeBytes, dir, context.root);
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

/** Decompresses the image when needed, then writes it over the start of the raw file (never past its end). */
async function copyImageOnto(
  step: Extract<PreseedStep, { kind: 'image' }>,
  raw: string,
  sizeBytes: number,
  dir: string,
  root: string,
): Promise<void> {
  let source = resolvePath(root, step.path);
  const unpacked = join(dir, 'preseed-image.unpacked');
  try {
    if (step.compression) {
      const tool = { gz: 'gzip', xz: 'xz', zst: 'zstd' }[step.compression];
      await execHostTool(
        ['sh', '-c', `${tool} -dc -- "$1" > "$2"`, 'sh', source, unpacked],
        `decompress ${step.path}`,
      );
      source = unpacked;
    }
    const { stdout } = await execHostTool(
      ['qemu-img', 'info', '--output=json', '-f', step.format, source],
      `read the size of ${step.path}`,
    );
    const virtualSize = (JSON.parse(stdout) as { 'virtual-size': number })['virtual-size'];
    if (virtualSize > sizeBytes)
      throw new HarnessError(
        'SCENARIO_INVALID',
        `pre-seed image ${step.path} is ${virtualSize} bytes, larger than its disk (${sizeBytes} bytes)`,
      );
    // -n: into the existing raw file, which keeps its size; a raw target's unwritten zeros stay holes.
    await execHostTool(
      ['qemu-img', 'convert', '-q', '-n', '-f', step.format, '-O', 'raw', source, raw],
      `copy ${step.path} onto the disk`,
    );
  } finally {
    await rm(unpacked, { force: true });
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
