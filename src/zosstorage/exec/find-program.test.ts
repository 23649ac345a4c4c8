import { chmodSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { findProgram } from './find-program.ts';

t.test('finds executables on the given PATH, not plain files or folders', async (t) => {
  const dir = t.testdir({ a: { sgdisk: '#!/bin/sh\n', notes: 'text' }, b: { 'mkfs.btrfs': {} } });
  chmodSync(path.join(dir, 'a/sgdisk'), 0o755);
  const pathEnv = [path.join(dir, 'a'), '', path.join(dir, 'b')].join(path.delimiter);
  t.equal(await findProgram('sgdisk', pathEnv), true);
  t.equal(await findProgram('notes', pathEnv), false, 'not executable');
  t.equal(await findProgram('mkfs.btrfs', pathEnv), false, 'a folder');
  t.equal(await findProgram('bcachefs', pathEnv), false);
  t.equal(await findProgram(path.join(dir, 'a/sgdisk'), ''), true, 'a path is checked as is');
  t.equal(await findProgram(process.execPath), true);
});
