// The safety check: inspects every target disk read-only before anything is written to any of them.
import type { CommandRunner } from '../exec/command.ts';
import type { Config, Device } from '../types.ts';
import type { DiskState } from './disk-state.ts';
import { inspectDisk } from './inspect-disk.ts';
import type { MountEntry } from '../mount/parse-mounts.ts';

export type { DiskState, Evidence, FoundDisk, FoundPartition } from './disk-state.ts';

export interface InspectDisksOptions {
  devices: Device[];
  runner: CommandRunner;
  sysRoot: string;
  devRoot: string;
  /** The run's mount table (mount/read-mount-table.ts: `/proc/self/mounts` in production). */
  mounts: readonly MountEntry[];
  safety: Config['safety'];
}

/** Returns one state per device, in the order given. Reads only; throws TOOL_* when a probe cannot run. */
export async function inspectDisks({
  devices,
  runner,
  sysRoot,
  devRoot,
  mounts,
  safety,
}: InspectDisksOptions): Promise<DiskState[]> {
  const states: DiskState[] = [];
  for (const device of devices) {
    states.push(await inspectDisk({ device, runner, sysRoot, devRoot, mounts, safety }));
  }
  return states;
}
