// A deterministic cpio "newc" writer: sorted entries, fixed mtime, uid/gid 0, sequential inodes, trailer.
// The kernel unpacks concatenated newc archives in order, so each initramfs layer is one archive.

export type CpioEntry =
  | { type: 'file'; path: string; mode: number; data: Buffer }
  | { type: 'dir'; path: string; mode: number }
  | { type: 'symlink'; path: string; target: string };

const TYPE_BITS = { file: 0o100000, dir: 0o040000, symlink: 0o120000 } as const;
const TRAILER = 'TRAILER!!!';

/** Strips leading `/` and `./`, rejects `..` and empty names: archive paths are relative to the root. */
export function normalizeCpioPath(path: string): string {
  const clean = path.replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
  if (clean === '' || clean.split('/').some((part) => part === '..' || part === '' || part === '.')) {
    throw new Error(`invalid cpio path "${path}": use a relative path without "..", "." or empty parts`);
  }
  return clean;
}

/**
 * Orders entries by path (byte order) after adding any missing parent directory (mode 0755).
 * Later duplicates of a path replace earlier ones, so callers can overlay files.
 */
export function sortCpioEntries(entries: CpioEntry[]): CpioEntry[] {
  const byPath = new Map<string, CpioEntry>();
  for (const entry of entries) {
    const path = normalizeCpioPath(entry.path);
    byPath.set(path, { ...entry, path });
  }
  for (const path of [...byPath.keys()]) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (!byPath.has(parent)) byPath.set(parent, { type: 'dir', path: parent, mode: 0o755 });
    }
  }
  return [...byPath.values()].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

function padding(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}

/** One newc header + name (+ padding); `ino` numbers entries, everything else is fixed or derived. */
export function encodeCpioHeader(fields: {
  ino: number;
  mode: number;
  nlink: number;
  fileSize: number;
  name: string;
  mtime?: number;
}): Buffer {
  const name = Buffer.from(`${fields.name}\0`);
  const values = [
    fields.ino,
    fields.mode,
    0, // uid
    0, // gid
    fields.nlink,
    fields.mtime ?? 0,
    fields.fileSize,
    0, // devmajor
    0, // devminor
    0, // rdevmajor
    0, // rdevminor
    name.length,
    0, // check
  ];
  const header = Buffer.from(`070701${values.map(hex8).join('')}`, 'ascii');
  const headerAndName = Buffer.concat([header, name]);
  return Buffer.concat([headerAndName, padding(headerAndName.length)]);
}

/** The bytes of one entry: header, name and (padded) data; `ino` comes from the entry's sorted position. */
export function encodeCpioEntry(entry: CpioEntry, ino: number, mtime = 0): Buffer {
  const data =
    entry.type === 'file'
      ? entry.data
      : entry.type === 'symlink'
        ? Buffer.from(entry.target)
        : Buffer.alloc(0);
  const permissions = entry.type === 'symlink' ? 0o777 : entry.mode & 0o7777;
  const header = encodeCpioHeader({
    ino,
    mode: TYPE_BITS[entry.type] | permissions,
    nlink: entry.type === 'dir' ? 2 : 1,
    fileSize: data.length,
    name: entry.path,
    mtime,
  });
  return Buffer.concat([header, data, padding(data.length)]);
}

/** The trailer record that ends an archive. */
export function encodeCpioTrailer(): Buffer {
  return encodeCpioHeader({ ino: 0, mode: 0, nlink: 1, fileSize: 0, name: TRAILER });
}

/** Builds a complete newc archive; the same entries (in any order) always give the same bytes. */
export function buildCpioArchive(entries: CpioEntry[], options: { mtime?: number } = {}): Buffer {
  const sorted = sortCpioEntries(entries);
  const parts = sorted.map((entry, index) => encodeCpioEntry(entry, index + 1, options.mtime ?? 0));
  return Buffer.concat([...parts, encodeCpioTrailer()]);
}
