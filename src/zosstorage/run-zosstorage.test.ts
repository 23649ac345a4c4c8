import t, { type Test } from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeRunner, createRecordingLogger, type FakeRunner } from './testing/test-doubles.ts';
import { partitionPath } from './discover/partition-path.ts';
import { writeSparseImage } from './testing/make-fake-disk.ts';
import type { StateReport } from './report/report-schema.ts';
import { validateReport } from './report/validate-report.ts';
import { runZosstorage, type RunZosstorageOptions } from './run-zosstorage.ts';

const SYSFS = fileURLToPath(new URL('../../fixtures/sysfs/', import.meta.url));
const WRITING_TOOLS = ['sfdisk', 'mkfs.vfat', 'mkfs.btrfs', 'bcachefs', 'mount', 'wipefs -a', 'blockdev'];

/** Sparse device files for every disk of a sysfs fixture, sized as sysfs says (all zeros: empty). */
async function makeFakeDevRoot(sysRoot: string, devRoot: string): Promise<void> {
  for (const name of readdirSync(join(sysRoot, 'block'))) {
    if (!/^(vd|sd|nvme)/.test(name)) continue;
    const sectors = Number(readFileSync(join(sysRoot, 'block', name, 'size'), 'utf8'));
    await writeSparseImage(join(devRoot, name), sectors * 512);
  }
}

/** Probes find nothing; re-reading a partition table makes its three partition nodes appear. */
function createDiskRunner(): FakeRunner {
  return createFakeRunner((command) => {
    const [program, flag, device] = command.argv;
    if (program === 'blkid') return { exitCode: 2 };
    if (program === 'blockdev' && flag === '--rereadpt' && device !== undefined) {
      for (const number of [1, 2, 3]) writeFileSync(partitionPath(device, number), '');
    }
    return undefined;
  });
}

interface Setup {
  options: RunZosstorageOptions;
  runner: FakeRunner;
  logger: ReturnType<typeof createRecordingLogger>;
  printed: string[];
  root: string;
  devRoot: string;
}

async function setUp(
  t: Test,
  fixture: string,
  extra: { config?: string; cmdline?: string; overrides?: Partial<RunZosstorageOptions> } = {},
): Promise<Setup> {
  const dir = t.testdir({
    dev: {},
    root: {},
    'cmdline.txt': `console=ttyS0 ${extra.cmdline ?? ''}\n`,
    'mounts.txt': 'proc /proc proc rw 0 0\n',
    ...(extra.config === undefined ? {} : { 'config.yaml': extra.config }),
  });
  const devRoot = join(dir, 'dev');
  const sysRoot = join(SYSFS, fixture);
  await makeFakeDevRoot(sysRoot, devRoot);
  const runner = createDiskRunner();
  const logger = createRecordingLogger();
  const printed: string[] = [];
  let guid = 0;
  const options: RunZosstorageOptions = {
    action: 'provision',
    force: false,
    configPath: extra.config === undefined ? undefined : join(dir, 'config.yaml'),
    cliOverrides: {},
    defaultConfigPath: join(dir, 'no-default.yaml'),
    sysRoot,
    devRoot,
    cmdlineFile: join(dir, 'cmdline.txt'),
    mountsFile: join(dir, 'mounts.txt'),
    root: join(dir, 'root'),
    runner,
    now: () => new Date('2026-01-02T03:04:05.000Z'),
    newGuid: () => `00000000-0000-4000-8000-${String(++guid).padStart(12, '0')}`,
    toolVersion: '9.9.9',
    openLogger: () => logger,
    print: (text) => printed.push(text),
    ...extra.overrides,
  };
  return { options, runner, logger, printed, root: join(dir, 'root'), devRoot };
}

function readReport(root: string): unknown {
  return JSON.parse(readFileSync(join(root, 'run/zosstorage/state.json'), 'utf8'));
}

/** A report's disks without the ranges read before writing (only a provisioning run's report has them). */
function withoutWriteChecks(disks: StateReport['disks']): StateReport['disks'] {
  return disks.map(({ checked_before_write: _checked, ...disk }) => disk);
}

function listWrites(runner: FakeRunner): string[] {
  return runner.lines().filter((line) => WRITING_TOOLS.some((tool) => line.startsWith(tool)));
}

/** A runner whose sfdisk really writes the GPT, into the sparse images under `devRoot` only. */
function createGptWritingRunner(devRoot: string): FakeRunner {
  return createFakeRunner((command) => {
    const [program, flag, device] = command.argv;
    if (program === 'blkid') return { exitCode: 2 };
    if (program === 'sfdisk') {
      const target = command.argv.at(-1) as string;
      if (!target.startsWith(devRoot)) throw new Error(`test refuses to run sfdisk on ${target}`);
      execFileSync('sfdisk', command.argv.slice(1), {
        input: command.input,
        stdio: ['pipe', 'ignore', 'ignore'],
      });
    }
    if (program === 'blockdev' && flag === '--rereadpt' && device !== undefined) {
      for (const number of [1, 2, 3]) writeFileSync(partitionPath(device, number), '');
    }
    return undefined;
  });
}

/** After a provisioning run: blkid reports what mkfs would have created at each partition's offset. */
function createProvisionedProbeRunner(
  report: StateReport,
  refuse: (argv: readonly string[]) => boolean = () => false,
): FakeRunner {
  const filesystemAt = new Map(
    report.disks.flatMap((disk) =>
      disk.partitions.map((partition) => [
        String(partition.start_bytes),
        report.filesystems.find((filesystem) => filesystem.members.includes(partition.path)),
      ]),
    ),
  );
  return createFakeRunner((command) => {
    if (refuse(command.argv)) throw new Error(`a write command ran: ${command.argv.join(' ')}`);
    if (command.argv[0] !== 'blkid') return undefined;
    const offset = command.argv[command.argv.indexOf('-O') + 1];
    if (!command.argv.includes('-O')) return { stdout: 'PTUUID=x\nPTTYPE=gpt\n' };
    const filesystem = filesystemAt.get(offset ?? '');
    if (filesystem === undefined) return { exitCode: 2 };
    return { stdout: `UUID=${filesystem.uuid}\nLABEL=${filesystem.label}\nTYPE=${filesystem.type}\n` };
  });
}

t.test('one empty virtio disk: provisioned as btrfs_single, report written', async (t) => {
  const { options, runner, logger, root, devRoot } = await setUp(t, 'one-virtio');
  t.equal(await runZosstorage(options), 'provisioned');
  t.same(
    logger.markers.map((marker) => marker.split(' ')[0]),
    [
      'ZOSSTORAGE:CONFIG',
      'ZOSSTORAGE:DISCOVERED',
      'ZOSSTORAGE:SAFE',
      'ZOSSTORAGE:PLAN',
      'ZOSSTORAGE:WRITE_CHECK',
      'ZOSSTORAGE:PARTITIONED',
      'ZOSSTORAGE:MKFS',
      'ZOSSTORAGE:MKFS',
      'ZOSSTORAGE:MOUNTED',
      'ZOSSTORAGE:REPORT',
      'ZOSSTORAGE:DONE',
    ],
  );
  t.equal(logger.markers[0], 'ZOSSTORAGE:CONFIG topology=auto source=default file=none');
  t.equal(logger.markers[1], `ZOSSTORAGE:DISCOVERED count=1 devices=${devRoot}/vda`);
  t.equal(logger.markers.at(-1), 'ZOSSTORAGE:DONE status=provisioned');
  t.same(
    listWrites(runner).map((line) => line.replaceAll(devRoot, '/dev').replaceAll(root, '<root>')),
    [
      'sfdisk --quiet --no-reread --no-tell-kernel /dev/vda',
      'blockdev --rereadpt /dev/vda',
      'mkfs.vfat -F 32 -n ZOSBOOT -i 00000005 /dev/vda2',
      'mkfs.btrfs --nodiscard -L ZOSDATA -U 00000000-0000-4000-8000-000000000006 /dev/vda3',
      'mount -t btrfs -o compress=zstd:1 /dev/vda3 <root>/var/cache/00000000-0000-4000-8000-000000000006',
    ],
    'the exact write commands, in order',
  );
  // The whole script is pinned in build-partition-command.test.ts; here the parts the 40 GiB disk decides.
  const script = runner.calls.find((command) => command.argv[0] === 'sfdisk')?.input ?? '';
  t.match(script, /^label-id: 00000000-0000-4000-8000-000000000001$/m);
  t.match(
    script,
    /^start=1052672, size=82831360, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=00000000-0000-4000-8000-000000000004, name="zosdata"$/m,
    'the data partition runs to the last whole MiB before the backup GPT',
  );
  t.ok(
    existsSync(join(root, 'var/cache/00000000-0000-4000-8000-000000000006')),
    'mountpoint created under --root',
  );
  const report = readReport(root);
  const validation = validateReport(report);
  t.ok(validation.ok, 'report satisfies its schema');
  if (!validation.ok) return;
  t.equal(validation.value.status, 'provisioned');
  t.equal(validation.value.topology, 'btrfs_single');
  t.equal(validation.value.tool_version, '9.9.9');
  t.same(
    validation.value.disks.map((disk) => [
      disk.path,
      disk.serial,
      disk.partitions.map((partition) => partition.name),
    ]),
    [[`${devRoot}/vda`, 'ZOS-VDA-0001', ['zosboot', 'zosboot', 'zosdata']]],
  );
  t.same(
    validation.value.filesystems.map((fs) => [fs.type, fs.label, fs.mountpoint !== null]),
    [
      ['vfat', 'ZOSBOOT', false],
      ['btrfs', 'ZOSDATA', true],
    ],
  );
});

t.test(
  'explicit mounts and fstab: two NVMe disks mounted at the configured paths, fstab by UUID',
  async (t) => {
    const config = readFileSync(join(SYSFS, '../configs/valid/explicit-mounts-fstab.yaml'), 'utf8');
    const { options, runner, logger, root, devRoot } = await setUp(t, 'two-nvme', { config });
    t.equal(await runZosstorage(options), 'provisioned');
    t.same(
      runner.lines().filter((line) => line.startsWith('mount ')),
      [
        `mount -t btrfs -o compress=zstd:1,noatime ${devRoot}/nvme0n1p3 ${root}/var/cache/disk0`,
        `mount -t btrfs -o compress=zstd:1,noatime ${devRoot}/nvme1n1p3 ${root}/var/cache/disk1`,
      ],
    );
    const fstab = readFileSync(join(root, 'etc/fstab'), 'utf8');
    t.match(fstab, /^UUID=00000000-0000-4000-8000-\d{12} \/var\/cache\/disk0 btrfs \S+ 0 0$/m);
    t.match(fstab, /^UUID=00000000-0000-4000-8000-\d{12} \/var\/cache\/disk1 btrfs \S+ 0 0$/m);
    t.ok(logger.markers.some((marker) => marker.startsWith('ZOSSTORAGE:FSTAB path=/etc/fstab entries=2')));
  },
);

t.test(
  'a non-zero byte where mkfs.btrfs would write, missed by every probe: refused before the first write, naming it',
  async (t) => {
    const { options, runner, logger, devRoot } = await setUp(t, 'one-virtio');
    // 29 MiB into the data partition (at 514 MiB), where mkfs.btrfs writes its first tree blocks; no probe reads there.
    const offset = (514 + 29) * 1024 * 1024 + 12345;
    await writeSparseImage(join(devRoot, 'vda'), 40 * 1024 ** 3, [{ offset, bytes: Buffer.from([0x42]) }]);
    const error = await runZosstorage(options).catch((caught: unknown) => caught);
    t.match(error, { code: 'WRITE_RANGE_NOT_EMPTY', exitCode: 4 });
    t.equal(
      (error as Error).message.split('. ')[0],
      `refusing to write over data: ${devRoot}/vda: non-zero byte at offset ${offset} (0x${offset.toString(16)}) ` +
        `in planned partition 3 (zosdata, ${devRoot}/vda3), where mkfs.btrfs would write the first tree blocks ` +
        `(chunk at 29 MiB) (256 KiB from offset 569376768 (0x21f00000))`,
    );
    t.same(listWrites(runner), [], 'nothing was written');
    t.notOk(
      logger.markers.some((marker) => marker.startsWith('ZOSSTORAGE:WRITE_CHECK')),
      'no disk passed the write check',
    );
    t.ok(
      logger.markers.some((marker) => marker.startsWith('ZOSSTORAGE:SAFE')),
      'every probe found the disk empty',
    );
  },
);

t.test('the write check reads every planned range once and names it in its marker', async (t) => {
  const { options, logger } = await setUp(t, 'one-virtio');
  t.equal(await runZosstorage(options), 'provisioned');
  t.match(
    logger.markers.find((marker) => marker.startsWith('ZOSSTORAGE:WRITE_CHECK')),
    /^ZOSSTORAGE:WRITE_CHECK device=\S+\/vda ranges=13 bytes=\d+ ms=\d+$/,
  );
});

t.test('--plan prints the plan and writes nothing', async (t) => {
  const { options, runner, printed, root } = await setUp(t, 'three-virtio', {
    overrides: { action: 'plan', cliOverrides: { topology: 'btrfs_raid1' } },
  });
  t.equal(await runZosstorage(options), 'planned');
  t.same(listWrites(runner), [], 'only read-only probes ran');
  t.notOk(existsSync(join(root, 'run')), 'no report');
  const output = JSON.parse(printed.join('')) as {
    status: string;
    plan: { topology: string; disks: unknown[] };
  };
  t.equal(output.status, 'planned');
  t.equal(output.plan.topology, 'btrfs_raid1');
  t.equal(output.plan.disks.length, 3);
});

t.test('--validate stops after the config', async (t) => {
  const { options, runner } = await setUp(t, 'one-virtio', { overrides: { action: 'validate' } });
  t.equal(await runZosstorage(options), 'validated');
  t.same(runner.calls, []);
});

t.test('--force and zosstorage.force=1 refuse before anything else', async (t) => {
  for (const extra of [{ overrides: { force: true } }, { cmdline: 'zosstorage.force=1' }]) {
    const { options, runner, logger, root } = await setUp(t, 'one-virtio', {
      ...extra,
      config: 'version: 7\n',
    });
    await t.rejects(runZosstorage(options), { code: 'FORCE_UNIMPLEMENTED' });
    t.same(runner.calls, [], 'no command ran');
    t.same(logger.markers, [], 'not even the config was read');
    t.same(readdirSync(root), [], 'nothing written');
  }
});

t.test('zosstorage.force=0 is not --force', async (t) => {
  const { options } = await setUp(t, 'one-virtio', {
    cmdline: 'zosstorage.force=0',
    overrides: { action: 'validate' },
  });
  t.equal(await runZosstorage(options), 'validated');
});

t.test('an invalid config is CONFIG_INVALID and writes nothing', async (t) => {
  const { options, runner, root } = await setUp(t, 'one-virtio', {
    config: 'version: 1\ntopology:\n  mode: raid5\n',
  });
  await t.rejects(runZosstorage(options), {
    code: 'CONFIG_INVALID',
    message: /config\.yaml:3: topology\.mode/,
  });
  t.same(runner.calls, []);
  t.same(readdirSync(root), []);
});

t.test(
  'no eligible disk: NO_ELIGIBLE_DISKS lists the skipped devices; only the failed report is written',
  async (t) => {
    const { options, runner, root } = await setUp(t, 'no-disks');
    await t.rejects(runZosstorage(options), {
      code: 'NO_ELIGIBLE_DISKS',
      message: /loop0 \(.+\).*ram0 \(.+\).*sr0 \(.+\).*zram0/,
    });
    t.same(runner.calls, []);
    const report = readReport(root) as { status: string; error: { code: string; exit_code: number } };
    t.equal(report.status, 'failed');
    t.same([report.error.code, report.error.exit_code], ['NO_ELIGIBLE_DISKS', 3]);
    t.ok(validateReport(report).ok);
  },
);

t.test('a non-empty disk is refused before anything is written to any disk', async (t) => {
  const { options, runner, logger, root, devRoot } = await setUp(t, 'three-virtio');
  await writeSparseImage(join(devRoot, 'vdb'), 40 * 1024 ** 3, [{ offset: 512, bytes: 'EFI PART' }]);
  await t.rejects(runZosstorage(options), { code: 'DISK_NOT_EMPTY', message: /vdb/ });
  t.same(listWrites(runner), [], 'no write command ran on any disk');
  t.ok(logger.markers.some((marker) => marker.startsWith(`ZOSSTORAGE:REFUSED device=${devRoot}/vdb`)));
  t.equal((readReport(root) as { status: string }).status, 'failed');
});

t.test(
  'the REFUSED marker names the first recognised format and copy, and the inspection times',
  async (t) => {
    const { options, runner, logger, devRoot } = await setUp(t, 'three-virtio');
    // Random-looking bytes at the head (the edge rule fires first) and an NTFS backup boot sector at the end.
    const size = 40 * 1024 ** 3;
    const backup = Buffer.alloc(512);
    backup.write('NTFS    ', 3, 'latin1');
    backup.writeUInt16BE(0x55aa, 510);
    await writeSparseImage(join(devRoot, 'vdc'), size, [
      { offset: 100, bytes: 'x' },
      { offset: size - 512, bytes: backup },
    ]);
    await t.rejects(runZosstorage(options), {
      code: 'DISK_NOT_EMPTY',
      message: /vdc \(NTFS backup boot sector/,
    });
    const refused = logger.markers.find((marker) =>
      marker.startsWith(`ZOSSTORAGE:REFUSED device=${devRoot}/vdc`),
    );
    t.match(
      refused,
      new RegExp(
        `reason=ntfs offset=${size - 512} format=NTFS copy="backup boot sector" probe_ms=\\d+ tools_ms=\\d+ scan_ms=\\d+$`,
      ),
    );
    t.same(listWrites(runner), [], 'no write command ran on any disk');
    const safe = logger.markers.find((marker) => marker.startsWith(`ZOSSTORAGE:SAFE device=${devRoot}/vda`));
    t.match(safe, /state=empty probe_ms=\d+ tools_ms=\d+ scan_ms=\d+$/);
  },
);

t.test('an explicit mountpoint that is already in use is refused before the first write', async (t) => {
  const config = 'version: 1\nmount:\n  scheme: explicit\n  paths: [/srv/data]\n';
  const { options, runner, root } = await setUp(t, 'one-virtio', { config });
  writeFileSync(options.mountsFile, `tmpfs ${join(root, 'srv/data')} tmpfs rw 0 0\n`);
  await t.rejects(runZosstorage(options), {
    code: 'MOUNTPOINT_BUSY',
    message: /at .*srv\/data: tmpfs \(tmpfs\) is already mounted there; nothing was written/,
  });
  t.same(listWrites(runner), []);
});

t.test('btrfs_raid1 on one disk is a config error found by the planner', async (t) => {
  const { options, runner, root } = await setUp(t, 'one-virtio', {
    cmdline: 'zosstorage.topology=btrfs_raid1',
  });
  await t.rejects(runZosstorage(options), { code: 'CONFIG_INVALID' });
  t.same(listWrites(runner), []);
  t.match(readReport(root), { status: 'failed', error: { code: 'CONFIG_INVALID', exit_code: 2 } });
});

t.test(
  'a second run over the same disk finds it provisioned, writes nothing and reports already_provisioned',
  async (t) => {
    const { options, root, devRoot } = await setUp(t, 'one-virtio');
    // First run: sfdisk really writes the GPT, but only into the sparse image inside the test folder.
    const firstRunner = createGptWritingRunner(devRoot);
    t.equal(await runZosstorage({ ...options, runner: firstRunner }), 'provisioned');
    const first = validateReport(readReport(root));
    if (!first.ok) throw new Error(first.errors.join('\n'));

    // Second run: blkid reports what mkfs would have created at each partition's offset.
    const secondRunner = createProvisionedProbeRunner(first.value);
    const logger = createRecordingLogger();
    t.equal(
      await runZosstorage({ ...options, runner: secondRunner, openLogger: () => logger }),
      'already_provisioned',
    );
    t.ok(logger.markers.includes('ZOSSTORAGE:ALREADY_PROVISIONED topology=btrfs_single'));
    t.notOk(logger.markers.some((marker) => /^ZOSSTORAGE:(PLAN|PARTITIONED|MKFS)/.test(marker)));
    t.same(
      listWrites(secondRunner).filter((line) => !line.startsWith('mount ')),
      [],
      'no partitioning or mkfs, only the mount of the data filesystem',
    );
    const second = validateReport(readReport(root));
    t.ok(second.ok);
    if (!second.ok) return;
    t.equal(second.value.status, 'already_provisioned');
    t.same(
      second.value.disks,
      withoutWriteChecks(first.value.disks),
      'the same disks, partitions and GUIDs as the first report',
    );
    t.ok(
      first.value.disks.every((disk) => (disk.checked_before_write ?? []).length > 0),
      'the provisioning report lists what it read before writing, disk by disk',
    );
    t.same(
      second.value.filesystems.map((filesystem) => [filesystem.uuid, filesystem.mountpoint]),
      first.value.filesystems.map((filesystem) => [filesystem.uuid, filesystem.mountpoint]),
    );
  },
);

t.test(
  'a disk added to a provisioned node: mounted as before, the new disk reported and never written',
  async (t) => {
    const { options, root, devRoot } = await setUp(t, 'three-virtio', {
      config: 'version: 1\ndevice_selection:\n  exclude_patterns: ["vdb", "vdc"]\n',
    });
    const firstRunner = createGptWritingRunner(devRoot);
    t.equal(await runZosstorage({ ...options, runner: firstRunner }), 'provisioned');
    const first = validateReport(readReport(root));
    if (!first.ok) throw new Error(first.errors.join('\n'));
    // The next boot sees every disk: vdb and vdc were added since.
    const secondRunner = createProvisionedProbeRunner(first.value);
    const logger = createRecordingLogger();
    const outcome = await runZosstorage({
      ...options,
      configPath: undefined,
      runner: secondRunner,
      openLogger: () => logger,
    });
    t.equal(outcome, 'already_provisioned');
    t.same(
      logger.markers.filter((marker) => marker.startsWith('ZOSSTORAGE:NEW_DISK')),
      [
        `ZOSSTORAGE:NEW_DISK device=${devRoot}/vdb state=unprovisioned action=untouched`,
        `ZOSSTORAGE:NEW_DISK device=${devRoot}/vdc state=unprovisioned action=untouched`,
      ],
    );
    t.same(
      listWrites(secondRunner).filter((line) => !line.startsWith('mount ')),
      [],
      'nothing written but the mount',
    );
    t.notOk(
      listWrites(secondRunner).some((line) => line.includes('/vdb') || line.includes('/vdc')),
      'the new disks are not even mounted',
    );
    const report = validateReport(readReport(root));
    if (!report.ok) throw new Error(report.errors.join('\n'));
    t.same(
      report.value.other_disks?.map((disk) => [disk.path, disk.state, disk.action]),
      [
        [`${devRoot}/vdb`, 'unprovisioned', 'untouched'],
        [`${devRoot}/vdc`, 'unprovisioned', 'untouched'],
      ],
    );
  },
);

// --plan lists every command a fresh run starts (apply and mount), in order: what the fake runner records
// during a real run equals the plan's `commands`, read-only probes aside, for every fixture with disks and
// for each topology a fixture can take.
const PLAN_CASES: { fixture: string; config?: string }[] = [
  { fixture: 'one-virtio' },
  { fixture: 'one-virtio', config: 'version: 1\ntopology: {mode: bcachefs_single}\n' },
  { fixture: 'one-virtio', config: 'version: 1\nmount: {subvolumes: [system, vm-meta]}\n' },
  { fixture: 'one-virtio', config: 'version: 1\nmount: {scheme: zos}\n' },
  { fixture: 'two-nvme', config: 'version: 1\ntopology: {mode: bcachefs_raid1}\nmount: {scheme: zos}\n' },
  { fixture: 'two-nvme' },
  { fixture: 'two-nvme', config: 'version: 1\ntopology: {mode: btrfs_raid1}\n' },
  { fixture: 'two-nvme', config: 'version: 1\ntopology: {mode: bcachefs_raid1}\n' },
  { fixture: 'nvme-plus-sata-hdd' },
  { fixture: 'three-virtio' },
  { fixture: 'three-virtio', config: 'version: 1\nmount: {enabled: false}\n' },
];
for (const { fixture, config } of PLAN_CASES) {
  t.test(
    `--plan lists exactly the commands a run starts: ${fixture}${config ? ` (${config.split('\n')[1]})` : ''}`,
    async (t) => {
      const planned = await setUp(t, fixture, { config, overrides: { action: 'plan' } });
      t.equal(await runZosstorage(planned.options), 'planned');
      const plan = JSON.parse(planned.printed.join('')) as { commands: string[][] };
      const applied = await setUp(t, fixture, { config });
      t.equal(await runZosstorage(applied.options), 'provisioned');
      // Same GUIDs in both runs (the counter restarts), so the argv match exactly once the roots match.
      const ran = applied.runner.calls
        .map((call) => call.argv)
        // Not plan commands: the read-only probes, and the module load before the mounts (start-module-loads.ts).
        .filter((argv) => !['blkid', 'wipefs', 'modprobe'].includes(argv[0] ?? ''))
        .map((argv) =>
          argv.map((arg) => arg.replace(applied.root, '<root>').replace(applied.devRoot, '<dev>')),
        );
      const listed = plan.commands.map((argv) =>
        argv.map((arg) => arg.replace(planned.root, '<root>').replace(planned.devRoot, '<dev>')),
      );
      t.same(ran, listed);
      t.ok(
        listed.some((argv) => argv[0] === 'udevadm'),
        'udevadm settle is listed',
      );
      // The fixture trees have no /sys/module: the run loads the module of each data filesystem type it mounts
      // (a bcachefs always: apply mounts it once), in one modprobe.
      const mounted = !(config ?? '').includes('enabled: false');
      const kinds = new Set(
        (plan as unknown as { plan: { filesystems: { kind: string }[] } }).plan.filesystems
          .map((filesystem) => filesystem.kind)
          .filter((kind) => kind === 'bcachefs' || (mounted && kind === 'btrfs')),
      );
      t.same(
        applied.runner.calls.filter((call) => call.argv[0] === 'modprobe').map((call) => call.argv),
        kinds.size === 0 ? [] : [['modprobe', '-q', '-a', ...kinds]],
        'one modprobe for the data filesystems it mounts',
      );
    },
  );
}

t.test('an unreadable mount table stops the run after discovery, before any probe or write', async (t) => {
  const { options, runner } = await setUp(t, 'one-virtio');
  await t.rejects(runZosstorage({ ...options, mountsFile: join(options.root, 'no-such-mounts') }), {
    code: 'USAGE',
    exitCode: 2,
    message:
      /^cannot read the mount table .*no-such-mounts \(ENOENT\): mount \/proc or pass --mounts-file; nothing was written$/,
  });
  t.same(runner.calls, [], 'no command ran');
});

t.test(
  'a zos tool topology name via zosstorage.topo= runs our topology; marker and report keep the alias',
  async (t) => {
    const { options, logger, root } = await setUp(t, 'two-nvme', {
      cmdline: 'zosstorage.topo=dual_independent',
    });
    t.equal(await runZosstorage(options), 'provisioned');
    t.equal(
      logger.markers[0],
      'ZOSSTORAGE:CONFIG topology=btrfs_independent alias=dual_independent source=kernel_cmdline file=none',
    );
    const report = validateReport(readReport(root));
    t.ok(report.ok, 'the report satisfies its schema');
    if (!report.ok) return;
    t.same([report.value.topology, report.value.topology_alias], ['btrfs_independent', 'dual_independent']);
    t.equal(
      report.value.filesystems.filter((fs) => fs.label === 'ZOSDATA').length,
      2,
      'two independent btrfs',
    );
  },
);

t.test(
  'mount.scheme zos: root at /var/mounts/UUID, subvolumes at /var/cache, fstab by UUID, MOUNTED per mount',
  async (t) => {
    const config = 'version: 1\nmount:\n  scheme: zos\nfstab:\n  enabled: true\n';
    const { options, runner, logger, root, devRoot } = await setUp(t, 'one-virtio', { config });
    t.equal(await runZosstorage(options), 'provisioned');
    const report = validateReport(readReport(root));
    if (!report.ok) return t.fail('report invalid');
    const data = report.value.filesystems.find((fs) => fs.label === 'ZOSDATA');
    const uuid = data?.uuid ?? '';
    t.equal(data?.mountpoint, `/var/mounts/${uuid}`);
    const mounts = listWrites(runner)
      .filter((line) => line.startsWith('mount'))
      .map((line) => line.replaceAll(devRoot, '/dev').replaceAll(root, '<root>').replaceAll(uuid, 'U'));
    t.same(mounts, [
      'mount -t btrfs -o subvolid=5,compress=zstd:1 /dev/vda3 <root>/var/mounts/U',
      ...['system', 'etc', 'modules', 'vm-meta'].map(
        (name) =>
          `mount -t btrfs -o subvol=${name},noatime,compress=zstd:1 /dev/vda3 <root>/var/cache/${name}`,
      ),
    ]);
    t.same(
      runner
        .lines()
        .filter((line) => line.startsWith('btrfs subvolume create'))
        .map((line) => line.replaceAll(root, '<root>').replaceAll(uuid, 'U')),
      ['system', 'etc', 'modules', 'vm-meta'].map(
        (name) => `btrfs subvolume create <root>/var/mounts/U/${name}`,
      ),
    );
    t.same(
      logger.markers.filter((m) => m.startsWith('ZOSSTORAGE:MOUNTED')).map((m) => m.replaceAll(uuid, 'U')),
      [
        'ZOSSTORAGE:MOUNTED uuid=U path=/var/mounts/U',
        ...['system', 'etc', 'modules', 'vm-meta'].map(
          (name) => `ZOSSTORAGE:MOUNTED uuid=U path=/var/cache/${name} subvolume=${name}`,
        ),
      ],
    );
    const fstab = readFileSync(join(root, 'etc/fstab'), 'utf8');
    t.match(fstab, new RegExp(`UUID=${uuid} /var/mounts/${uuid} btrfs subvolid=5,compress=zstd:1 0 0`));
    t.match(
      fstab,
      new RegExp(`UUID=${uuid} /var/cache/vm-meta btrfs subvol=vm-meta,noatime,compress=zstd:1 0 0`),
    );
    t.notMatch(fstab, /vfat/, 'the ESP is never mounted');
  },
);

t.test('mount.scheme zos with mount.subvolumes is a config error, nothing written', async (t) => {
  const config = 'version: 1\nmount:\n  scheme: zos\n  subvolumes: [data]\n';
  const { options, runner } = await setUp(t, 'one-virtio', { config });
  const error = (await runZosstorage(options).catch((caught: unknown) => caught)) as Error & {
    code?: string;
  };
  t.equal(error.code, 'CONFIG_INVALID');
  t.match(error.message, /mount\.subvolumes.*the zos scheme has its own mountpoints and subvolumes/s);
  t.same(listWrites(runner), []);
});

/** Every command that writes to a disk; --mount-existing may still mount, --report-current may not. */
const DISK_WRITES =
  /^(sgdisk|sfdisk|mkfs\.|wipefs (-a|--all)|blockdev|dd|bcachefs (format|subvolume)|btrfs subvolume|udevadm)/;

async function provisionOnce(t: Test, config?: string) {
  const setup = await setUp(t, 'one-virtio', { config });
  t.equal(
    await runZosstorage({ ...setup.options, runner: createGptWritingRunner(setup.devRoot) }),
    'provisioned',
  );
  const report = validateReport(readReport(setup.root));
  if (!report.ok) throw new Error(report.errors.join('\n'));
  return { ...setup, report: report.value };
}

t.test(
  '--report-current on provisioned disks: the report on stdout, nothing mounted or written',
  async (t) => {
    const { options, root, report } = await provisionOnce(t, 'version: 1\nmount:\n  scheme: zos\n');
    const runner = createProvisionedProbeRunner(
      report,
      (argv) => DISK_WRITES.test(argv.join(' ')) || argv[0] === 'mount',
    );
    const logger = createRecordingLogger();
    const printed: string[] = [];
    const statePath = join(root, 'run/zosstorage/state.json');
    const before = readFileSync(statePath, 'utf8');
    const outcome = await runZosstorage({
      ...options,
      action: 'report-current',
      runner,
      openLogger: () => logger,
      print: (text) => printed.push(text),
    });
    t.equal(outcome, 'already_provisioned');
    const current = validateReport(JSON.parse(printed.join('')));
    t.ok(current.ok, 'what it prints satisfies the report schema');
    if (!current.ok) return;
    t.equal(current.value.status, 'already_provisioned');
    t.same(
      current.value.disks,
      withoutWriteChecks(report.disks),
      'the same disks, partitions and GUIDs as the provisioning report',
    );
    t.same(
      current.value.filesystems.map((fs) => [fs.uuid, fs.mountpoint]),
      report.filesystems.map((fs) => [fs.uuid, fs.mountpoint]),
    );
    t.equal(readFileSync(statePath, 'utf8'), before, 'state.json is not rewritten');
    t.match(logger.markers[0], / action=report-current/);
    t.same(
      runner.lines().filter((line) => !line.startsWith('blkid') && !line.startsWith('wipefs --no-act')),
      [],
    );
  },
);

t.test(
  '--mount-existing on provisioned disks: mounts the same set, creates and formats nothing',
  async (t) => {
    const { options, report } = await provisionOnce(t, 'version: 1\nmount:\n  scheme: zos\n');
    const runner = createProvisionedProbeRunner(report, (argv) => DISK_WRITES.test(argv.join(' ')));
    const logger = createRecordingLogger();
    t.equal(
      await runZosstorage({ ...options, action: 'mount-existing', runner, openLogger: () => logger }),
      'already_provisioned',
    );
    const uuid = report.filesystems.find((fs) => fs.label === 'ZOSDATA')?.uuid ?? '';
    t.same(
      runner
        .lines()
        .filter((line) => line.startsWith('mount'))
        .map((line) => line.split(' ').at(-1)?.replace(options.root, '')),
      [`/var/mounts/${uuid}`],
      'the root is mounted; the subvolumes (not there in this fake disk) are neither created nor mounted',
    );
    t.equal(
      logger.lines.filter((line) => line.message.startsWith('subvolume missing; not created')).length,
      4,
      'one warning per missing subvolume',
    );
    t.notOk(logger.markers.some((m) => /^ZOSSTORAGE:(PLAN|PARTITIONED|MKFS)/.test(m)));
  },
);

t.test(
  '--mount-existing and --report-current on an empty disk: unprovisioned, nothing written',
  async (t) => {
    for (const action of ['mount-existing', 'report-current'] as const) {
      const { options, root, printed } = await setUp(t, 'one-virtio');
      const runner = createProbeRunnerRefusingWrites();
      t.equal(await runZosstorage({ ...options, action, runner }), 'unprovisioned', action);
      t.same(
        runner.lines().filter((line) => !line.startsWith('blkid') && !line.startsWith('wipefs --no-act')),
        [],
        `${action}: probes only`,
      );
      if (action === 'report-current') {
        const current = validateReport(JSON.parse(printed.join('')));
        t.ok(current.ok && current.value.status === 'unprovisioned' && current.value.topology === null);
        t.notOk(existsSync(join(root, 'run/zosstorage/state.json')), 'report-current writes no state.json');
      } else {
        const state = validateReport(readReport(root));
        t.ok(state.ok && state.value.status === 'unprovisioned', 'mount-existing records the state');
      }
    }
  },
);

function createProbeRunnerRefusingWrites(): FakeRunner {
  return createFakeRunner((command) => {
    if (DISK_WRITES.test(command.argv.join(' ')) || command.argv[0] === 'mount')
      throw new Error(`a write command ran: ${command.argv.join(' ')}`);
    if (command.argv[0] === 'blkid') return { exitCode: 2 };
    return undefined;
  });
}

t.test('the actions refuse to run together, also when one comes from the kernel command line', async (t) => {
  const cases: [RunZosstorageOptions['action'], string, RegExp][] = [
    [
      'provision',
      'zosstorage.mount_existing=1 zosstorage.report_current=1',
      /zosstorage\.mount_existing=1 and zosstorage\.report_current=1 are two actions/,
    ],
    ['plan', 'zosstorage.mount_existing', /--plan and zosstorage\.mount_existing=1 are two actions/],
    [
      'report-current',
      'zosstorage.mount_existing=yes',
      /--report-current and zosstorage\.mount_existing=1 are two actions/,
    ],
  ];
  for (const [action, cmdline, message] of cases) {
    const { options, runner } = await setUp(t, 'one-virtio', { cmdline });
    const error = (await runZosstorage({ ...options, action }).catch(
      (caught: unknown) => caught,
    )) as ZosErrorLike;
    t.equal(error.code, 'USAGE', `${action} + ${cmdline}`);
    t.equal(error.exitCode, 2);
    t.match(error.message, message);
    t.same(runner.lines(), [], 'nothing ran, not even a probe');
  }
  const { options } = await setUp(t, 'one-virtio', { cmdline: 'zosstorage.mount_existing=1' });
  const runner = createProbeRunnerRefusingWrites();
  t.equal(
    await runZosstorage({ ...options, runner }),
    'unprovisioned',
    'the cmdline switch alone chooses the action',
  );
  const off = await setUp(t, 'one-virtio', { cmdline: 'zosstorage.report_current=0' });
  t.equal(await runZosstorage(off.options), 'provisioned', 'switched off is no action');
});

interface ZosErrorLike {
  code: string;
  exitCode: number;
  message: string;
}
