// Pure GPT reader: primary and backup headers, CRC checks, partition entries, from any byte source.
import { formatGuid, isZeroGuid } from './format-guid.ts';

/** Reads `length` bytes at byte `offset` of the disk (short reads past the end are allowed). */
export type GptByteReader = (offset: number, length: number) => Buffer | Promise<Buffer>;

export interface GptHeader {
  location: 'primary' | 'backup';
  revision: string;
  headerSize: number;
  headerCrcValid: boolean;
  myLba: number;
  alternateLba: number;
  firstUsableLba: number;
  lastUsableLba: number;
  /** Disk GUID, lower case. */
  diskGuid: string;
  entriesLba: number;
  entryCount: number;
  entrySize: number;
  /** CRC of the partition entry array matches the header's. */
  entriesCrcValid: boolean;
}

export interface GptPartition {
  /** 1-based entry index (what `sgdisk -n N` and `/dev/vdaN` use). */
  number: number;
  name: string;
  typeGuid: string;
  guid: string;
  firstLba: number;
  lastLba: number;
  /** Attribute bits as a hex string (64 bits do not fit a JS number exactly). */
  attributes: string;
  startBytes: number;
  sizeBytes: number;
}

export interface Gpt {
  sectorSize: number;
  /** The header the partitions come from: the primary when it and its entries are valid, else the backup. */
  header: GptHeader;
  /** Null when no `EFI PART` signature sits at LBA 1. */
  primary: GptHeader | null;
  /** Null when no `EFI PART` signature sits where the backup should be. */
  backup: GptHeader | null;
  partitions: GptPartition[];
  /** Everything that is not as a clean GPT should be, in plain words (empty for a healthy table). */
  problems: string[];
}

const SIGNATURE = 'EFI PART';
const MAX_ENTRIES_BYTES = 1024 * 1024;

/**
 * Parses the GPT of a disk of `sizeBytes` bytes. Returns null when neither the primary (LBA 1)
 * nor the backup header (at the primary's alternate LBA, or the last LBA) carries a GPT signature.
 */
export async function parseGpt(
  read: GptByteReader,
  sizeBytes: number,
  sectorSize = 512,
): Promise<Gpt | null> {
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < sectorSize * 3) {
    throw new RangeError(`disk size ${sizeBytes} is too small for a GPT (sector size ${sectorSize})`);
  }
  if (![512, 1024, 2048, 4096].includes(sectorSize)) {
    throw new RangeError(`sector size must be 512, 1024, 2048 or 4096, got ${sectorSize}`);
  }
  const lastLba = Math.floor(sizeBytes / sectorSize) - 1;
  const problems: string[] = [];

  const primary = await readHeader(read, 1, 'primary', sectorSize, sizeBytes);
  const backupLbas = [primary?.headerCrcValid ? primary.alternateLba : undefined, lastLba].filter(
    (lba): lba is number => lba !== undefined && lba > 1 && lba <= lastLba,
  );
  let backup: GptHeader | null = null;
  for (const lba of new Set(backupLbas)) {
    backup = await readHeader(read, lba, 'backup', sectorSize, sizeBytes);
    if (backup) break;
  }
  if (!primary && !backup) return null;

  if (!primary) problems.push('no primary GPT header at LBA 1 (only the backup was found)');
  else describeHeaderProblems(primary, problems);
  if (!backup) problems.push(`no backup GPT header at the end of the disk (LBA ${lastLba})`);
  else describeHeaderProblems(backup, problems);
  if (primary?.headerCrcValid && backup?.headerCrcValid && primary.diskGuid !== backup.diskGuid) {
    problems.push(
      `primary and backup GPT headers name different disk GUIDs (${primary.diskGuid} vs ${backup.diskGuid})`,
    );
  }

  const header = chooseHeader(primary, backup);
  const partitions = await readPartitions(read, header, sectorSize, problems);
  return { sectorSize, header, primary, backup, partitions, problems };
}

function chooseHeader(primary: GptHeader | null, backup: GptHeader | null): GptHeader {
  const candidates = [primary, backup].filter((h): h is GptHeader => h !== null);
  const best =
    candidates.find((h) => h.headerCrcValid && h.entriesCrcValid) ??
    candidates.find((h) => h.headerCrcValid) ??
    candidates[0];
  if (!best) throw new Error('chooseHeader needs at least one header');
  return best;
}

function describeHeaderProblems(header: GptHeader, problems: string[]): void {
  const where = `${header.location} GPT header at LBA ${header.myLba}`;
  if (!header.headerCrcValid) problems.push(`${where}: header CRC32 does not match`);
  else if (!header.entriesCrcValid) problems.push(`${where}: partition entry array CRC32 does not match`);
}

async function readHeader(
  read: GptByteReader,
  lba: number,
  location: GptHeader['location'],
  sectorSize: number,
  sizeBytes: number,
): Promise<GptHeader | null> {
  const sector = await read(lba * sectorSize, sectorSize);
  if (sector.length < 92 || sector.toString('latin1', 0, 8) !== SIGNATURE) return null;
  // Loaded only where a GPT signature is: node's zlib costs ≈50 ms to load in a TCG guest, and an empty disk has none.
  // (getBuiltinModule, not import(): a dynamic import would start node's ES module loader in the CommonJS bundle.)
  const { crc32 } = process.getBuiltinModule('node:zlib');
  const headerSize = sector.readUInt32LE(12);
  const sizeOk = headerSize >= 92 && headerSize <= sectorSize;
  const storedCrc = sector.readUInt32LE(16);
  const copy = Buffer.from(sector.subarray(0, sizeOk ? headerSize : 92));
  copy.writeUInt32LE(0, 16);
  const header: GptHeader = {
    location,
    revision: `${sector.readUInt16LE(10)}.${sector.readUInt16LE(8)}`,
    headerSize,
    headerCrcValid: sizeOk && crc32(copy) === storedCrc,
    myLba: readLba(sector, 24),
    alternateLba: readLba(sector, 32),
    firstUsableLba: readLba(sector, 40),
    lastUsableLba: readLba(sector, 48),
    diskGuid: formatGuid(sector.subarray(56, 72)),
    entriesLba: readLba(sector, 72),
    entryCount: sector.readUInt32LE(80),
    entrySize: sector.readUInt32LE(84),
    entriesCrcValid: false,
  };
  const entries = await readEntryArray(read, header, sectorSize, sizeBytes);
  header.entriesCrcValid = entries !== null && crc32(entries) === sector.readUInt32LE(88);
  return header;
}

async function readEntryArray(
  read: GptByteReader,
  header: GptHeader,
  sectorSize: number,
  sizeBytes: number,
): Promise<Buffer | null> {
  const bytes = header.entryCount * header.entrySize;
  const offset = header.entriesLba * sectorSize;
  if (header.entrySize < 128 || header.entrySize % 8 !== 0 || bytes > MAX_ENTRIES_BYTES) return null;
  if (offset + bytes > sizeBytes) return null;
  const entries = await read(offset, bytes);
  return entries.length === bytes ? entries : null;
}

async function readPartitions(
  read: GptByteReader,
  header: GptHeader,
  sectorSize: number,
  problems: string[],
): Promise<GptPartition[]> {
  const entries = await readEntryArray(read, header, sectorSize, Number.MAX_SAFE_INTEGER);
  if (!entries) {
    problems.push(
      `${header.location} GPT header describes an unreadable entry array (${header.entryCount} entries of ${header.entrySize} bytes at LBA ${header.entriesLba})`,
    );
    return [];
  }
  return parseGptEntries(entries, header.entryCount, header.entrySize, sectorSize);
}

/**
 * The used entries of a partition entry array (a non-zero type GUID), numbered from 1. Also used on an array whose
 * header is gone (safety/find-former-partitions.ts): the entries alone say where partitions were.
 */
export function parseGptEntries(
  entries: Buffer,
  entryCount: number,
  entrySize: number,
  sectorSize: number,
): GptPartition[] {
  const partitions: GptPartition[] = [];
  for (let i = 0; i < entryCount && (i + 1) * entrySize <= entries.length; i++) {
    const entry = entries.subarray(i * entrySize, (i + 1) * entrySize);
    const type = entry.subarray(0, 16);
    if (isZeroGuid(type)) continue;
    const firstLba = readLba(entry, 32);
    const lastLba = readLba(entry, 40);
    partitions.push({
      number: i + 1,
      name: decodeName(entry.subarray(56, 128)),
      typeGuid: formatGuid(type),
      guid: formatGuid(entry.subarray(16, 32)),
      firstLba,
      lastLba,
      attributes: entry.readBigUInt64LE(48).toString(16).padStart(16, '0'),
      startBytes: firstLba * sectorSize,
      sizeBytes: (lastLba - firstLba + 1) * sectorSize,
    });
  }
  return partitions;
}

function readLba(buffer: Buffer, offset: number): number {
  const value = buffer.readBigUInt64LE(offset);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function decodeName(bytes: Buffer): string {
  const text = bytes.toString('utf16le');
  const end = text.indexOf('\u0000');
  return end === -1 ? text : text.slice(0, end);
}
