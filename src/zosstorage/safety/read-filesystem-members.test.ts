import t from 'tap';
import { execFileSync } from 'node:child_process';
import { openSync, readSync, closeSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hasTools } from '../testing/inspect-real-image.ts';
import { parseBcachefsMembership, parseBtrfsMembership } from './read-filesystem-members.ts';

const GiB = 1024 ** 3;

function readAt(file: string, offset: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(length);
  readSync(fd, buffer, 0, length, offset);
  closeSync(fd);
  return buffer;
}

t.test(
  'a real btrfs raid1 over three members: each says 3 devices, itself, and the members of its system chunk',
  { skip: !hasTools('mkfs.btrfs', 'blkid') && 'no mkfs.btrfs' },
  async (t) => {
    const dir = t.testdir({});
    const files = [1, 2, 3].map((n) => path.join(dir, `m${n}.img`));
    for (const file of files) {
      writeFileSync(file, '');
      truncateSync(file, 2 * GiB);
    }
    execFileSync('mkfs.btrfs', ['-q', '-f', '-d', 'raid1', '-m', 'raid1', ...files], { stdio: 'ignore' });
    const subs = files.map((file) =>
      execFileSync('blkid', ['-p', '-o', 'value', '-s', 'UUID_SUB', file], { encoding: 'utf8' }).trim(),
    );
    for (const [index, file] of files.entries()) {
      const membership = parseBtrfsMembership(readAt(file, 64 * 1024, 4096));
      t.match(membership, { type: 'btrfs', devices: 3, self: index + 1, tolerance: 1, labelled: false });
      const self = membership?.known.find((member) => member.id === index + 1);
      t.equal(self?.uuid, subs[index], `member ${index + 1} knows its own UUID_SUB`);
    }
    // The system chunk (raid1) sits on two of the three: every member names those two.
    const named = parseBtrfsMembership(readAt(files[2] as string, 64 * 1024, 4096))?.known.map((m) => m.uuid);
    t.ok((named ?? []).filter((uuid) => subs.includes(uuid ?? '')).length >= 2, 'members named by UUID_SUB');
    t.equal(parseBtrfsMembership(Buffer.alloc(4096)), null, 'no btrfs magic: null');
  },
);

/** A bcachefs superblock as bcachefs-tools 1.13 writes it: the fixed part, the layout, then its fields. */
function bcachefsSuperblock(opts: {
  devices: number;
  self: number;
  replicas: number;
  labels: boolean;
}): Buffer {
  const sb = Buffer.alloc(4096);
  Buffer.from('c68573f666ce90a9d96a60cf803df7ef', 'hex').copy(sb, 24);
  sb[122] = opts.self;
  sb[123] = opts.devices;
  sb.writeBigUInt64LE((BigInt(opts.replicas) << 48n) | (BigInt(opts.replicas) << 52n), 144);
  let at = 752;
  if (opts.labels) {
    sb.writeUInt32LE(2, at); // disk_groups: 16 bytes
    sb.writeUInt32LE(5, at + 4);
    at += 16;
  }
  const memberBytes = 112;
  const size = 16 + opts.devices * memberBytes;
  sb.writeUInt32LE(size / 8, at); // members_v2
  sb.writeUInt32LE(11, at + 4);
  sb.writeUInt16LE(memberBytes, at + 8);
  for (let index = 0; index < opts.devices; index += 1)
    Buffer.from(`0000000000004000800000000000000${index}`, 'hex').copy(sb, at + 16 + index * memberBytes);
  sb.writeUInt32LE((at + size - 752) / 8, 124);
  return sb;
}

t.test(
  'bcachefs: devices, which member this is, every member by UUID, replicas − 1, disk labels',
  async (t) => {
    t.same(parseBcachefsMembership(bcachefsSuperblock({ devices: 3, self: 2, replicas: 2, labels: true })), {
      type: 'bcachefs',
      devices: 3,
      self: 2,
      known: [0, 1, 2].map((id) => ({ id, uuid: `00000000-0000-4000-8000-00000000000${id}` })),
      tolerance: 1,
      labelled: true,
    });
    t.match(
      parseBcachefsMembership(bcachefsSuperblock({ devices: 1, self: 0, replicas: 1, labels: false })),
      {
        tolerance: 0,
        labelled: false,
      },
    );
    t.equal(parseBcachefsMembership(Buffer.alloc(4096)), null);
  },
);
