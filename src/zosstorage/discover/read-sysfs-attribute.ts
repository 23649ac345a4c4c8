// Reads one sysfs attribute file as trimmed text, or null when it does not exist.
// Synchronously, as every small /proc, /sys and /dev file access of the provisioner (docs/provisioner.md
// "Synchronous file access"): in a TCG guest a promise readFile took about 7 ms, readFileSync 0.3-0.4 ms.
import { readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** Returns the attribute's text without surrounding whitespace, or null when the file is absent. */
export async function readSysfsAttribute(dir: string, name: string): Promise<string | null> {
  try {
    return readFileSync(path.join(dir, name), 'utf8').trim();
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Returns the raw bytes of a binary attribute (e.g. `device/vpd_pg80`), or null when absent. */
export async function readSysfsBinary(dir: string, name: string): Promise<Buffer | null> {
  try {
    return readFileSync(path.join(dir, name));
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Parses a numeric attribute; null when absent or not a number. */
export async function readSysfsNumber(dir: string, name: string): Promise<number | null> {
  const text = await readSysfsAttribute(dir, name);
  if (text === null || !/^\d+$/.test(text)) return null;
  return Number(text);
}

/** Returns the basename of a symlink's target (`device/subsystem` → `virtio`), or null. */
export async function readSysfsLinkName(dir: string, name: string): Promise<string | null> {
  try {
    return path.basename(readlinkSync(path.join(dir, name)));
  } catch (error) {
    if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EINVAL') return null;
    throw error;
  }
}

/**
 * Absent, or present but without an answer: a USB mass-storage disk has `device/vpd_pg80` yet reading it
 * fails with ENXIO because the device does not implement the VPD page; a SCSI disk without a usable
 * identifier in VPD page 0x83 (QEMU's scsi-hd without a wwn) has `device/wwid` yet reading it fails with EINVAL.
 */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENXIO' || code === 'EINVAL';
}
