import t from 'tap';
import { ZosError } from '../errors/zos-error.ts';
import { buildReport } from './build-report.ts';
import { SINGLE_VDA_LAYOUT } from './report-fixtures.ts';
import { validateReport } from './validate-report.ts';

const now = new Date('2026-01-02T03:04:05.000Z');

t.test('a provisioned report carries the layout in snake_case and validates', async (t) => {
  const report = buildReport({ toolVersion: '0.1.0', now, status: 'provisioned', layout: SINGLE_VDA_LAYOUT });
  t.equal(report.report_version, 1);
  t.equal(report.timestamp, '2026-01-02T03:04:05.000Z');
  t.equal(report.error, null);
  t.equal(report.topology, 'btrfs_single');
  t.equal(report.disks[0]?.disk_guid, 'a1b2c3d4-0000-4000-8000-000000000001', 'GUIDs are lower case');
  t.equal(report.disks[0]?.partitions[0]?.type_guid, '21686148-6449-6e6f-744e-656564454649');
  t.same(report.disks[0]?.partitions[2], {
    number: 3,
    name: 'zosdata',
    type_guid: '0fc63daf-8483-4772-8e79-3d69d8477de4',
    guid: '00000000-0000-4000-8000-000000000013',
    start_bytes: 538968064,
    size_bytes: 20 * 1024 ** 3 - 538968064 - 1048576,
    path: '/dev/vda3',
  });
  t.equal(report.filesystems[1]?.mountpoint, '/var/cache/5d2e1f9a-0000-4000-8000-0000000000aa');
  t.same(validateReport(JSON.parse(JSON.stringify(report))), { ok: true, value: report });
});

t.test('a failed report carries the error code, exit code and message', async (t) => {
  const error = new ZosError('NO_ELIGIBLE_DISKS', 'no eligible disk: vda is too small');
  const report = buildReport({ toolVersion: '0.1.0', now, status: 'failed', layout: null, error });
  t.same(report.error, {
    code: 'NO_ELIGIBLE_DISKS',
    exit_code: 3,
    message: 'no eligible disk: vda is too small',
  });
  t.equal(report.topology, null);
  t.same(report.disks, []);
  t.equal(validateReport(report).ok, true);
});

t.test('status and error must agree', async (t) => {
  t.throws(() => buildReport({ toolVersion: '0.1.0', now, status: 'failed', layout: null }), /exactly when/);
  const error = new ZosError('INTERNAL', 'x');
  t.throws(() => buildReport({ toolVersion: '0.1.0', now, status: 'provisioned', layout: null, error }));
});
