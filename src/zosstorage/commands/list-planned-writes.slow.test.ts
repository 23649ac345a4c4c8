// The measured write set of every tool the plan runs, against the ranges the provisioner reads before writing: each
// planned argv runs with the guest's own binary (the versions that ship) on sparse files of the planned sizes, and
// every extent it wrote (qemu-img map of the raw file) must lie inside listPlannedWrites. A new tool version or argv
// that writes elsewhere fails here. (bcachefs's first mount is the kernel's: the VM scenario `write-set-bcachefs`.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { ensureImage } from '../../harness/image/ensure-image.ts';
import { guestToolArgv } from '../../harness/inspect/guest-tool.ts';
import { makeConfig, makeDevice } from '../plan/plan-fixtures.ts';
import { planProvisioning } from '../plan/plan-provisioning.ts';
import type { Plan, TopologyMode } from '../types.ts';
import { buildMkfsCommand } from './build-mkfs-command.ts';
import { buildPartitionCommand } from './build-partition-command.ts';
import { listPlannedWrites, listVfatWrites, type PlannedWrite } from './list-planned-writes.ts';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const TiB = 1024 ** 4;
const repoRoot = join(import.meta.dirname, '../../..');

const image = await ensureImage({ outDir: join(repoRoot, 'out'), bundlePath: process.env.ZOS_TEST_BUNDLE });
/** Runs a tool of the guest root through the guest's loader (the host's are older). */
function guest(tool: string, args: string[], input?: string): void {
  const [loader, ...rest] = guestToolArgv(image.guestRoot, tool, args);
  execFileSync(loader as string, rest, { input, stdio: ['pipe', 'ignore', 'pipe'] });
}

/** The extents a tool wrote into a sparse raw file (allocated blocks, written zeros included). */
function listWrittenExtents(file: string): { offset: number; length: number }[] {
  const map = JSON.parse(
    execFileSync('qemu-img', ['map', '--output=json', '-f', 'raw', file], { encoding: 'utf8' }),
  ) as {
    start: number;
    length: number;
    data: boolean;
  }[];
  return map.filter((entry) => entry.data).map((entry) => ({ offset: entry.start, length: entry.length }));
}

/** The parts of `extent` outside every range (4 KiB aligned outward: the host filesystem's allocation unit). */
function outside(
  extent: { offset: number; length: number },
  ranges: { offset: number; length: number }[],
): string[] {
  const misses: string[] = [];
  for (let at = extent.offset; at < extent.offset + extent.length; at += 4096) {
    const covered = ranges.some(
      (range) => at + 4096 > Math.floor(range.offset / 4096) * 4096 && at < range.offset + range.length,
    );
    if (!covered) {
      const last = misses.at(-1);
      if (last !== undefined && last.endsWith(`-${at}`))
        misses[misses.length - 1] = last.replace(/-\d+$/, `-${at + 4096}`);
      else misses.push(`${at}-${at + 4096}`);
    }
  }
  return misses;
}

const guid = (() => {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
})();

function plan(
  devices: { name: string; size: number; sector?: number; rotational?: boolean }[],
  mode: TopologyMode,
  btrfsExtraArgs: string[] = [],
): Plan {
  return planProvisioning({
    devices: devices.map((device) =>
      makeDevice(device.name, {
        sizeBytes: device.size,
        logicalSectorSize: device.sector ?? 512,
        rotational: device.rotational ?? false,
      }),
    ),
    config: makeConfig({ topology: { mode }, filesystem: { btrfs: { mkfs_extra_args: btrfsExtraArgs } } }),
    newGuid: guid,
  });
}

/**
 * Runs every partition and mkfs command of the plan on sparse files (one per disk for sfdisk, one per partition for
 * mkfs, at the planned sizes), then checks each file's written extents against the planned ranges.
 */
function checkPlan(t: Test, planned: Plan): void {
  const dir = mkdtempSync(join(tmpdir(), 'zos-writes-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const writes = listPlannedWrites(planned);
  const files = new Map<string, { file: string; base: number; disk: string }>();
  for (const disk of planned.disks) {
    const file = join(dir, `${disk.device.name}.raw`);
    writeFileSync(file, '');
    truncateSync(file, disk.device.sizeBytes);
    const command = buildPartitionCommand(disk);
    const sector = disk.device.logicalSectorSize;
    guest(
      'sfdisk',
      [...command.argv.slice(1, -1), ...(sector === 512 ? [] : ['--sector-size', String(sector)]), file],
      command.input,
    );
    files.set(disk.device.path, { file, base: 0, disk: disk.device.path });
    for (const partition of disk.partitions) {
      const partFile = join(dir, `${disk.device.name}-${partition.number}.raw`);
      writeFileSync(partFile, '');
      truncateSync(partFile, (partition.sizeMiB ?? 0) * MiB);
      files.set(partition.path, { file: partFile, base: partition.startMiB * MiB, disk: disk.device.path });
    }
  }
  for (const filesystem of planned.filesystems) {
    const argv = buildMkfsCommand(filesystem).argv.map((arg) => files.get(arg)?.file ?? arg);
    const sector =
      planned.disks.find((disk) => filesystem.members[0]?.startsWith(disk.device.path))?.device
        .logicalSectorSize ?? 512;
    // A 4Kn disk's sector size, which the tools read from the device: given on the command line for a file.
    if (filesystem.kind === 'vfat' && sector !== 512) argv.splice(1, 0, '-S', String(sector));
    guest(argv[0] as string, argv.slice(1));
  }
  for (const [path, { file, base, disk }] of files) {
    const ranges = writes
      .filter((write: PlannedWrite) => write.disk === disk && write.tool !== 'bcachefs first mount')
      .map((write) => ({ offset: write.offset - base, length: write.length }));
    const misses = listWrittenExtents(file).flatMap((extent) => outside(extent, ranges));
    t.same(misses, [], `${path}: every write inside the planned ranges`);
  }
}

const sizes = [1.5 * GiB, 2 * GiB, 5 * GiB, 12 * GiB, 49 * GiB, 51 * GiB, 300 * GiB, 2 * TiB, 15 * TiB];

t.test('sfdisk, mkfs.vfat and mkfs.btrfs on one disk of each size (btrfs_single)', async (t) => {
  for (const size of sizes) checkPlan(t, plan([{ name: 'vda', size }], 'btrfs_single'));
});

t.test('btrfs with 64 KiB nodes (mkfs_extra_args) and sizes at the metadata chunk thresholds', async (t) => {
  for (const size of [12 * GiB, 300 * GiB])
    checkPlan(t, plan([{ name: 'vda', size }], 'btrfs_single', ['--nodesize', '64k']));
  // data partitions of about 2.5 and 2.55 GiB (10 % of them on either side of 256 MiB), 50 GiB and 50.1 GiB
  for (const data of [2.5 * GiB, 2.55 * GiB, 50 * GiB, 50.1 * GiB])
    checkPlan(t, plan([{ name: 'vda', size: Math.round((data + 515 * MiB) / MiB) * MiB }], 'btrfs_single'));
});

t.test('the same on 4Kn disks (4096-byte logical sectors)', async (t) => {
  for (const size of [2 * GiB, 12 * GiB, 2 * TiB])
    checkPlan(t, plan([{ name: 'vda', size, sector: 4096 }], 'btrfs_single'));
});

t.test('btrfs_raid1 over 2, 3 and 4 members, equal and unequal', async (t) => {
  checkPlan(
    t,
    plan(
      [
        { name: 'vda', size: 12 * GiB },
        { name: 'vdb', size: 12 * GiB },
      ],
      'btrfs_raid1',
    ),
  );
  checkPlan(
    t,
    plan(
      [
        { name: 'vda', size: 40 * GiB },
        { name: 'vdb', size: 12 * GiB },
        { name: 'vdc', size: 12 * GiB },
      ],
      'btrfs_raid1',
    ),
  );
  checkPlan(
    t,
    plan(
      ['vda', 'vdb', 'vdc', 'vdd'].map((name, index) => ({ name, size: (8 + 4 * index) * GiB })),
      'btrfs_raid1',
    ),
  );
  checkPlan(
    t,
    plan(
      [
        { name: 'vda', size: 2 * TiB },
        { name: 'vdb', size: 300 * GiB },
      ],
      'btrfs_independent',
    ),
  );
});

t.test('bcachefs format on one, two and mixed members (single, raid1, cached)', async (t) => {
  for (const size of [1.5 * GiB, 2 * GiB, 12 * GiB, 600 * GiB, 15 * TiB])
    checkPlan(t, plan([{ name: 'vda', size }], 'bcachefs_single'));
  checkPlan(
    t,
    plan(
      [
        { name: 'vda', size: 12 * GiB },
        { name: 'vdb', size: 20 * GiB },
      ],
      'bcachefs_raid1',
    ),
  );
  checkPlan(
    t,
    plan(
      [
        { name: 'nvme0n1', size: 20 * GiB },
        { name: 'sda', size: 2 * TiB, rotational: true },
        { name: 'sdb', size: 2 * TiB, rotational: true },
      ],
      'bcachefs_cached',
    ),
  );
});

t.test('mkfs.vfat on every ESP size the config allows, 512 and 4096-byte sectors', async (t) => {
  for (const sector of [512, 4096]) {
    for (const mib of [64, 100, 260, 261, 512, 1024, 4096]) {
      const dir = mkdtempSync(join(tmpdir(), 'zos-vfat-'));
      const file = join(dir, 'esp.raw');
      writeFileSync(file, '');
      truncateSync(file, mib * MiB);
      guest('mkfs.vfat', ['-S', String(sector), '-F', '32', '-n', 'ZOSBOOT', '-i', '12345678', file]);
      const misses = listWrittenExtents(file).flatMap((extent) =>
        outside(extent, listVfatWrites(mib * MiB, sector)),
      );
      t.same(misses, [], `${mib} MiB ESP, ${sector}-byte sectors`);
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
