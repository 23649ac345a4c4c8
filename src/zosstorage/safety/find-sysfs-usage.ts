// Reads a disk's partitions and holders from sysfs (child `<name>N` dirs, `holders/` links).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Evidence } from './disk-state.ts';
import { readSysfsAttribute } from '../discover/read-sysfs-attribute.ts';

export interface SysfsUsage {
  /** Kernel names of the disk's partitions (`vda1`, `nvme0n1p3`), sorted by partition number. */
  partitions: { name: string; number: number }[];
  /** Holders of the disk itself and of each partition (`vdb1 is held by dm-0`). */
  holders: Evidence[];
}

/** Lists partitions and holders of `<sysRoot>/block/<name>`. */
export async function findSysfsUsage(sysRoot: string, name: string): Promise<SysfsUsage> {
  const diskDir = path.join(sysRoot, 'block', name);
  const partitions: SysfsUsage['partitions'] = [];
  for (const entry of await listDir(diskDir)) {
    if (!entry.startsWith(name)) continue;
    const number = await readSysfsAttribute(path.join(diskDir, entry), 'partition');
    if (number !== null) partitions.push({ name: entry, number: Number(number) });
  }
  partitions.sort((a, b) => a.number - b.number);
  const holders: Evidence[] = [];
  for (const owner of [name, ...partitions.map((partition) => partition.name)]) {
    const dir = owner === name ? diskDir : path.join(diskDir, owner);
    for (const holder of (await listDir(path.join(dir, 'holders'))).sort()) {
      holders.push({
        kind: 'holder',
        description: `${owner} is held by ${holder} (sysfs ${owner === name ? '' : `${owner}/`}holders/${holder})`,
        offset: null,
      });
    }
  }
  return { partitions, holders };
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
