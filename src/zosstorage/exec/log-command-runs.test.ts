import t from 'tap';
import { createFakeRunner, createRecordingLogger } from '../testing/test-doubles.ts';
import { logCommandRuns } from './log-command-runs.ts';

t.test('logs the argv before and the result after, and passes the result through', async (t) => {
  const logger = createRecordingLogger();
  const run = logCommandRuns(
    createFakeRunner(() => ({ exitCode: 1, stderr: 'a\nb\nc\nd\n' })),
    logger,
  );
  const result = await run({ argv: ['sgdisk', '--clear', '/dev/vda'], purpose: 'partition /dev/vda' });
  t.equal(result.exitCode, 1);
  t.same(logger.lines[0], {
    level: 'debug',
    message: 'run command',
    fields: { purpose: 'partition /dev/vda', argv: 'sgdisk --clear /dev/vda' },
  });
  t.match(logger.lines[1], {
    level: 'debug',
    message: 'command finished',
    fields: { exit: 1, stderr: 'b | c | d' },
  });
});

t.test('a command with stdin logs its lines on the run line', async (t) => {
  const logger = createRecordingLogger();
  const run = logCommandRuns(createFakeRunner(), logger);
  await run({
    argv: ['sfdisk', '/dev/vda'],
    input: 'label: gpt\n\nstart=2048\n',
    purpose: 'partition /dev/vda',
  });
  t.same(logger.lines[0]?.fields, {
    purpose: 'partition /dev/vda',
    argv: 'sfdisk /dev/vda',
    input: 'label: gpt | start=2048',
  });
});

t.test('logs a command that could not start and rethrows', async (t) => {
  const logger = createRecordingLogger();
  const run = logCommandRuns(
    createFakeRunner(() => 'missing'),
    logger,
  );
  await t.rejects(run({ argv: ['bcachefs', 'format'], purpose: 'mkfs' }), { code: 'TOOL_MISSING' });
  t.match(logger.lines[1], {
    message: 'command could not start',
    fields: { reason: /`bcachefs` not found/ },
  });
});

t.test('keeps the wrapped runner findProgram', async (t) => {
  const logger = createRecordingLogger();
  t.equal(logCommandRuns(createFakeRunner(), logger).findProgram, undefined);
  const wrapped = logCommandRuns(createFakeRunner(undefined, { programs: ['sgdisk'] }), logger);
  t.equal(await wrapped.findProgram?.('sgdisk'), true);
  t.equal(await wrapped.findProgram?.('bcachefs'), false);
});
