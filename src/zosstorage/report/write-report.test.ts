import t from 'tap';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildReport } from './build-report.ts';
import { SINGLE_VDA_LAYOUT } from './report-fixtures.ts';
import { writeReport } from './write-report.ts';

t.test('writes JSON into a folder it creates, leaving no temp file', async (t) => {
  const root = t.testdir({});
  const path = join(root, 'run', 'zosstorage', 'state.json');
  const report = buildReport({
    toolVersion: '1.2.3',
    now: new Date(0),
    status: 'provisioned',
    layout: SINGLE_VDA_LAYOUT,
  });
  await writeReport(path, report);
  t.same(JSON.parse(await readFile(path, 'utf8')), report);
  t.same(await readdir(join(root, 'run', 'zosstorage')), ['state.json']);
});

t.test('replaces an older report', async (t) => {
  const root = t.testdir({ 'state.json': '{"old":true}' });
  const path = join(root, 'state.json');
  const report = buildReport({
    toolVersion: '1.2.3',
    now: new Date(0),
    status: 'provisioned',
    layout: SINGLE_VDA_LAYOUT,
  });
  await writeReport(path, report);
  t.equal(JSON.parse(await readFile(path, 'utf8')).tool_version, '1.2.3');
});
