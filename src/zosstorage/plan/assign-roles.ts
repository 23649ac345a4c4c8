// Cache/backing roles for bcachefs_cached: explicit config entries (path, serial or wwid) win over the rotational flag.
import { ZosError } from '../errors/zos-error.ts';
import type { Config, Device } from '../types.ts';

export type CacheRole = 'cache' | 'backing';

/**
 * Whether a `topology.roles` entry names this device: its path, `/dev/<name>`, its kernel name, serial
 * or wwid (the namespaces of one NVMe controller share its serial; their wwids differ).
 */
export function matchesDeviceEntry(device: Device, entry: string): boolean {
  return (
    entry === device.path ||
    entry === `/dev/${device.name}` ||
    entry === device.name ||
    (device.serial !== null && entry === device.serial) ||
    (device.wwid !== null && entry === device.wwid)
  );
}

function describeDevices(devices: readonly Device[]): string {
  return devices.map((device) => `${device.path} (serial ${device.serial ?? 'none'})`).join(', ');
}

/** Resolves every entry of one role list to exactly one device. */
function resolveEntries(devices: readonly Device[], entries: readonly string[], role: CacheRole): Device[] {
  return entries.map((entry, index) => {
    const matches = devices.filter((device) => matchesDeviceEntry(device, entry));
    const where = `topology.roles.${role}[${index}] "${entry}"`;
    if (matches.length === 0) {
      throw new ZosError(
        'CONFIG_INVALID',
        `${where} names no discovered disk; discovered: ${describeDevices(devices) || 'none'}. ` +
          'Fix the device path, serial or wwid in topology.roles',
        { details: { entry, role } },
      );
    }
    if (matches.length > 1) {
      throw new ZosError(
        'CONFIG_INVALID',
        `${where} matches several disks (${describeDevices(matches)}); name one by device path or wwid instead`,
        { details: { entry, role } },
      );
    }
    return matches[0] as Device;
  });
}

/**
 * Roles of every device, in device order. Named devices take their named role. The others: when only
 * one list is given they take the other role ("cache: [nvme0n1]" makes every other disk backing);
 * when both or neither are given they follow the rotational flag (rotational = backing).
 */
export function assignRoles(devices: readonly Device[], roles: Config['topology']['roles']): CacheRole[] {
  const cache = new Set(resolveEntries(devices, roles.cache, 'cache'));
  const backing = new Set(resolveEntries(devices, roles.backing, 'backing'));
  for (const device of cache) {
    if (backing.has(device)) {
      throw new ZosError(
        'CONFIG_INVALID',
        `disk ${device.path} is named both in topology.roles.cache and topology.roles.backing; keep it in one`,
        { details: { device: device.path } },
      );
    }
  }
  return devices.map((device): CacheRole => {
    if (cache.has(device)) return 'cache';
    if (backing.has(device)) return 'backing';
    if (cache.size > 0 && backing.size === 0) return 'backing';
    if (backing.size > 0 && cache.size === 0) return 'cache';
    return device.rotational ? 'backing' : 'cache';
  });
}
