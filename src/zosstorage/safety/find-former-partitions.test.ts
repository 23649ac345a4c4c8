import t from 'tap';
import { encodeGuid } from '../../shared/gpt/format-guid.ts';
import { GPT_TYPE_GUIDS } from '../../shared/gpt/gpt-type-guids.ts';
import type { Evidence } from './disk-state.ts';
import { DENSE_STARTS_MIB, findFormerPartitions, LAYOUT_STARTS } from './find-former-partitions.ts';
import { probeSuperblocks } from './probe-superblocks.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

interface Patch {
  offset: number;
  bytes: Buffer;
}

/** A disk of `size` bytes that reads as zeros except the patches; every read is counted. */
function patchedDisk(size: number, patches: Patch[]) {
  const reads: { offset: number; length: number }[] = [];
  const read = async (offset: number, length: number): Promise<Buffer> => {
    reads.push({ offset, length });
    const bytes = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
    for (const patch of patches) {
      const from = Math.max(offset, patch.offset);
      const to = Math.min(offset + bytes.length, patch.offset + patch.bytes.length);
      if (from < to) patch.bytes.copy(bytes, from - offset, from - patch.offset, to - patch.offset);
    }
    return bytes;
  };
  return { read, reads };
}

async function inspect(size: number, patches: Patch[]): Promise<{ evidence: Evidence[]; reads: number }> {
  const disk = patchedDisk(size, patches);
  const known = await probeSuperblocks(disk.read, size);
  const before = disk.reads.length;
  const evidence = await findFormerPartitions(disk.read, size, 512, known);
  return { evidence, reads: disk.reads.length - before };
}

/** A FAT32 boot sector (and its backup at sector 6) for a volume of `size` bytes at `start`. */
function fat32(start: number, size: number): Patch[] {
  const sector = Buffer.alloc(512);
  sector.write('MSWIN4.1', 3, 'latin1');
  sector.writeUInt16LE(512, 11);
  sector.writeUInt32LE(size / 512, 32);
  sector.write('FAT32   ', 82, 'latin1');
  sector[510] = 0x55;
  sector[511] = 0xaa;
  return [
    { offset: start, bytes: sector },
    { offset: start + 6 * 512, bytes: sector },
  ];
}

/** A btrfs superblock (primary, at 64 KiB) of a member of `size` bytes at `start`. */
function btrfs(start: number, size: number): Patch[] {
  const sb = Buffer.alloc(4096);
  sb.write('_BHRfS_M', 0x40, 'latin1');
  sb.writeBigUInt64LE(BigInt(size), 0x70);
  sb.writeBigUInt64LE(BigInt(size), 0xd1);
  return [{ offset: start + 64 * 1024, bytes: sb }];
}

/** An ext4 primary superblock of `size` bytes (4 KiB blocks) at `start`. */
function ext4(start: number, size: number): Patch[] {
  const sb = Buffer.alloc(1024);
  sb.writeUInt32LE(size / 4096, 4);
  sb.writeUInt32LE(2, 0x18);
  sb.writeUInt16LE(0xef53, 0x38);
  sb.writeUInt32LE(0x40, 0x60);
  return [{ offset: start + 1024, bytes: sb }];
}

const descriptions = (evidence: Evidence[]): string[] => evidence.map((finding) => finding.description);

t.test('an empty disk: nothing found, in one read per likely start and two for the tables', async (t) => {
  const { evidence, reads } = await inspect(40 * GiB, []);
  t.same(evidence, []);
  t.equal(reads, 2 + DENSE_STARTS_MIB + LAYOUT_STARTS.length, `${reads} reads`);
});

t.test('a small disk is probed only where a partition fits before its last MiB', async (t) => {
  const { evidence, reads } = await inspect(64 * MiB, []);
  t.same(evidence, []);
  t.equal(reads, 2 + DENSE_STARTS_MIB, 'the dense starts only (every layout start lies past the end)');
});

t.test(
  'sgdisk --zap-all over the zos layout: the ESP in the first MiBs, then the data where it ends',
  async (t) => {
    const size = 12 * GiB;
    const { evidence } = await inspect(size, [
      ...fat32(2 * MiB, 512 * MiB),
      // the ESP's own content: inside a found filesystem, it is not reported as a partition's data
      { offset: 3 * MiB + 4096, bytes: Buffer.from('file data') },
      ...btrfs(514 * MiB, size - 515 * MiB),
    ]);
    t.same(descriptions(evidence), [
      'FAT32 boot sector at offset 2097152 (0x200000) (of a FAT32 that starts at 2097152 (0x200000), where a partition would start (every MiB of the first 16 MiB is probed))',
      'FAT32 backup boot sector at offset 2100224 (0x200c00) (of a FAT32 that starts at 2097152 (0x200000), where a partition would start (every MiB of the first 16 MiB is probed))',
      'btrfs primary superblock at offset 539033600 (0x20210000) (of a btrfs that starts at 538968064 (0x20200000), where the FAT32 at 2 MiB ends)',
    ]);
    t.same(
      evidence.map((finding) => finding.containerStart),
      [2 * MiB, 2 * MiB, 514 * MiB],
    );
  },
);

/** A GPT entry array (no header) with one entry per partition. */
function gptEntries(
  offset: number,
  partitions: { type: string; name: string; first: number; last: number }[],
) {
  const entries = Buffer.alloc(128 * 128);
  partitions.forEach((partition, index) => {
    const entry = entries.subarray(index * 128, (index + 1) * 128);
    encodeGuid(partition.type).copy(entry, 0);
    encodeGuid(`00000000-0000-4000-8000-00000000000${index + 1}`).copy(entry, 16);
    entry.writeBigUInt64LE(BigInt(partition.first), 32);
    entry.writeBigUInt64LE(BigInt(partition.last), 40);
    entry.write(partition.name, 56, 'utf16le');
  });
  return { offset, bytes: entries };
}

t.test(
  'wipefs -a over a GPT: the entry arrays name every partition, each probed with every copy',
  async (t) => {
    const size = 12 * GiB;
    const lastLba = size / 512 - 1;
    const partitions = [
      { type: GPT_TYPE_GUIDS.EF00, name: 'esp', first: 2048, last: 2048 + 1048575 },
      { type: GPT_TYPE_GUIDS['8300'], name: 'data', first: 5 * 2 ** 20, last: lastLba - 2048 },
    ];
    const dataStart = 5 * 2 ** 20 * 512;
    const { evidence } = await inspect(size, [
      gptEntries(1024, partitions),
      gptEntries(size - 512 - 16384, partitions),
      ...ext4(dataStart, 4 * GiB),
      // a backup superblock of that ext4 (group 1, 4 KiB blocks): found because the entry is probed in full
      ...ext4(dataStart + 128 * MiB - 1024, 4 * GiB),
    ]);
    const lines = descriptions(evidence);
    t.equal(
      lines[0],
      'GPT partition entries without a GPT header at offset 1024 (0x400) (primary entry array, 512-byte sectors): ' +
        '2 partition(s): 1 "esp" at 1 MiB (512 MiB), 2 "data" at 2560 MiB (9.5 GiB); ' +
        'the partition table was removed but its partitions were not',
    );
    t.equal(
      lines.filter((line) => line.startsWith('GPT partition entries')).length,
      1,
      'the same backup array once',
    );
    t.ok(
      lines.includes(
        'ext4 primary superblock at offset 2684355584 (0xa0000400) (of a ext4 that starts at 2684354560 (0xa0000000), where the removed GPT\'s partition 2 "data" started)',
      ),
      lines.join('\n'),
    );
    t.ok(
      lines.some((line) =>
        line.startsWith('ext4 backup superblock (group 1, 4 KiB blocks) at offset 2818572288'),
      ),
      'a backup copy inside the removed partition',
    );
    t.equal(evidence[0]?.kind, 'gpt-entries');
  },
);

t.test('an MBR whose boot signature was wiped: its primary and logical partitions', async (t) => {
  const size = 4 * GiB;
  const mbr = Buffer.alloc(512);
  const entry = (index: number, type: number, start: number, sectors: number) => {
    mbr[446 + index * 16 + 4] = type;
    mbr.writeUInt32LE(start, 446 + index * 16 + 8);
    mbr.writeUInt32LE(sectors, 446 + index * 16 + 12);
  };
  entry(0, 0x83, 2048, 200 * 2048);
  entry(1, 0x05, 300 * 2048, 1000 * 2048);
  // The EBR at the extended partition's start: a logical partition 1 MiB after it, no further link.
  const ebr = Buffer.alloc(512);
  ebr[446 + 4] = 0x83;
  ebr.writeUInt32LE(2048, 446 + 8);
  ebr.writeUInt32LE(500 * 2048, 446 + 12);
  ebr[510] = 0x55;
  ebr[511] = 0xaa;
  const { evidence } = await inspect(size, [
    { offset: 0, bytes: mbr },
    { offset: 300 * MiB, bytes: ebr },
    ...ext4(301 * MiB, 500 * MiB),
  ]);
  const lines = descriptions(evidence);
  t.equal(
    lines[0],
    'MBR partition entries without the boot signature 0x55AA at offset 446 (0x1be): 1 type 0x83 at 1 MiB (200 MiB), ' +
      '2 type 0x05 at 300 MiB (1000 MiB); the partition table was removed but its partitions were not',
  );
  t.ok(
    lines.includes(
      "ext4 primary superblock at offset 315622400 (0x12d00400) (of a ext4 that starts at 315621376 (0x12d00000), where the removed MBR's logical partition 5 started)",
    ),
    lines.join('\n'),
  );
});

t.test('data where a partition would start, with no format: named as data at its offset', async (t) => {
  const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 251));
  const { evidence } = await inspect(8 * GiB, [{ offset: 6 * MiB + 512, bytes: random }]);
  t.same(
    evidence.map((finding) => [finding.kind, finding.offset]),
    [['former-partition-data', 6 * MiB + 512]],
  );
  t.match(evidence[0]?.description, /^data at offset 6291968 \(0x600200\), where a partition would start/);
});

t.test(
  'a partition of a common layout whose predecessors were zeroed: found at its likely start',
  async (t) => {
    const { evidence } = await inspect(40 * GiB, ext4(1625 * MiB, 8 * GiB));
    t.same(descriptions(evidence), [
      'ext4 primary superblock at offset 1703937024 (0x65900400) (of a ext4 that starts at 1703936000 (0x65900000), where a partition starts in a common layout (Fedora and RHEL after a 600 MiB ESP and a 1 GiB /boot))',
    ]);
  },
);

t.test('a partition deep inside, after one whose size leads there: followed from the first', async (t) => {
  const deep = 7 * GiB + 3 * MiB;
  const { evidence } = await inspect(12 * GiB, [...ext4(MiB, deep - MiB), ...btrfs(deep, 4 * GiB)]);
  t.ok(
    descriptions(evidence).includes(
      'btrfs primary superblock at offset 7519404032 (0x1c0310000) (of a btrfs that starts at 7519338496 (0x1c0300000), where the ext4 at 1 MiB ends)',
    ),
    descriptions(evidence).join('\n'),
  );
});

t.test('a structure that claims an implausible size is not followed', async (t) => {
  // 0 blocks, and more blocks than the disk has: neither is a place where a next partition starts.
  for (const size of [0, 64 * GiB]) {
    const sb = ext4(2 * MiB, 4096)[0] as Patch;
    sb.bytes.writeUInt32LE(size / 4096, 4);
    const { evidence } = await inspect(4 * GiB, [sb]);
    t.equal(evidence.length, 1, `size ${size}: only the ext4 itself`);
  }
});
