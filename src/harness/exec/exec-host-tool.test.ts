import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  describeToolFailure,
  execHostTool,
  execHostToolBuffer,
  findHostTool,
  hostToolEnv,
  spawnHostTool,
} from './exec-host-tool.ts';

t.test(
  'one sentence per failure class: not found (with the package), exit code, signal, timeout',
  async (t) => {
    t.equal(
      describeToolFailure(['/usr/bin/dpkg-deb', '-x'], { exitCode: 127 }, '', 'extract a.deb'),
      '`dpkg-deb` not found: install dpkg (./scripts/run-scenario installs it) (needed to extract a.deb)',
    );
    t.equal(
      describeToolFailure(
        ['/g/lib64/ld-linux-x86-64.so.2', '--library-path', '/g/lib', '/g/sbin/blkid'],
        { exitCode: 2 },
        'e1\ne2\n',
        'probe x',
      ),
      '`blkid` failed with exit code 2 while trying to probe x:\ne1\ne2',
      'a guest-root tool is named, not its loader',
    );
    t.equal(
      describeToolFailure(['qemu-img'], { exitCode: undefined, signal: 'SIGKILL' }, '', 'convert'),
      '`qemu-img` was killed by SIGKILL while trying to convert',
    );
    t.equal(
      describeToolFailure(['sleep'], { exitCode: undefined, timedOutMs: 500 }, '', 'wait'),
      '`sleep` did not finish within 0.5 s while trying to wait',
    );
  },
);

t.test('real runs: a missing tool, a failing tool, allowed codes, a timeout, binary stdout', async (t) => {
  await t.rejects(execHostTool(['zos-no-such-tool-xyz'], 'test a missing tool'), {
    code: 'TOOL_FAILED',
    message: /^`zos-no-such-tool-xyz` not found \(needed to test a missing tool\)$/,
  });
  await t.rejects(execHostTool(['sh', '-c', 'echo first >&2; echo boom >&2; exit 3'], 'fail on purpose'), {
    message: /^`sh` failed with exit code 3 while trying to fail on purpose:\nfirst\nboom$/,
  });
  t.same(await execHostTool(['sh', '-c', 'echo E: no >&2; exit 100'], 'x', { okExitCodes: [0, 100] }), {
    exitCode: 100,
    stdout: '',
    stderr: 'E: no\n',
  });
  t.equal((await execHostTool(['sh', '-c', 'exit 9'], 'x', { okExitCodes: 'any' })).exitCode, 9);
  await t.rejects(execHostTool(['sleep', '5'], 'wait', { timeoutMs: 200 }), {
    message: /did not finish within 0\.2 s/,
  });
  t.same(await execHostToolBuffer(['printf', '\\001\\377'], 'bytes'), Buffer.from([1, 255]));
});

t.test("the one environment: sbin on PATH, the C locale, the caller's additions", async (t) => {
  const env = hostToolEnv({ FOO: 'bar' });
  t.match(env.PATH, /:\/usr\/sbin:\/sbin$/);
  t.equal(env.LC_ALL, 'C');
  t.equal(env.FOO, 'bar');
  t.equal((await execHostTool(['sh', '-c', 'printf %s "$LC_ALL"'], 'x')).stdout, 'C');
});

t.test(
  "okExitCodes 'any': exit codes, signals and timeouts come back; only a missing tool throws",
  async (t) => {
    t.same(await execHostTool(['sh', '-c', 'kill -TERM $$'], 'x', { okExitCodes: 'any' }), {
      exitCode: -1,
      stdout: '',
      stderr: '',
      signal: 'SIGTERM',
    });
    t.match(await execHostTool(['sleep', '5'], 'x', { okExitCodes: 'any', timeoutMs: 200 }), {
      timedOut: true,
    });
    await t.rejects(execHostTool(['zos-no-such-tool-xyz'], 'x', { okExitCodes: 'any' }), {
      code: 'TOOL_FAILED',
    });
  },
);

t.test('stdout to a file (a VM console) and stdin closed', async (t) => {
  const dir = t.testdir({});
  const file = join(dir, 'console.log');
  const result = await execHostTool(['sh', '-c', 'echo line; cat; echo "rc=$?"'], 'x', {
    stdin: 'ignore',
    stdout: { file },
  });
  t.equal(result.stdout, '', 'nothing is captured');
  t.equal(
    readFileSync(file, 'utf8'),
    'line\nrc=0\n',
    'cat saw an empty stdin and the bytes went to the file',
  );
});

t.test('findHostTool looks on the one PATH (sbin included) without starting anything', async (t) => {
  t.match(findHostTool('sh'), /\/sh$/);
  t.match(findHostTool('blkid'), /sbin\/blkid$/, 'found in sbin although the caller PATH may lack it');
  t.equal(findHostTool('zos-no-such-tool-xyz'), null);
});

t.test('spawnHostTool streams stdout, buffers stderr, runs in the one environment', async (t) => {
  const child = spawnHostTool(['sh', '-c', 'printf "a\\nb\\n"; printf "%s" "$LC_ALL" >&2; exit 4'], {
    stdin: 'ignore',
  });
  let streamed = '';
  child.stdout?.on('data', (chunk: Buffer) => (streamed += chunk.toString()));
  const result = await child;
  t.equal(streamed, 'a\nb\n');
  t.equal(result.stderr, 'C');
  t.equal(result.exitCode, 4, 'a failing tool does not reject');
});
