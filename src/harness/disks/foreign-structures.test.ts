import t from 'tap';
import { openSync, closeSync, writeSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { execHostTool } from '../exec/exec-host-tool.ts';
import { buildLvm2PvLabel, buildMdSuperblock, type PlacedBytes } from './foreign-structures.ts';

const GiB = 1024 ** 3;

/** A sparse file of `size` bytes carrying `structures`, probed by the host's blkid (which checks their checksums). */
async function probe(dir: string, size: number, structures: PlacedBytes[]): Promise<Record<string, string>> {
  const file = join(dir, 'disk.raw');
  const fd = openSync(file, 'w');
  ftruncateSync(fd, size);
  for (const { offset, bytes } of structures) writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
  const { stdout } = await execHostTool(['blkid', '-p', '-o', 'export', file], 'probe a seeded file', {
    okExitCodes: [0, 2],
  });
  return Object.fromEntries(
    stdout
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

t.test('md 1.2 sits 4 KiB in, md 1.0 8–12 KiB before the end on a 4 KiB boundary', async (t) => {
  const size = 12 * GiB + 123 * 512;
  t.equal(buildMdSuperblock('1.2', size).offset, 4096);
  const end = buildMdSuperblock('1.0', size).offset;
  t.equal(end % 4096, 0);
  t.ok(size - end >= 8192 && size - end < 12288 + 512, `${size - end} bytes before the end`);
});

for (const metadata of ['1.2', '1.0'] as const) {
  t.test(`blkid accepts the md ${metadata} superblock (checksum included) as a RAID member`, async (t) => {
    const values = await probe(t.testdir({}), 2 * GiB, [buildMdSuperblock(metadata, 2 * GiB)]);
    t.equal(values.TYPE, 'linux_raid_member');
    t.equal(values.VERSION, metadata);
    t.equal(values.LABEL, 'zostest:foreign');
  });
}

t.test('blkid accepts the LVM2 label (CRC included) as a physical volume', async (t) => {
  const values = await probe(t.testdir({}), 2 * GiB, buildLvm2PvLabel(2 * GiB));
  t.equal(values.TYPE, 'LVM2_member');
  t.equal(values.UUID, 'ZOSFOR-EIGN-PV00-0000-0000-0000-0000AA');
  const damaged = buildLvm2PvLabel(2 * GiB);
  const pvLabel = damaged[0]!.bytes;
  pvLabel.writeUInt8(pvLabel.readUInt8(40) ^ 0xff, 40);
  t.not((await probe(t.testdir({}), 2 * GiB, damaged)).TYPE, 'LVM2_member');
});
