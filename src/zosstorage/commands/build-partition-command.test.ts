import { execFileSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { makeDevice, makeGuidCounter, makeConfig } from '../plan/plan-fixtures.ts';
import { planProvisioning } from '../plan/plan-provisioning.ts';
import type { PlannedPartition } from '../types.ts';
import { buildPartitionCommand } from './build-partition-command.ts';

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

t.test('the sfdisk script names every planned sector, type, GUID and name', async (t) => {
  const device = makeDevice('vda', { sizeBytes: 2 * 1024 ** 3 });
  const plan = planProvisioning({ devices: [device], config: makeConfig(), newGuid: makeGuidCounter() });
  const command = buildPartitionCommand(plan.disks[0]!);
  t.same(command.argv, ['sfdisk', '--quiet', '--no-reread', '--no-tell-kernel', '/dev/vda']);
  t.equal(
    command.input,
    [
      'label: gpt',
      'label-id: 00000000-0000-4000-8000-000000000001',
      'unit: sectors',
      'first-lba: 34',
      '',
      'start=2048, size=2048, type=21686148-6449-6E6F-744E-656564454649, uuid=00000000-0000-4000-8000-000000000002, name="zosboot"',
      'start=4096, size=1048576, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=00000000-0000-4000-8000-000000000003, name="zosboot"',
      `start=1052672, size=${2047 * 2048 - 1052672}, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=00000000-0000-4000-8000-000000000004, name="zosdata"`,
      '',
    ].join('\n'),
  );
});

t.test('on a 4096-byte-sector disk the script counts 4 KiB sectors', async (t) => {
  const device = makeDevice('nvme0n1', { sizeBytes: 2 * 1024 ** 3, logicalSectorSize: 4096 });
  const plan = planProvisioning({ devices: [device], config: makeConfig(), newGuid: makeGuidCounter() });
  const input = buildPartitionCommand(plan.disks[0]!).input ?? '';
  t.match(input, /^first-lba: 6$/m);
  t.match(input, /^start=256, size=256, /m);
  t.match(input, /^start=512, size=131072, /m);
});

t.test(
  'the sfdisk command writes the planned GPT to a temporary image file, as sgdisk reads it',
  { skip: (!hasTool('sfdisk') || !hasTool('sgdisk')) && 'sfdisk or sgdisk not installed' },
  async (t) => {
    // Only ever an image file in a temporary folder, never a device node.
    const image = path.join(t.testdir({}), 'disk.img');
    const sizeBytes = 2 * 1024 ** 3;
    writeFileSync(image, '');
    truncateSync(image, sizeBytes);
    const device = makeDevice('img', { path: image, sizeBytes });
    const plan = planProvisioning({ devices: [device], config: makeConfig(), newGuid: makeGuidCounter() });
    const disk = plan.disks[0]!;
    const command = buildPartitionCommand(disk);
    t.equal(command.argv.at(-1), image);
    execFileSync(command.argv[0]!, command.argv.slice(1), { input: command.input, stdio: 'pipe' });

    const table = execFileSync('sgdisk', ['-p', image], { encoding: 'utf8' });
    t.match(table, /Disk identifier \(GUID\): 00000000-0000-4000-8000-000000000001/i);
    const rows = table
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => /^\d+$/.test(fields[0] ?? '') && fields.length >= 6)
      .map((fields) => [
        Number(fields[0]),
        Number(fields[1]),
        Number(fields[2]),
        fields.at(-2),
        fields.at(-1),
      ]);
    t.same(rows, [
      [1, 2048, 4095, 'EF02', 'zosboot'],
      [2, 4096, 1052671, 'EF00', 'zosboot'],
      [3, 1052672, 2047 * 2048 - 1, '8300', 'zosdata'],
    ]);
    for (const partition of disk.partitions) {
      const info = execFileSync('sgdisk', [`--info=${partition.number}`, image], { encoding: 'utf8' });
      t.match(info.toLowerCase(), `partition unique guid: ${partition.guid}`);
      t.match(info.toLowerCase(), `partition guid code: ${partition.typeGuid}`);
      const first = Number(/First sector: (\d+)/.exec(info)?.[1]);
      const last = Number(/Last sector: (\d+)/.exec(info)?.[1]);
      t.equal(first % 2048, 0, `partition ${partition.number} starts on a MiB boundary`);
      t.equal((last + 1) % 2048, 0, `partition ${partition.number} ends on a MiB boundary`);
    }
    t.match(table, /First usable sector is 34,/, "sgdisk's first usable sector, as before sfdisk");
    t.notMatch(table, /Problem|Warning! Secondary/, 'a valid table');
    const verify = execFileSync('sgdisk', ['--verify', image], { encoding: 'utf8' });
    t.match(verify, /No problems found/);
  },
);

t.test('a plan the script cannot say is refused before anything runs', async (t) => {
  const device = makeDevice('vda', { sizeBytes: 2 * 1024 ** 3 });
  const disk = planProvisioning({ devices: [device], config: makeConfig(), newGuid: makeGuidCounter() })
    .disks[0]!;
  const [first, ...rest] = disk.partitions;
  t.throws(
    () => buildPartitionCommand({ ...disk, partitions: rest }),
    /partition \/dev\/vda2 is not number 1/,
    'the script numbers its lines from 1: a gap in the numbers cannot be written',
  );
  t.throws(
    () =>
      buildPartitionCommand({
        ...disk,
        partitions: [{ ...first!, name: 'zos"boot' as PlannedPartition['name'] }, ...rest],
      }),
    /partition name zos"boot cannot be scripted/,
  );
});
