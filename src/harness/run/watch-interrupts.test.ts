// A real child process: the first SIGINT aborts the run's signal and keeps going; a second ends it by SIGINT.
import t from 'tap';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../cli/run-harness-cli.ts';

t.test('first SIGINT aborts the run signal and logs; a second ends the process by that signal', async (t) => {
  const dir = t.testdir({
    'child.mts': `
      import { watchInterrupts } from ${JSON.stringify(join(import.meta.dirname, 'watch-interrupts.ts'))};
      const signal = watchInterrupts((line) => process.stdout.write(line.trim() + '\\n'));
      signal.addEventListener('abort', () => process.stdout.write('aborted ' + String(signal.reason) + '\\n'));
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1000);
    `,
  });
  const child = spawn(process.execPath, ['--import', 'tsx', join(dir, 'child.mts')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (text: string) =>
    new Promise<void>((resolve) => {
      const check = (): void => {
        if (output.includes(text)) resolve();
        else setTimeout(check, 20);
      };
      check();
    });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor('ready');
  child.kill('SIGINT');
  await waitFor('aborted SIGINT');
  t.match(output, /SIGINT: stopping every VM and writing the results \(again to quit at once\)/);
  t.equal(child.exitCode, null, 'still running after the first signal');
  child.kill('SIGINT');
  t.same(await exited, { code: null, signal: 'SIGINT' }, 'ended by SIGINT, as without a handler');
});
