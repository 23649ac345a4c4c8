// Test support: sparse fake disks with bytes at chosen offsets and a matching sysfs entry.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Device } from '../types.ts';

export const MiB = 1024 * 1024;

/**
 * A fresh folder under the OS temp dir with `dev/` and `sys/`, removed when the test ends. Unlike
 * t.testdir (named after the test), two test runs in the same checkout never share it.
 */
export async function makeScratchDir(t: { teardown(fn: () => unknown): void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'zos-safety-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'dev'));
  await mkdir(path.join(dir, 'sys'));
  return dir;
}

/** Creates a sparse file of `sizeBytes` and writes each patch at its offset. */
export async function writeSparseImage(
  file: string,
  sizeBytes: number,
  patches: { offset: number; bytes: Buffer | string }[] = [],
): Promise<void> {
  await writeFile(file, '');
  await truncate(file, sizeBytes);
  const handle = await open(file, 'r+');
  try {
    for (const { offset, bytes } of patches) {
      const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
      await handle.write(buffer, 0, buffer.length, offset);
    }
  } finally {
    await handle.close();
  }
}

/** Adds `<sysRoot>/block/<name>` as a symlink into `devices/virtual/…` with size, dev and optional extras. */
export async function addSysfsDisk(
  sysRoot: string,
  name: string,
  sizeBytes: number,
  extra: { partitions?: number[]; holders?: Record<string, string[]>; dev?: string } = {},
): Promise<void> {
  const dir = path.join(sysRoot, 'devices', 'virtual', 'block', name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'size'), `${sizeBytes / 512}\n`);
  await writeFile(path.join(dir, 'dev'), `${extra.dev ?? '254:0'}\n`);
  for (const number of extra.partitions ?? []) {
    const partition = path.join(dir, `${name}${number}`);
    await mkdir(partition, { recursive: true });
    await writeFile(path.join(partition, 'partition'), `${number}\n`);
    await writeFile(path.join(partition, 'dev'), `254:${number}\n`);
  }
  for (const [owner, holders] of Object.entries(extra.holders ?? {})) {
    const holdersDir = owner === name ? path.join(dir, 'holders') : path.join(dir, owner, 'holders');
    await mkdir(holdersDir, { recursive: true });
    for (const holder of holders) await symlink(`../../../${holder}`, path.join(holdersDir, holder));
  }
  await mkdir(path.join(sysRoot, 'block'), { recursive: true });
  await symlink(`../devices/virtual/block/${name}`, path.join(sysRoot, 'block', name));
}

/** A Device record for a fake disk file. */
export function makeDevice(
  name: string,
  devicePath: string,
  sizeBytes: number,
  overrides: Partial<Device> = {},
): Device {
  return {
    name,
    path: devicePath,
    sizeBytes,
    logicalSectorSize: 512,
    physicalSectorSize: 512,
    rotational: true,
    removable: false,
    transport: 'virtio',
    model: null,
    serial: `SERIAL-${name}`,
    wwid: null,
    ...overrides,
  };
}

/**
 * Size plus modification and change times in nanoseconds: any write through any descriptor moves
 * them, so equal fingerprints prove that nothing was written (cheaper than hashing big images).
 */
export async function fingerprintFile(file: string): Promise<string> {
  const info = await stat(file, { bigint: true });
  return `${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}

/** sha256 of a file, to prove that inspection wrote nothing. */
export async function hashFile(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}
