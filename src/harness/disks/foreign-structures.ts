// Pure: on-disk structures of tools the host cannot run on a plain file (no md driver, LVM wants a block
// device), written byte for byte as those tools write them, so a pre-seeded disk carries a real signature.
const KiB = 1024;
const SECTOR = 512;

/** A structure to write into the disk file at `offset`. */
export interface PlacedBytes {
  offset: number;
  bytes: Buffer;
}

const MD_MAGIC = 0xa92b4efc;
const MD_MAX_DEV = 128;
/** `FOREIGN` md array: a fixed set UUID and device UUID, so a seeded disk is the same on every run. */
const MD_SET_UUID = Buffer.from('5a4f53e0f0e1e2e3e4e5e6e7e8e9eaeb', 'hex');
const MD_DEVICE_UUID = Buffer.from('5a4f53d0d1d2d3d4d5d6d7d8d9dadbdc', 'hex');

/** md's v1 checksum (calc_sb_1_csum): 32-bit little-endian words summed in 64 bits, folded once. */
function mdSuperblockChecksum(sb: Buffer): number {
  let sum = 0n;
  for (let at = 0; at + 4 <= sb.length; at += 4) sum += BigInt(sb.readUInt32LE(at));
  return Number((sum & 0xffffffffn) + (sum >> 32n)) >>> 0;
}

/**
 * A Linux md RAID1 member superblock, metadata 1.2 (4 KiB from the start) or 1.0 (at least 8 KiB before the
 * end, on a 4 KiB boundary), as `mdadm --create --metadata=1.x --level=1 --raid-devices=2` writes it.
 */
export function buildMdSuperblock(metadata: '1.0' | '1.2', diskBytes: number): PlacedBytes {
  const sectors = Math.floor(diskBytes / SECTOR);
  const superOffset = metadata === '1.2' ? 8 : Math.floor((sectors - 16) / 8) * 8;
  const dataOffset = metadata === '1.2' ? 2048 : 0;
  const dataSize = metadata === '1.2' ? sectors - dataOffset : superOffset;
  const sb = Buffer.alloc(256 + 2 * MD_MAX_DEV);
  sb.writeUInt32LE(MD_MAGIC, 0);
  sb.writeUInt32LE(1, 4); // major_version
  sb.writeUInt32LE(0, 8); // feature_map
  MD_SET_UUID.copy(sb, 16);
  sb.write('zostest:foreign', 32, 'latin1'); // set_name
  sb.writeBigUInt64LE(1_700_000_000n, 64); // ctime
  sb.writeUInt32LE(1, 72); // level: raid1
  sb.writeBigUInt64LE(BigInt(dataSize), 80); // size
  sb.writeUInt32LE(2, 92); // raid_disks
  sb.writeBigUInt64LE(BigInt(dataOffset), 128);
  sb.writeBigUInt64LE(BigInt(dataSize), 136);
  sb.writeBigUInt64LE(BigInt(superOffset), 144);
  sb.writeUInt32LE(0, 160); // dev_number
  MD_DEVICE_UUID.copy(sb, 168);
  sb.writeBigUInt64LE(1_700_000_000n, 192); // utime
  sb.writeBigUInt64LE(1n, 200); // events
  sb.writeBigUInt64LE(0xffffffffffffffffn, 208); // resync_offset: clean
  sb.writeUInt32LE(MD_MAX_DEV, 220);
  for (let dev = 0; dev < MD_MAX_DEV; dev++) sb.writeUInt16LE(dev < 2 ? dev : 0xffff, 256 + 2 * dev);
  sb.writeUInt32LE(mdSuperblockChecksum(sb), 216);
  return { offset: superOffset * SECTOR, bytes: sb };
}

/** LVM2's label CRC (calc_crc): the reflected CRC-32 polynomial from 0xf597a6cf, without a final xor. */
function lvmCrc(bytes: Buffer): number {
  let crc = 0xf597a6cf;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return crc >>> 0;
}

/**
 * An LVM2 physical volume as `pvcreate` leaves it: the label in sector 1 (LABELONE, LVM2 001, the PV header
 * with one data area after the first MiB and one metadata area at 4 KiB) and the metadata area header.
 */
export function buildLvm2PvLabel(diskBytes: number): PlacedBytes[] {
  const label = Buffer.alloc(SECTOR);
  label.write('LABELONE', 0, 'latin1');
  label.writeBigUInt64LE(1n, 8); // sector_xl
  label.writeUInt32LE(32, 20); // offset_xl: the PV header follows
  label.write('LVM2 001', 24, 'latin1');
  label.write('ZOSFOREIGNPV000000000000000000AA', 32, 'latin1'); // pv_uuid: 32 characters, no dashes
  label.writeBigUInt64LE(BigInt(diskBytes), 64); // device_size_xl
  // Data areas: one at 1 MiB to the end, then the terminator; metadata areas: one at 4 KiB, then the terminator.
  label.writeBigUInt64LE(BigInt(1024 * KiB), 72);
  label.writeBigUInt64LE(0n, 80);
  label.writeBigUInt64LE(BigInt(4 * KiB), 104);
  label.writeBigUInt64LE(BigInt(1020 * KiB), 112);
  label.writeUInt32LE(lvmCrc(label.subarray(20)), 16);
  const mda = Buffer.alloc(SECTOR);
  mda.write(' LVM2 x[5A%r0N*>', 4, 'latin1');
  mda.writeUInt32LE(1, 20); // version
  mda.writeBigUInt64LE(BigInt(4 * KiB), 24); // start
  mda.writeBigUInt64LE(BigInt(1020 * KiB), 32); // size
  mda.writeUInt32LE(lvmCrc(mda.subarray(4)), 0);
  return [
    { offset: SECTOR, bytes: label },
    { offset: 4 * KiB, bytes: mda },
  ];
}
