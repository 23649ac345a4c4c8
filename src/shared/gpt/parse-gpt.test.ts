import t from 'tap';
import { execFileSync } from 'node:child_process';
import { openSync, readSync, closeSync, writeSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { parseGpt, type GptByteReader } from './parse-gpt.ts';
import { readGptFile } from './read-gpt-file.ts';
import { GPT_TYPE_GUIDS } from './gpt-type-guids.ts';

const MiB = 1024 * 1024;
const DISK_GUID = '11111111-2222-3333-4444-555566667777';
const PART_GUIDS = [
  'aaaaaaaa-0001-4000-8000-000000000001',
  'aaaaaaaa-0002-4000-8000-000000000002',
  'aaaaaaaa-0003-4000-8000-000000000003',
];

function makeImage(dir: string, sizeBytes = 64 * MiB): string {
  const path = join(dir, 'disk.img');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, sizeBytes);
  closeSync(fd);
  execFileSync(
    'sgdisk',
    [
      '-o',
      `-U=${DISK_GUID}`,
      '-n=1:1M:+1M',
      '-t=1:EF02',
      '-c=1:zosboot',
      `-u=1:${PART_GUIDS[0]}`,
      '-n=2:2M:+8M',
      '-t=2:EF00',
      '-c=2:zosboot',
      `-u=2:${PART_GUIDS[1]}`,
      '-n=3:10M:0',
      '-t=3:8300',
      '-c=3:zosdata',
      `-u=3:${PART_GUIDS[2]}`,
      path,
    ],
    { stdio: 'ignore' },
  );
  return path;
}

function fileReader(path: string): GptByteReader {
  return (offset, length) => {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const n = readSync(fd, buffer, 0, length, offset);
      return buffer.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  };
}

function overwrite(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
}

t.test('reads what sgdisk wrote: header, names, types, GUIDs, extents', async (t) => {
  const path = makeImage(t.testdir());
  const gpt = await readGptFile(path);
  if (!gpt) throw new Error('expected a GPT');
  t.same(gpt.problems, []);
  t.equal(gpt.header.location, 'primary');
  t.equal(gpt.header.diskGuid, DISK_GUID);
  t.equal(gpt.header.firstUsableLba, 34);
  t.equal(gpt.header.lastUsableLba, (64 * MiB) / 512 - 34);
  t.equal(gpt.header.alternateLba, (64 * MiB) / 512 - 1);
  t.ok(gpt.primary?.headerCrcValid && gpt.primary.entriesCrcValid);
  t.ok(gpt.backup?.headerCrcValid && gpt.backup.entriesCrcValid);
  t.equal(gpt.backup?.myLba, (64 * MiB) / 512 - 1);
  t.same(
    gpt.partitions.map((p) => [p.number, p.name, p.typeGuid, p.guid, p.startBytes, p.sizeBytes]),
    [
      [1, 'zosboot', GPT_TYPE_GUIDS.EF02, PART_GUIDS[0], 1 * MiB, 1 * MiB],
      [2, 'zosboot', GPT_TYPE_GUIDS.EF00, PART_GUIDS[1], 2 * MiB, 8 * MiB],
      [3, 'zosdata', GPT_TYPE_GUIDS['8300'], PART_GUIDS[2], 10 * MiB, gpt.partitions[2]?.sizeBytes],
    ],
  );
  t.equal(gpt.partitions[2]?.lastLba, gpt.header.lastUsableLba, 'sgdisk fills to the last usable LBA');
});

t.test('agrees with sgdisk --info on GUIDs for every partition', async (t) => {
  const path = makeImage(t.testdir());
  const gpt = await parseGpt(fileReader(path), 64 * MiB);
  for (const p of gpt?.partitions ?? []) {
    const info = execFileSync('sgdisk', [`-i=${p.number}`, path], { encoding: 'utf8' });
    t.match(info, new RegExp(`Partition unique GUID: ${p.guid}`, 'i'));
    t.match(info, new RegExp(`Partition GUID code: ${p.typeGuid}`, 'i'));
    t.match(info, new RegExp(`First sector: ${p.firstLba} `));
    t.match(info, new RegExp(`Last sector: ${p.lastLba} `));
  }
  t.equal(gpt?.partitions.length, 3);
});

t.test('decodes non-ASCII UTF-16LE names', async (t) => {
  const path = makeImage(t.testdir());
  execFileSync('sgdisk', ['-c=3:données-ü', path], { stdio: 'ignore' });
  const gpt = await readGptFile(path);
  t.equal(gpt?.partitions[2]?.name, 'données-ü');
});

t.test('a zeroed disk has no GPT', async (t) => {
  const path = join(t.testdir(), 'zero.img');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 8 * MiB);
  closeSync(fd);
  t.equal(await readGptFile(path), null);
});

t.test('a corrupted primary header falls back to the backup and says so', async (t) => {
  const path = makeImage(t.testdir());
  overwrite(path, 512 + 40, Buffer.from([0xff]));
  const gpt = await readGptFile(path);
  t.equal(gpt?.primary?.headerCrcValid, false);
  t.equal(gpt?.header.location, 'backup');
  t.equal(gpt?.partitions.length, 3);
  t.match(gpt?.problems, [/primary GPT header at LBA 1: header CRC32 does not match/]);
});

t.test('a corrupted entry array is detected by its CRC', async (t) => {
  const path = makeImage(t.testdir());
  overwrite(path, 1024 + 56, Buffer.from('X\u0000', 'utf16le').subarray(0, 2));
  const gpt = await readGptFile(path);
  t.equal(gpt?.primary?.headerCrcValid, true);
  t.equal(gpt?.primary?.entriesCrcValid, false);
  t.equal(gpt?.backup?.entriesCrcValid, true);
  t.equal(gpt?.header.location, 'backup');
  t.equal(gpt?.partitions[0]?.name, 'zosboot');
  t.match(gpt?.problems, [/partition entry array CRC32 does not match/]);
});

t.test('finds a backup-only GPT at the end of the disk', async (t) => {
  const path = makeImage(t.testdir());
  overwrite(path, 0, Buffer.alloc(MiB));
  const gpt = await readGptFile(path);
  t.equal(gpt?.primary, null);
  t.equal(gpt?.header.location, 'backup');
  t.equal(gpt?.header.diskGuid, DISK_GUID);
  t.equal(gpt?.partitions.length, 3);
  t.match(gpt?.problems, [/no primary GPT header at LBA 1/]);
});

t.test('reports a missing backup header', async (t) => {
  const path = makeImage(t.testdir());
  overwrite(path, 64 * MiB - 512, Buffer.alloc(512));
  const gpt = await readGptFile(path);
  t.equal(gpt?.backup, null);
  t.equal(gpt?.header.location, 'primary');
  t.match(gpt?.problems, [/no backup GPT header at the end of the disk/]);
});

t.test('rejects impossible sizes and sector sizes', async (t) => {
  const read: GptByteReader = () => Buffer.alloc(0);
  await t.rejects(parseGpt(read, 100), /too small for a GPT/);
  await t.rejects(parseGpt(read, 64 * MiB, 520), /sector size must be 512, 1024, 2048 or 4096/);
});
