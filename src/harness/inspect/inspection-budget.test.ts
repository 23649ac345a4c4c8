// The host inspection's bounds: a check past its time budget is skipped with the reason (never a pass), a check
// that ends oddly is a failure with its output, and the bcachefs fsck capacity limit is read from the environment.
import t from 'tap';
import { statSync } from 'node:fs';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BCACHEFS_FSCK_MAX_BYTES,
  createLargeFileDirs,
  readBcachefsFsckMaxBytes,
  runCheck,
} from './inspect-disks.ts';

t.test(
  'a check still running at the end of its budget is stopped and skipped, with the reason',
  async (t) => {
    const started = Date.now();
    const result = await runCheck(['sh', '-c', 'echo scanning; exec sleep 20'], 'slow fsck', 300);
    t.ok(Date.now() - started < 10_000, 'stopped at the budget, not at the end of the check');
    t.same(result, {
      tool: 'slow fsck',
      ok: true,
      skipped:
        "still running after the check budget of 0.3 s, stopped (its cost grows with the filesystem's size)",
      output: 'scanning',
    });
  },
);

t.test(
  "a check's exit codes: 0 passes, 1/2/4/8 are findings, anything else names how it ended",
  async (t) => {
    t.match(await runCheck(['sh', '-c', 'echo clean'], 'fsck'), { ok: true, skipped: null, output: 'clean' });
    t.match(await runCheck(['sh', '-c', 'echo errors; exit 4'], 'fsck'), {
      ok: false,
      skipped: null,
      output: 'errors',
    });
    t.match(await runCheck(['sh', '-c', 'echo odd >&2; exit 3'], 'fsck'), {
      ok: false,
      skipped: null,
      output: 'fsck ended with exit code 3: odd',
    });
    t.match(await runCheck(['sh', '-c', 'kill -SEGV $$'], 'fsck'), {
      ok: false,
      output: /^fsck ended with SIGSEGV/,
    });
  },
);

t.test(
  'the bcachefs fsck capacity limit: 8 TiB, or ZOS_BCACHEFS_FSCK_MAX_TIB; a bad value is refused',
  async (t) => {
    t.equal(readBcachefsFsckMaxBytes({}), BCACHEFS_FSCK_MAX_BYTES);
    t.equal(BCACHEFS_FSCK_MAX_BYTES, 8 * 1024 ** 4);
    t.equal(readBcachefsFsckMaxBytes({ ZOS_BCACHEFS_FSCK_MAX_TIB: '0.5' }), 0.5 * 1024 ** 4);
    t.throws(() => readBcachefsFsckMaxBytes({ ZOS_BCACHEFS_FSCK_MAX_TIB: 'lots' }), {
      code: 'USAGE',
      message:
        /ZOS_BCACHEFS_FSCK_MAX_TIB=lots is not a number of TiB \(0 or more\): unset it for the default of 8/,
    });
  },
);

t.test(
  'a partition larger than the work folder takes (ext4: 16 TiB) is extracted to tmpfs instead',
  async (t) => {
    const workDir = t.testdir({});
    const dirs = createLargeFileDirs(workDir);
    t.teardown(() => dirs.release());
    t.same(await dirs.pick(1024 ** 2), { dir: workDir }, 'a small file stays in the work folder');
    const size = 20e12;
    const picked = await dirs.pick(size);
    t.not(picked.dir, null, JSON.stringify(picked));
    const file = join(picked.dir ?? workDir, 'p3.raw');
    await writeFile(file, '');
    await truncate(file, size);
    t.equal(statSync(file).size, size, `a 20 TB sparse file fits in ${picked.dir}`);
    t.comment(`20 TB went to ${picked.dir === workDir ? 'the work folder' : picked.dir}`);
  },
);

t.test(
  'picks side by side (disks are inspected in parallel) share one tmpfs folder and never collide',
  async (t) => {
    const workDir = t.testdir({});
    const dirs = createLargeFileDirs(workDir);
    t.teardown(() => dirs.release());
    const picked = await Promise.all(
      Array.from({ length: 8 }, (_, i) => dirs.pick(i % 2 === 0 ? 20e12 : 4096)),
    );
    t.equal(new Set(picked.map((p) => p.dir)).size <= 2, true, JSON.stringify(picked));
    t.same(
      picked.filter((_, i) => i % 2 === 1).map((p) => p.dir),
      [workDir, workDir, workDir, workDir],
    );
  },
);
