import t from 'tap';
import { buildReport } from './build-report.ts';
import { SINGLE_VDA_LAYOUT } from './report-fixtures.ts';
import { validateReport } from './validate-report.ts';

const good = () =>
  JSON.parse(
    JSON.stringify(
      buildReport({
        toolVersion: '0.1.0',
        now: new Date(0),
        status: 'provisioned',
        layout: SINGLE_VDA_LAYOUT,
      }),
    ),
  ) as Record<string, unknown> & { disks: Record<string, unknown>[] };

t.test('a good report validates', async (t) => {
  t.equal(validateReport(good()).ok, true);
});

t.test('every problem is listed with its path', async (t) => {
  const report = good();
  report.report_version = 2;
  report.extra = true;
  delete report.timestamp;
  report.disks[0]!.disk_guid = 'not-a-guid';
  report.disks[0]!.role = 'spare';
  const result = validateReport(report);
  t.equal(result.ok, false);
  if (result.ok) return;
  t.same(result.errors.sort(), [
    'disks[0].disk_guid: must match pattern "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"',
    'disks[0].role: must be one of "data", "cache", "backing"',
    'extra: unknown key "extra"',
    'report_version: must be 1',
    'timestamp: is required',
  ]);
});

t.test('status and error must agree', async (t) => {
  const failedWithoutError = { ...good(), status: 'failed' };
  const result = validateReport(failedWithoutError);
  t.same(result, { ok: false, errors: ['error: must be object'] });
  const okWithError = { ...good(), error: { code: 'TOOL_FAILED', exit_code: 5, message: 'x' } };
  t.same(validateReport(okWithError), { ok: false, errors: ['error: must be null'] });
});

t.test('non-objects are rejected, not thrown on', async (t) => {
  t.same(validateReport(null), { ok: false, errors: ['(root): must be object'] });
  t.equal(validateReport('text').ok, false);
});
