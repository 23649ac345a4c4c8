import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { provisionerBuildOptions } from '../../../../scripts/bundle-options.mjs';
import { hostPlanArgs } from '../../../zosstorage/testing/host-plan-args.ts';
import { buildStartupSnapshot, snapshotBuildConfig, supportsStartupSnapshot } from './startup-snapshot.ts';

t.test(
  'only a bundle whose entry registers a deserialize main function is built into a snapshot',
  async (t) => {
    t.ok(supportsStartupSnapshot('startupSnapshot.setDeserializeMainFunction(() => void main());'));
    t.notOk(supportsStartupSnapshot('void main();'));
    t.same(snapshotBuildConfig('/b.cjs'), { builder: '/b.cjs', withoutCodeCache: true });
  },
);

t.test('the blob starts the registered main with the arguments after `--`', async (t) => {
  const dir = t.testdir({
    'entry.cjs': [
      "const v8 = require('node:v8');",
      'const builtAt = process.argv.length;',
      'v8.startupSnapshot.setDeserializeMainFunction(() => {',
      '  console.log(JSON.stringify({ args: process.argv.slice(1), builtAt }));',
      '});',
    ].join('\n'),
  });
  const blob = await buildStartupSnapshot({
    node: process.execPath,
    bundle: join(dir, 'entry.cjs'),
    workDir: dir,
  });
  const blobFile = join(dir, 'out.blob');
  writeFileSync(blobFile, blob);
  const run = spawnSync(process.execPath, ['--snapshot-blob', blobFile, '--', '--plan', 'x'], {
    encoding: 'utf8',
  });
  t.equal(run.status, 0, run.stderr);
  t.same(JSON.parse(run.stdout), { args: ['--plan', 'x'], builtAt: 2 });
});

t.test(
  'an entry that runs at once waits at a gate that never opens: the build fails, nothing ran',
  async (t) => {
    const dir = t.testdir({});
    const ran = join(dir, 'ran');
    // What an older bundle's entry does: main at once, which waits at the init's gate before doing anything.
    writeFileSync(
      join(dir, 'entry.cjs'),
      [
        "const { existsSync, writeFileSync } = require('node:fs');",
        'const gate = process.env.ZOSSTORAGE_START_GATE;',
        `const poll = () => (gate && !existsSync(gate) ? setTimeout(poll, 10) : writeFileSync(${JSON.stringify(ran)}, 'x'));`,
        'poll();',
      ].join('\n'),
    );
    await t.rejects(
      buildStartupSnapshot({
        node: process.execPath,
        bundle: join(dir, 'entry.cjs'),
        workDir: dir,
        timeoutMs: 1500,
      }),
      { message: /did not finish within 1\.5 s while trying to build the provisioner startup snapshot/ },
    );
    t.notOk(existsSync(ran), 'the entry never passed its gate');
  },
);

t.test("the provisioner's own snapshot runs its CLI as the bundle does (--version, --plan)", async (t) => {
  const repo = join(import.meta.dirname, '../../../..');
  const dir = t.testdir({});
  const bundle = join(dir, 'zosstorage.cjs');
  await build({
    ...provisionerBuildOptions({ outfile: bundle, version: '7.7.8-snap', shebang: false }),
    logLevel: 'error',
  });
  const blobFile = join(dir, 'zosstorage.blob');
  writeFileSync(blobFile, await buildStartupSnapshot({ node: process.execPath, bundle, workDir: dir }));
  const devRoot = join(dir, 'dev');
  const fixture = join(repo, 'fixtures/sysfs/one-virtio');
  spawnSync(process.execPath, [join(repo, 'scripts/make-fake-devs.mjs'), fixture, devRoot], {
    stdio: 'ignore',
  });
  const planArgs = hostPlanArgs(fixture, devRoot);
  const fromSnapshot = (args: string[]) =>
    spawnSync(process.execPath, ['--snapshot-blob', blobFile, '--', ...args], { encoding: 'utf8' });
  t.equal(fromSnapshot(['--version']).stdout, '7.7.8-snap\n');
  const snapshotPlan = fromSnapshot(planArgs);
  const bundlePlan = spawnSync(process.execPath, [bundle, ...planArgs], { encoding: 'utf8' });
  t.equal(snapshotPlan.status, 0, snapshotPlan.stderr);
  const commands = (stdout: string) =>
    (JSON.parse(stdout) as { commands: string[][] }).commands.map((argv) => argv.slice(0, 2).join(' '));
  t.same(commands(snapshotPlan.stdout), commands(bundlePlan.stdout));
  // GUIDs come from the run, not from the build: two runs of one blob plan different ones.
  const guid = (stdout: string) =>
    (JSON.parse(stdout) as { plan: { disks: { diskGuid: string }[] } }).plan.disks[0]?.diskGuid;
  t.not(guid(snapshotPlan.stdout), guid(fromSnapshot(planArgs).stdout));
});
