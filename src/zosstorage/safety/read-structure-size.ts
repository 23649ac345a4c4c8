// How large a recognised filesystem, volume or swap area says it is, from the first 68 KiB of its container:
// where it ends is where the next partition of a removed table most likely started.

/** Bytes of a container's start that hold every head structure `readStructureSize` needs (btrfs at 64 KiB). */
export const HEAD_BYTES = 68 * 1024;

const u16le = (bytes: Buffer, at: number): number => (bytes.length >= at + 2 ? bytes.readUInt16LE(at) : 0);
const u32le = (bytes: Buffer, at: number): number => (bytes.length >= at + 4 ? bytes.readUInt32LE(at) : 0);
const u32be = (bytes: Buffer, at: number): number => (bytes.length >= at + 4 ? bytes.readUInt32BE(at) : 0);
const u64 = (bytes: Buffer, at: number, bigEndian = false): number => {
  if (bytes.length < at + 8) return 0;
  const value = bigEndian ? bytes.readBigUInt64BE(at) : bytes.readBigUInt64LE(at);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? 0 : Number(value);
};
const pow2 = (value: number): boolean => value > 0 && (value & (value - 1)) === 0;

/** Size readers by probe kind (probe-superblocks.ts FORMAT_PROBES); each returns bytes, or 0 when implausible. */
const SIZE_READERS: Record<string, (head: Buffer) => number> = {
  // s_blocks_count (+ _hi with the 64bit feature) in blocks of 1024 << s_log_block_size.
  ext: (head) => {
    const sb = 1024;
    const log = u32le(head, sb + 0x18);
    if (log > 6) return 0;
    const high = u32le(head, sb + 0x60) & 0x80 ? u32le(head, sb + 0x150) : 0;
    return (high * 2 ** 32 + u32le(head, sb + 4)) * (1024 << log);
  },
  // sb_dblocks in sb_blocksize blocks (big endian).
  xfs: (head) => (pow2(u32be(head, 4)) ? u64(head, 8, true) * u32be(head, 4) : 0),
  // This member's dev_item.total_bytes (a multi-device btrfs has one size per member).
  btrfs: (head) => u64(head, 64 * 1024 + 0xd1),
  // Total sectors (16 bit, else 32 bit) in bytes per sector.
  vfat: (head) => (u16le(head, 19) || u32le(head, 32)) * (pow2(u16le(head, 11)) ? u16le(head, 11) : 0),
  // Total sectors (64 bit) plus the backup boot sector that follows the volume.
  ntfs: (head) => (pow2(u16le(head, 11)) ? (u64(head, 0x28) + 1) * u16le(head, 11) : 0),
  // VolumeLength in sectors of 2^BytesPerSectorShift.
  exfat: (head) => (head[108] !== undefined && head[108] <= 12 ? u64(head, 72) * 2 ** head[108] : 0),
  // block_count in blocks of 2^log_blocksize.
  f2fs: (head) => (u32le(head, 1024 + 16) <= 16 ? u64(head, 1024 + 36) * 2 ** u32le(head, 1024 + 16) : 0),
  // LVM2 pv_header.device_size, right after the PV UUID, at the label's offset_xl.
  lvm2: (head) => {
    for (let sector = 0; sector < 4; sector += 1) {
      const label = sector * 512;
      if (head.toString('latin1', label, label + 8) !== 'LABELONE') continue;
      return u64(head, label + u32le(head, label + 20) + 32);
    }
    return 0;
  },
  // md 1.1 (at 0) or 1.2 (at 4 KiB): data_offset + data_size, in sectors.
  mdraid: (head) => {
    for (const sb of [0, 4096]) {
      if (u32le(head, sb) !== 0xa92b4efc || u32le(head, sb + 4) !== 1) continue;
      return (u64(head, sb + 0x80) + u64(head, sb + 0x88)) * 512;
    }
    return 0;
  },
  // The swap header's last_page, in pages of the size the signature was found for.
  swap: (head) => {
    for (const page of [4096, 8192, 16384, 65536]) {
      const signature = head.toString('latin1', page - 10, page);
      if (signature === 'SWAPSPACE2' || signature === 'SWAP-SPACE') return (u32le(head, 1028) + 1) * page;
    }
    return 0;
  },
  // Volume space size in logical blocks.
  iso9660: (head) =>
    u32le(head, 32768 + 80) * (pow2(u16le(head, 32768 + 128)) ? u16le(head, 32768 + 128) : 0),
};

/**
 * The size in bytes that the structure of probe kind `kind` at the start of `head` records for itself, or null when
 * the kind records none (LUKS, ZFS, bcachefs: their extent is the partition's) or the value is not plausible for a
 * container that has at most `roomBytes` before the end of the disk.
 */
export function readStructureSize(kind: string, head: Buffer, roomBytes: number): number | null {
  const reader = SIZE_READERS[kind];
  if (reader === undefined) return null;
  const size = reader(head);
  return Number.isSafeInteger(size) && size >= 64 * 1024 && size <= roomBytes ? size : null;
}
