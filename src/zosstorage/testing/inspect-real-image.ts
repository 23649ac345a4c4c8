// Test helper: the real blkid and wipefs (through the real runner) on an image file in a temp dir, never on /dev.
import { readFileSync } from 'node:fs';
import { parseMounts } from '../mount/parse-mounts.ts';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Test } from 'tap';
import { createExecCommand } from '../exec/exec-command.ts';
import type { Config } from '../types.ts';
import { inspectDisks, type DiskState } from '../safety/inspect-disks.ts';
import {
  addSysfsDisk,
  fingerprintFile,
  hashFile,
  makeDevice,
  makeScratchDir,
  writeSparseImage,
} from './make-fake-disk.ts';

/** True when every tool is on PATH. */
export function hasTools(...tools: string[]): boolean {
  return tools.every((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Makes a sparse image of `sizeBytes`, lets `prepare` write into it with real tools, inspects it as
 * /dev/vda and checks that the inspection wrote nothing (hash before and after).
 */
export async function inspectRealImage(
  t: Test,
  sizeBytes: number,
  safety: Config['safety'],
  prepare: (file: string, dir: string) => void | Promise<void>,
): Promise<DiskState> {
  const dir = await makeScratchDir(t);
  const file = path.join(dir, 'dev', 'vda');
  await writeSparseImage(file, sizeBytes);
  await prepare(file, dir);
  await addSysfsDisk(path.join(dir, 'sys'), 'vda', sizeBytes, { partitions: [] });
  await writeFile(path.join(dir, 'mounts'), '');
  // A write changes mtime and ctime (fingerprintFile); images up to 1 GiB are hashed as well (reading 12 GiB to hash
  // it would cost more than the test).
  const hashOf = async (): Promise<string> =>
    sizeBytes <= 1024 ** 3 ? `${await fingerprintFile(file)} ${await hashFile(file)}` : fingerprintFile(file);
  const before = await hashOf();
  const [state] = await inspectDisks({
    devices: [makeDevice('vda', file, sizeBytes)],
    runner: createExecCommand(),
    sysRoot: path.join(dir, 'sys'),
    devRoot: path.join(dir, 'dev'),
    mounts: parseMounts(readFileSync(path.join(dir, 'mounts'), 'utf8')),
    safety,
  });
  t.equal(await hashOf(), before, 'the image is unchanged (not written to; byte for byte up to 1 GiB)');
  return state as DiskState;
}
