// Reads what sysfs says about one /sys/block entry (sizes, flags, transport, model, serial).
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Transport } from '../types.ts';
import { detectTransport } from './detect-transport.ts';
import {
  readSysfsAttribute,
  readSysfsBinary,
  readSysfsLinkName,
  readSysfsNumber,
} from './read-sysfs-attribute.ts';

/** Everything discovery needs to know about one block device, as sysfs reports it. */
export interface BlockDeviceFacts {
  name: string;
  /** Where `<sysRoot>/block/<name>` resolves to, relative to the sysfs root (`devices/…/block/vda`). */
  devicePath: string;
  /** The entry is a partition (it has a `partition` attribute). */
  isPartition: boolean;
  /** The kernel hides it (NVMe multipath path devices). */
  hidden: boolean;
  sizeBytes: number;
  readOnly: boolean;
  removable: boolean;
  rotational: boolean;
  logicalSectorSize: number;
  physicalSectorSize: number;
  transport: Transport;
  model: string | null;
  serial: string | null;
  /**
   * World-wide id (`wwid`: NVMe namespaces, `device/wwid`: SCSI). Unlike the serial it tells apart the
   * namespaces of one NVMe controller, which share the controller's serial.
   */
  wwid: string | null;
}

/** Reads the facts of `<sysRoot>/block/<name>`. Missing attributes get conservative defaults. */
export async function readBlockDevice(sysRoot: string, name: string): Promise<BlockDeviceFacts> {
  const entry = path.join(sysRoot, 'block', name);
  const resolved = realpathSync(entry);
  const devicePath = path.relative(realpathSync(sysRoot), resolved);
  const sectors = (await readSysfsNumber(entry, 'size')) ?? 0;
  const logical = (await readSysfsNumber(entry, 'queue/logical_block_size')) ?? 512;
  return {
    name,
    devicePath,
    isPartition: (await readSysfsAttribute(entry, 'partition')) !== null,
    hidden: (await readSysfsAttribute(entry, 'hidden')) === '1',
    // sysfs `size` always counts 512-byte sectors, whatever the logical block size.
    sizeBytes: sectors * 512,
    // An unreadable `ro` is treated as read-only: never pick a disk we cannot judge.
    readOnly: (await readSysfsAttribute(entry, 'ro')) !== '0',
    removable: (await readSysfsAttribute(entry, 'removable')) === '1',
    // Without a `queue/rotational`, assume a spinning disk (the conservative role in a cache layout).
    rotational: (await readSysfsAttribute(entry, 'queue/rotational')) !== '0',
    logicalSectorSize: logical,
    physicalSectorSize: (await readSysfsNumber(entry, 'queue/physical_block_size')) ?? logical,
    transport: detectTransport(
      `/${devicePath}`,
      await readSysfsLinkName(path.join(entry, 'device'), 'subsystem'),
    ),
    model: emptyToNull(await readSysfsAttribute(entry, 'device/model')),
    serial: await readSerial(entry),
    wwid:
      emptyToNull(await readSysfsAttribute(entry, 'wwid')) ??
      emptyToNull(await readSysfsAttribute(entry, 'device/wwid')),
  };
}

/**
 * Serial number, from where each transport keeps it: `serial` (virtio-blk), `device/serial`
 * (NVMe controller or subsystem), `device/vpd_pg80` (SCSI/SATA unit serial number page),
 * then the world-wide ids `wwid` (NVMe) and `device/wwid` (SCSI).
 */
async function readSerial(entry: string): Promise<string | null> {
  const direct =
    emptyToNull(await readSysfsAttribute(entry, 'serial')) ??
    emptyToNull(await readSysfsAttribute(entry, 'device/serial'));
  if (direct !== null) return direct;
  const page80 = await readSysfsBinary(entry, 'device/vpd_pg80');
  const fromPage = page80 === null ? null : parseUnitSerialPage(page80);
  if (fromPage !== null) return fromPage;
  return (
    emptyToNull(await readSysfsAttribute(entry, 'wwid')) ??
    emptyToNull(await readSysfsAttribute(entry, 'device/wwid'))
  );
}

/** Decodes SCSI VPD page 0x80: 4-byte header (page code at byte 1, length at bytes 2–3), then ASCII. */
export function parseUnitSerialPage(page: Buffer): string | null {
  if (page.length < 4 || page[1] !== 0x80) return null;
  const length = page.readUInt16BE(2);
  return emptyToNull(
    page
      .subarray(4, 4 + length)
      .toString('latin1')
      .replace(/\0/g, ''),
  );
}

function emptyToNull(text: string | null): string | null {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
