// Applies the device selection rules to what sysfs reported: candidates plus a reason for every skip.
import type { Config, Device } from '../types.ts';
import { compareDeviceNames } from './compare-device-names.ts';
import { formatSize } from '../../shared/format/format-size.ts';
import { matchGlob } from '../../shared/glob/match-glob.ts';
import type { BlockDeviceFacts } from './read-block-device.ts';

/**
 * Pseudo and stacked devices that are never targets, whatever the include patterns say:
 * the spec's list plus other stacked or virtual drivers (bcache, drbd, rbd, zvols, mtd).
 */
export const ALWAYS_EXCLUDED_PATTERNS: readonly string[] = [
  'ram*',
  'zram*',
  'loop*',
  'fd*',
  'sr*',
  'md*',
  'dm-*',
  'nbd*',
  'mmcblk*boot*',
  'mmcblk*rpmb',
  'bcache*',
  'drbd*',
  'rbd*',
  'zd*',
  'mtdblock*',
];

export interface SkippedDevice {
  name: string;
  reason: string;
}

export interface DeviceSelection {
  candidates: Device[];
  skipped: SkippedDevice[];
}

/** Splits devices into candidates and skipped ones (each with a reason), both sorted by name. */
export function selectDevices(
  facts: BlockDeviceFacts[],
  rules: Config['device_selection'],
  devRoot: string,
): DeviceSelection {
  const candidates: Device[] = [];
  const skipped: SkippedDevice[] = [];
  const sorted = [...facts].sort((a, b) => compareDeviceNames(a.name, b.name));
  for (const fact of sorted) {
    const path = `${devRoot.replace(/\/+$/, '')}/${fact.name}`;
    const reason = findSkipReason(fact, rules);
    if (reason === null) candidates.push(toDevice(fact, path));
    else skipped.push({ name: fact.name, reason });
  }
  return { candidates, skipped };
}

/** The first rule that rejects the device, as a sentence fragment; null when it is a candidate. */
export function findSkipReason(fact: BlockDeviceFacts, rules: Config['device_selection']): string | null {
  if (fact.isPartition) return 'is a partition, not a whole disk';
  const pseudo = ALWAYS_EXCLUDED_PATTERNS.find((pattern) => matchGlob(pattern, fact.name));
  if (pseudo !== undefined) return `pseudo or stacked device (${pseudo}), never a target`;
  if (fact.hidden) return 'hidden by the kernel (a multipath path device)';
  if (!rules.include_patterns.some((pattern) => matchGlob(pattern, fact.name))) {
    return `not matched by device_selection.include_patterns (${rules.include_patterns.join(', ')})`;
  }
  const excludedBy = rules.exclude_patterns.find((pattern) => matchGlob(pattern, fact.name));
  if (excludedBy !== undefined) return `excluded by device_selection.exclude_patterns (${excludedBy})`;
  if (fact.readOnly) return 'read-only (ro=1)';
  if (fact.removable && !rules.allow_removable) {
    return 'removable media (set device_selection.allow_removable to use it)';
  }
  const minBytes = rules.min_size_gib * 1024 ** 3;
  if (fact.sizeBytes < minBytes) {
    return `too small: ${formatSize(fact.sizeBytes)} < device_selection.min_size_gib (${rules.min_size_gib} GiB)`;
  }
  return null;
}

function toDevice(fact: BlockDeviceFacts, path: string): Device {
  return {
    name: fact.name,
    path,
    sizeBytes: fact.sizeBytes,
    logicalSectorSize: fact.logicalSectorSize,
    physicalSectorSize: fact.physicalSectorSize,
    rotational: fact.rotational,
    removable: fact.removable,
    transport: fact.transport,
    model: fact.model,
    serial: fact.serial,
    wwid: fact.wwid,
  };
}
