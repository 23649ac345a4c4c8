import t from 'tap';
import { createFakeRunner } from '../testing/test-doubles.ts';
import { ZosError } from '../errors/zos-error.ts';
import { runChecked } from './run-checked.ts';

const command = {
  argv: ['mkfs.btrfs', '-L', 'ZOSDATA', '/dev/vda3'],
  purpose: 'create btrfs ZOSDATA on /dev/vda3',
};

t.test('returns the result of a successful command', async (t) => {
  const runner = createFakeRunner(() => ({ stdout: 'done' }));
  t.same(await runChecked(runner, command), { exitCode: 0, stdout: 'done', stderr: '' });
});

t.test('a non-zero exit is TOOL_FAILED with purpose, argv, code and the last stderr lines', async (t) => {
  const stderr = ['line 1', 'line 2', '', 'line 3', 'line 4', 'line 5', 'ERROR: /dev/vda3 is mounted'].join(
    '\n',
  );
  const runner = createFakeRunner(() => ({ exitCode: 1, stderr }));
  const error = await runChecked(runner, command).catch((e: unknown) => e);
  t.ok(error instanceof ZosError);
  t.equal((error as ZosError).code, 'TOOL_FAILED');
  t.equal(
    (error as ZosError).message,
    'create btrfs ZOSDATA on /dev/vda3: `mkfs.btrfs -L ZOSDATA /dev/vda3` exited with 1: ' +
      'line 2 | line 3 | line 4 | line 5 | ERROR: /dev/vda3 is mounted',
  );
  t.equal((error as ZosError).exitCode, 5);
  t.same((error as ZosError).details.argv, command.argv);
});

t.test('falls back to stdout, then to "no output"', async (t) => {
  await t.rejects(
    runChecked(
      createFakeRunner(() => ({ exitCode: 2, stdout: 'usage: x' })),
      command,
    ),
    {
      message: /exited with 2: usage: x$/,
    },
  );
  await t.rejects(
    runChecked(
      createFakeRunner(() => ({ exitCode: 2 })),
      command,
    ),
    {
      message: /exited with 2: no output$/,
    },
  );
});

t.test('a missing tool passes through as TOOL_MISSING', async (t) => {
  await t.rejects(
    runChecked(
      createFakeRunner(() => 'missing'),
      command,
    ),
    { code: 'TOOL_MISSING' },
  );
});
