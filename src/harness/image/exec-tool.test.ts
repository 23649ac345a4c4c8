import t from 'tap';
import { describeToolFailure, execTool } from './exec-tool.ts';

t.test('a missing tool names the package to install', async (t) => {
  t.equal(
    describeToolFailure('/usr/bin/dpkg-deb', 127, '', 'extract a.deb'),
    '`dpkg-deb` not found: install dpkg (needed to extract a.deb)',
  );
  await t.rejects(execTool(['zos-no-such-tool-xyz'], 'test a missing tool'), {
    code: 'TOOL_FAILED',
    message: /`zos-no-such-tool-xyz` not found/,
  });
});

t.test('a failing tool reports its exit code and last stderr lines', async (t) => {
  await t.rejects(execTool(['sh', '-c', 'echo first >&2; echo boom >&2; exit 3'], 'fail on purpose'), {
    message: /`sh` failed with exit code 3 while trying to fail on purpose:\nfirst\nboom/,
  });
  t.same(await execTool(['sh', '-c', 'printf ok'], 'succeed'), { stdout: 'ok', stderr: '', exitCode: 0 });
});

t.test('allowed exit codes come back to the caller; others still fail', async (t) => {
  t.same(await execTool(['sh', '-c', 'echo E: no >&2; exit 100'], 'x', { allowExitCodes: [100] }), {
    stdout: '',
    stderr: 'E: no\n',
    exitCode: 100,
  });
  await t.rejects(execTool(['sh', '-c', 'exit 101'], 'x', { allowExitCodes: [100] }), {
    message: /exit code 101/,
  });
});
