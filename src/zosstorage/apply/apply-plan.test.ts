import t from 'tap';
import { ZosError } from '../errors/zos-error.ts';
import { makeConfig, makeGuidCounter, NVME_AND_HDD, ONE_VIRTIO, TWO_NVME } from '../plan/plan-fixtures.ts';
import { planProvisioning } from '../plan/plan-provisioning.ts';
import type { Device } from '../types.ts';
import { applyPlan, findRefusalOfExistingData, type ApplyPlanInput } from './apply-plan.ts';
import { createFakeRunner, createRecordingLogger, type FakeOutcome } from '../testing/test-doubles.ts';
import type { Command } from '../exec/command.ts';

function guid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function setUp(
  devices: Device[],
  respond?: (command: Command) => FakeOutcome | undefined,
  programs?: readonly string[],
) {
  const config = makeConfig();
  const plan = planProvisioning({ devices, config, newGuid: makeGuidCounter() });
  const runner = createFakeRunner(respond, { programs });
  const logger = createRecordingLogger();
  const waited: string[] = [];
  const input: ApplyPlanInput = {
    plan,
    config,
    runner,
    logger,
    devRoot: '/dev',
    sysRoot: '/nonexistent-sys',
    waitForPath: async (path) => {
      waited.push(path);
      return true;
    },
  };
  return { input, runner, logger, waited };
}

t.test('runs partition, re-read, settle and mkfs in order with markers', async (t) => {
  const { input, runner, logger, waited } = setUp(NVME_AND_HDD);
  await applyPlan(input);
  t.same(
    runner.lines().map((line) => line.split(' ').slice(0, 2).join(' ')),
    [
      'sfdisk --quiet',
      'blockdev --rereadpt',
      'udevadm settle',
      'sfdisk --quiet',
      'blockdev --rereadpt',
      'udevadm settle',
      'mkfs.vfat -F',
      'mkfs.vfat -F',
      'bcachefs format',
      'mkdir -p',
      'mount -t',
      `umount /run/zosstorage/first-mount/${guid(11)}`,
      `rmdir /run/zosstorage/first-mount/${guid(11)}`,
    ],
  );
  t.equal(runner.calls[0]!.argv.at(-1), '/dev/nvme0n1');
  t.equal(runner.calls[3]!.argv.at(-1), '/dev/sda');
  t.same(waited, [
    '/dev/nvme0n1p1',
    '/dev/nvme0n1p2',
    '/dev/nvme0n1p3',
    '/dev/sda1',
    '/dev/sda2',
    '/dev/sda3',
  ]);
  t.same(logger.markers, [
    'ZOSSTORAGE:PARTITIONED device=/dev/nvme0n1',
    'ZOSSTORAGE:PARTITIONED device=/dev/sda',
    'ZOSSTORAGE:MKFS type=vfat label=ZOSBOOT uuid=0000-0009 members=/dev/nvme0n1p2',
    'ZOSSTORAGE:MKFS type=vfat label=ZOSBOOT uuid=0000-000A members=/dev/sda2',
    `ZOSSTORAGE:MKFS type=bcachefs label=ZOSDATA uuid=${guid(11)} members=/dev/nvme0n1p3,/dev/sda3`,
    `ZOSSTORAGE:INITIALIZED type=bcachefs uuid=${guid(11)} by=first-mount`,
  ]);
});

t.test(
  'a failing middle command stops the run: TOOL_FAILED names the step and device, nothing after runs',
  async (t) => {
    const { input, runner, logger } = setUp(TWO_NVME, (command) =>
      command.argv.includes('/dev/nvme1n1p2')
        ? { exitCode: 1, stderr: 'mkfs.fat: unable to open /dev/nvme1n1p2' }
        : undefined,
    );
    const error = await applyPlan(input).catch((e: unknown) => e);
    t.ok(error instanceof ZosError);
    t.equal((error as ZosError).code, 'TOOL_FAILED');
    t.equal(
      (error as ZosError).message,
      'create vfat ZOSBOOT on /dev/nvme1n1p2: `mkfs.vfat -F 32 -n ZOSBOOT -i 0000000A /dev/nvme1n1p2` exited with 1: ' +
        'mkfs.fat: unable to open /dev/nvme1n1p2',
    );
    t.equal(runner.calls.at(-1)!.argv.at(-1), '/dev/nvme1n1p2', 'the failing command was the last one run');
    t.notOk(
      runner.lines().some((line) => line.startsWith('mkfs.btrfs')),
      'no data filesystem was created',
    );
    t.equal(
      logger.markers.at(-1),
      'ZOSSTORAGE:MKFS type=vfat label=ZOSBOOT uuid=0000-0009 members=/dev/nvme0n1p2',
    );
  },
);

t.test('a failing sfdisk stops before the re-read of that disk and before any other disk', async (t) => {
  const { input, runner, logger } = setUp(TWO_NVME, (command) =>
    command.argv[0] === 'sfdisk'
      ? { exitCode: 1, stderr: 'Failed to add #3 partition: Numerical result out of range' }
      : undefined,
  );
  await t.rejects(applyPlan(input), {
    code: 'TOOL_FAILED',
    message:
      /^partition \/dev\/nvme0n1: `sfdisk --quiet .* \/dev\/nvme0n1` exited with 1: Failed to add #3 partition: Numerical result out of range$/,
  });
  t.equal(runner.calls.length, 1);
  t.same(logger.markers, []);
});

t.test(
  'a mkfs that refuses because it found a filesystem is a safety finding: TOOL_FOUND_DATA, exit 4, its own marker',
  async (t) => {
    const { input, logger } = setUp(ONE_VIRTIO, (command) =>
      command.argv[0] === 'mkfs.btrfs'
        ? {
            exitCode: 1,
            stderr:
              'ERROR: /dev/vda3 appears to contain an existing filesystem (btrfs)\nERROR: use the -f option to force overwrite of /dev/vda3\n',
          }
        : undefined,
    );
    const error = await applyPlan(input).catch((caught: unknown) => caught);
    t.ok(error instanceof ZosError);
    t.equal((error as ZosError).code, 'TOOL_FOUND_DATA');
    t.equal((error as ZosError).exitCode, 4);
    t.match(
      (error as ZosError).message,
      /^mkfs.btrfs refused to format \/dev\/vda3: it found an existing btrfs filesystem there that every check before missed\. It wrote nothing; this run had written the GPT of \/dev\/vda, the vfat on \/dev\/vda2\. The next boot refuses these disks \(PARTIAL_LAYOUT\)/,
    );
    t.equal(logger.markers.at(-1), 'ZOSSTORAGE:TOOL_REFUSED device=/dev/vda3 tool=mkfs.btrfs found=btrfs');
  },
);

t.test(
  'bcachefs format that finds a filesystem is the same finding; other mkfs failures stay TOOL_FAILED',
  async (t) => {
    t.equal(
      findRefusalOfExistingData(
        new ZosError('TOOL_FAILED', 'x', {
          details: { stderr: '/dev/vda3 contains a ext4 filesystem\nAborting\n' },
        }),
      ),
      'ext4',
    );
    t.equal(
      findRefusalOfExistingData(
        new ZosError('TOOL_FAILED', 'x', { details: { stderr: 'No space left on device' } }),
      ),
      null,
    );
    t.equal(findRefusalOfExistingData(new Error('not a tool failure')), null);
  },
);

t.test('a missing mkfs tool is TOOL_MISSING and stops the run', async (t) => {
  const { input, runner } = setUp(ONE_VIRTIO, (command) =>
    command.argv[0] === 'mkfs.btrfs' ? 'missing' : undefined,
  );
  await t.rejects(applyPlan(input), { code: 'TOOL_MISSING', message: /`mkfs.btrfs` not found/ });
  t.equal(runner.calls.at(-1)!.argv[0], 'mkfs.btrfs');
});

t.test('no udevadm (the initramfs): polling alone is enough', async (t) => {
  const { input, runner, logger } = setUp(ONE_VIRTIO, (command) =>
    command.argv[0] === 'udevadm' ? 'missing' : undefined,
  );
  await applyPlan(input);
  t.equal(runner.calls.length, 5, 'sfdisk, blockdev, udevadm (missing), mkfs.vfat, mkfs.btrfs');
  t.ok(logger.lines.some((line) => line.message === 'no udevadm; polling for device nodes'));
  t.equal(logger.markers.length, 3);
});

t.test('a runner that can look up programs skips the spawn of a missing udevadm', async (t) => {
  const tools = ['sfdisk', 'blockdev', 'mkfs.vfat', 'mkfs.btrfs', 'mount'];
  const { input, runner, logger } = setUp(ONE_VIRTIO, undefined, tools);
  await applyPlan(input);
  t.same(
    runner.calls.map((command) => command.argv[0]),
    ['sfdisk', 'blockdev', 'mkfs.vfat', 'mkfs.btrfs'],
  );
  t.ok(logger.lines.some((line) => line.message === 'no udevadm; polling for device nodes'));
  const withUdev = setUp(ONE_VIRTIO, undefined, [...tools, 'udevadm']);
  await applyPlan(withUdev.input);
  t.ok(
    withUdev.runner.calls.some((command) => command.argv[0] === 'udevadm'),
    'present: it runs',
  );
});

t.test('a failing udevadm settle is a warning, not a failure', async (t) => {
  const { input, logger } = setUp(ONE_VIRTIO, (command) =>
    command.argv[0] === 'udevadm' ? { exitCode: 1 } : undefined,
  );
  await applyPlan(input);
  t.ok(logger.lines.some((line) => line.level === 'warn' && /udevadm settle failed/.test(line.message)));
});

t.test('a partition node that never appears is TOOL_FAILED and nothing is formatted', async (t) => {
  const { input, runner } = setUp(ONE_VIRTIO);
  input.waitForPath = async (path) => path !== '/dev/vda3';
  input.timeoutMs = 1500;
  await t.rejects(applyPlan(input), {
    code: 'TOOL_FAILED',
    message:
      'partition /dev/vda3 did not appear within 1.5 s: the kernel did not pick up the new partition table of /dev/vda',
  });
  t.notOk(runner.lines().some((line) => line.startsWith('mkfs')));

  input.sysRoot = t.testdir({ class: { block: { vda3: {} } } });
  await t.rejects(applyPlan(input), {
    message: /the kernel knows vda3 but \/dev\/vda3 does not exist: is devtmpfs mounted on \/dev\?/,
  });
});

t.test('a runner that can look programs up: every missing tool is named before anything runs', async (t) => {
  const { input } = setUp(NVME_AND_HDD);
  const runner = createFakeRunner(undefined, {
    programs: ['sfdisk', 'blockdev', 'mount', 'umount', 'mkdir', 'rmdir'],
  });
  const logger = createRecordingLogger();
  await t.rejects(applyPlan({ ...input, runner, logger }), {
    code: 'TOOL_MISSING',
    message:
      'cannot apply the plan, not found: `mkfs.vfat` (install dosfstools), `bcachefs` (install bcachefs-tools); ' +
      'nothing was written',
  });
  t.same(runner.calls, [], 'no command ran');
  t.same(logger.markers, []);
});

t.test('all programs present: the precheck lets the run through (udevadm is optional)', async (t) => {
  const { input } = setUp(ONE_VIRTIO);
  const runner = createFakeRunner(undefined, {
    programs: ['sfdisk', 'blockdev', 'mkfs.vfat', 'mkfs.btrfs', 'mount'],
  });
  await applyPlan({ ...input, runner });
  t.equal(runner.calls.length, 4, 'sfdisk, blockdev, mkfs.vfat, mkfs.btrfs: no spawn of the missing udevadm');
});

t.test(
  'bcachefs: formatted with --no_initialize, then mounted once and unmounted before the INITIALIZED marker',
  async (t) => {
    const { input, runner, logger } = setUp(NVME_AND_HDD);
    await applyPlan(input);
    const lines = runner.lines();
    const format = lines.findIndex((line) => line.startsWith('bcachefs format --no_initialize '));
    t.ok(format >= 0, 'the format skips the userspace initialisation');
    const uuid = /--uuid=(\S+)/.exec(lines[format] ?? '')?.[1] ?? '';
    const dir = `/run/zosstorage/first-mount/${uuid}`;
    t.same(lines.slice(format + 1), [
      `mkdir -p ${dir}`,
      `mount -t bcachefs /dev/nvme0n1p3:/dev/sda3 ${dir}`,
      `umount ${dir}`,
      `rmdir ${dir}`,
    ]);
    t.match(logger.markers.at(-2), /^ZOSSTORAGE:MKFS type=bcachefs/);
    t.equal(logger.markers.at(-1), `ZOSSTORAGE:INITIALIZED type=bcachefs uuid=${uuid} by=first-mount`);
  },
);

t.test('a failed first mount fails the run with TOOL_FAILED and no INITIALIZED marker', async (t) => {
  const { input, logger } = setUp(NVME_AND_HDD, (command) =>
    command.argv[0] === 'mount' ? { exitCode: 32, stderr: 'mount: bad superblock' } : undefined,
  );
  await t.rejects(applyPlan(input), { code: 'TOOL_FAILED', message: /mount -t bcachefs.*exited with 32/ });
  t.notOk(logger.markers.some((m) => m.startsWith('ZOSSTORAGE:INITIALIZED')));
});

t.test('a bcachefs format killed by a signal is not retried: the run fails with TOOL_FAILED', async (t) => {
  // The retry of earlier versions masked the bcachefs-tools 1.13 crash; --no_initialize removes its cause,
  // so a crash now is a new fault to see, not to hide.
  const { input, runner, logger } = setUp(NVME_AND_HDD, (command) =>
    command.argv[1] === 'format' ? { exitCode: 139, stderr: 'killed by SIGSEGV' } : undefined,
  );
  await t.rejects(applyPlan(input), {
    code: 'TOOL_FAILED',
    message: /bcachefs format --no_initialize.*exited with 139/,
  });
  t.equal(runner.lines().filter((line) => line.startsWith('bcachefs format')).length, 1);
  t.notOk(runner.lines().some((line) => line.includes('--force')));
  t.notOk(logger.lines.some((line) => line.level === 'warn'));
});

t.test('a bcachefs format that exits with an error (no signal) is not retried', async (t) => {
  const { input, runner } = setUp(NVME_AND_HDD, (command) =>
    command.argv[1] === 'format' ? { exitCode: 1, stderr: 'invalid option' } : undefined,
  );
  await t.rejects(applyPlan(input), { code: 'TOOL_FAILED', message: /exited with 1: invalid option/ });
  t.equal(runner.lines().filter((line) => line.startsWith('bcachefs format')).length, 1);
});
