// Reads a small text file, at most `maxBytes` of it: a huge or endless file (a wrong path, /dev/zero) is refused
// after reading one byte more than the limit, never read whole; a folder, pipe or socket is not read at all.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export type BoundedText =
  | { kind: 'text'; text: string }
  | { kind: 'too-large'; bytes: number | null }
  | { kind: 'not-a-file'; what: string };

function describeFileType(stats: ReturnType<typeof fstatSync>): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a pipe';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The file's text, or why it was not read: over `maxBytes` (`bytes` is its size when the file system knows it; procfs
 * says 0 and a device has none: those are read up to the limit), or a folder, pipe or socket. Open and read errors
 * are thrown as node's.
 */
export function readBoundedText(path: string, maxBytes: number): BoundedText {
  // O_NONBLOCK: opening a pipe for reading would wait for a writer (a boot that never ends).
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    // A pipe or socket could block the boot; a device is read like a file, to the limit (/dev/null is empty).
    if (stats.isDirectory() || stats.isFIFO() || stats.isSocket())
      return { kind: 'not-a-file', what: describeFileType(stats) };
    if (stats.isFile() && stats.size > maxBytes) return { kind: 'too-large', bytes: stats.size };
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) return { kind: 'too-large', bytes: null };
    return { kind: 'text', text: buffer.toString('utf8', 0, length) };
  } finally {
    closeSync(fd);
  }
}
