import t from 'tap';
import { subtractRanges } from '../disks/map-written-ranges.ts';
import type { StateReport } from '../../zosstorage/report/report-schema.ts';
import { checkWrittenRanges } from './check-written-ranges.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

t.test('subtractRanges keeps exactly the parts no cut covers', async (t) => {
  t.same(
    subtractRanges(
      [{ offset: 0, length: 100 }],
      [
        { offset: 10, length: 20 },
        { offset: 50, length: 60 },
      ],
    ),
    [
      { offset: 0, length: 10 },
      { offset: 30, length: 20 },
    ],
  );
  t.same(subtractRanges([{ offset: 0, length: 100 }], []), [{ offset: 0, length: 100 }]);
  t.same(subtractRanges([{ offset: 10, length: 5 }], [{ offset: 0, length: 100 }]), []);
});

function reportWith(checked: { offset: number; length: number }[]): StateReport {
  return {
    report_version: 1,
    tool_version: '1',
    timestamp: '2026-12-07T00:00:00.000Z',
    status: 'provisioned',
    error: null,
    topology: 'btrfs_single',
    disks: [
      {
        path: '/dev/vda',
        serial: 'ZOS-VDA',
        size_bytes: 12 * 1024 * MiB,
        rotational: true,
        transport: 'virtio',
        role: 'data',
        disk_guid: '00000000-0000-4000-8000-000000000001',
        partitions: [],
        checked_before_write: checked.map((range) => ({ ...range, tool: 'mkfs.btrfs' })),
      },
    ],
    filesystems: [],
  };
}

t.test(
  'written clusters inside the checked ranges (widened to 64 KiB clusters) pass; others are named',
  async (t) => {
    const report = reportWith([
      { offset: 514 * MiB, length: 2 * MiB },
      { offset: 100 * MiB + 4 * KiB, length: 4 * KiB },
    ]);
    const keys = { 'serial ZOS-VDA': 'vda' };
    t.same(
      checkWrittenRanges(
        report,
        {
          vda: [
            { offset: 514 * MiB, length: MiB },
            { offset: 100 * MiB, length: 64 * KiB },
          ],
        },
        keys,
      ),
      [],
    );
    t.same(checkWrittenRanges(report, { vda: [{ offset: 520 * MiB, length: 64 * KiB }] }, keys), [
      'disk vda: written outside the ranges read before writing, at 545259520 (64 KiB): a tool or the kernel writes where commands/list-planned-writes.ts does not say it does',
    ]);
    t.same(checkWrittenRanges(report, { vdb: [{ offset: 0, length: 64 * KiB }] }, keys), [
      'disk vdb: the boot wrote to it, but the report lists no ranges read before writing there',
    ]);
  },
);
