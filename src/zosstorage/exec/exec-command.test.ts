import t from 'tap';
import { createRecordingLogger } from '../testing/test-doubles.ts';
import { ZosError } from '../errors/zos-error.ts';
import { createExecCommand, execCommand } from './exec-command.ts';

const node = process.execPath;

t.test('captures stdout, stderr and a non-zero exit code without rejecting', async (t) => {
  const result = await execCommand({
    argv: [node, '-e', 'process.stdout.write("out\\n"); process.stderr.write("err\\n"); process.exit(3)'],
    purpose: 'test',
  });
  t.same(result, { exitCode: 3, stdout: 'out', stderr: 'err' });
});

t.test('passes input on stdin', async (t) => {
  const result = await execCommand({
    argv: [node, '-e', 'process.stdin.pipe(process.stdout)'],
    purpose: 'echo',
    input: 'label: gpt\n',
  });
  t.equal(result.stdout, 'label: gpt');
  t.equal(result.exitCode, 0);
});

t.test('without input, stdin is empty (a prompting tool reads EOF instead of hanging)', async (t) => {
  const result = await execCommand({
    argv: [
      node,
      '-e',
      'let n = 0; process.stdin.on("data", (d) => (n += d.length)).on("end", () => console.log(n))',
    ],
    purpose: 'read stdin',
  });
  t.equal(result.stdout, '0');
});

t.test('runs tools in the C locale', async (t) => {
  const result = await execCommand({ argv: [node, '-p', 'process.env.LC_ALL'], purpose: 'locale' });
  t.equal(result.stdout, 'C');
});

t.test('a missing program rejects with TOOL_MISSING naming the package to install', async (t) => {
  await t.rejects(execCommand({ argv: ['mkfs.btrfs-does-not-exist'], purpose: 'x' }), {
    code: 'TOOL_MISSING',
    message: '`mkfs.btrfs-does-not-exist` not found: install it or add its folder to PATH',
  });
  const error = await execCommand({ argv: ['/nonexistent/bin/mkfs.btrfs'], purpose: 'x' }).catch(
    (e: unknown) => e,
  );
  t.ok(error instanceof ZosError);
  t.equal((error as ZosError).message, '`/nonexistent/bin/mkfs.btrfs` not found: install btrfs-progs');
});

t.test('a program killed by a signal reports 128 + signal number', async (t) => {
  const result = await execCommand({
    argv: [node, '-e', 'process.kill(process.pid, "SIGKILL")'],
    purpose: 'kill',
  });
  t.equal(result.exitCode, 137);
  t.match(result.stderr, /killed by SIGKILL/);
});

t.test(
  'createExecCommand with a logger debug-logs every command with its purpose and exit code',
  async (t) => {
    const logger = createRecordingLogger();
    const run = createExecCommand({ logger });
    await run({
      argv: [node, '-e', 'process.stderr.write("boom"); process.exit(2)'],
      purpose: 'fail on purpose',
    });
    t.same(
      logger.lines.map((line) => [
        line.level,
        line.message,
        line.fields.purpose,
        line.fields.exit,
        line.fields.stderr,
      ]),
      [
        ['debug', 'run command', 'fail on purpose', undefined, undefined],
        ['debug', 'command finished', 'fail on purpose', 2, 'boom'],
      ],
    );
    t.match(String(logger.lines[0]!.fields.argv), /-e 'process.stderr.write\("boom"\); process.exit\(2\)'$/);
    t.equal(createExecCommand(), execCommand, 'without a logger it is the plain runner');
  },
);

t.test('the real runner can look programs up on PATH', async (t) => {
  t.equal(await execCommand.findProgram?.(process.execPath), true);
  t.equal(await execCommand.findProgram?.('zos-no-such-program'), false);
  t.equal(
    await createExecCommand({ logger: createRecordingLogger() }).findProgram?.('zos-no-such-program'),
    false,
  );
});
