// Device discovery: enumerates <sysRoot>/block and applies the selection rules (reads sysfs only).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../types.ts';
import { readBlockDevice } from './read-block-device.ts';
import { selectDevices, type DeviceSelection } from './select-devices.ts';

export interface DiscoverDevicesOptions {
  /** sysfs root, `/sys` in production, `fixtures/sysfs/<case>` in tests. */
  sysRoot: string;
  /** Directory holding the device nodes, `/dev` in production. */
  devRoot: string;
  rules: Config['device_selection'];
}

/** Lists candidate disks (sorted by name) and every skipped block device with the reason. */
export async function discoverDevices({
  sysRoot,
  devRoot,
  rules,
}: DiscoverDevicesOptions): Promise<DeviceSelection> {
  const names = readdirSync(path.join(sysRoot, 'block'));
  const facts = await Promise.all(names.map((name) => readBlockDevice(sysRoot, name)));
  return selectDevices(facts, rules, devRoot);
}
