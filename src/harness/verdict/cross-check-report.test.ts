import t from 'tap';
import type { StateReport } from '../../zosstorage/report/report-schema.ts';
import type { Inspection } from '../inspect/inspection-types.ts';
import { crossCheckReport, reportDiskKeys } from './cross-check-report.ts';

const WWID_1 = 'uuid.11111111-1111-4111-8111-111111111111';
const WWID_2 = 'uuid.22222222-2222-4222-8222-222222222222';
const KEYS = reportDiskKeys([
  { id: 'ns1', serial: 'CTL', wwid: WWID_1 },
  { id: 'ns2', serial: 'CTL', wwid: WWID_2 },
  { id: 'vda', serial: 'ZOS-VDA', wwid: null },
]);

const guid = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const inspection: Inspection = {
  boot: 1,
  disks: [1, 2, 3].map((n) => ({
    id: ['ns1', 'ns2', 'vda'][n - 1] as string,
    image: `/r/${n}.qcow2`,
    sizeBytes: 1 << 30,
    gpt: { diskGuid: guid(n), primaryValid: true, backupValid: true, problems: [] },
    partitions: [],
    wholeDiskProbe: null,
  })),
  filesystems: [],
} as unknown as Inspection;

const reportDisk = (path: string, serial: string | null, wwid: string | null | undefined, n: number) => ({
  path,
  serial,
  ...(wwid === undefined ? {} : { wwid }),
  size_bytes: 1 << 30,
  rotational: false,
  transport: 'nvme' as const,
  role: 'data' as const,
  disk_guid: guid(n),
  partitions: [],
});

const report = (disks: StateReport['disks']): StateReport => ({
  report_version: 1,
  tool_version: '0.0.0',
  timestamp: '2026-01-01T00:00:00.000Z',
  status: 'provisioned',
  error: null,
  topology: 'btrfs_independent',
  disks,
  filesystems: [],
});

t.test('keys: a wwid names a disk that has one, the serial names the others', async (t) => {
  t.same(KEYS, { [`wwid ${WWID_1}`]: 'ns1', [`wwid ${WWID_2}`]: 'ns2', 'serial ZOS-VDA': 'vda' });
});

t.test('two namespaces with one serial are told apart by wwid, in either order', async (t) => {
  const disks = [
    reportDisk('/dev/nvme0n2', 'CTL', WWID_2, 2),
    reportDisk('/dev/nvme0n1', 'CTL', WWID_1, 1),
    reportDisk('/dev/vda', 'ZOS-VDA', null, 3),
  ];
  t.same(crossCheckReport(report(disks), inspection, KEYS), []);
  const swapped = [reportDisk('/dev/nvme0n1', 'CTL', WWID_2, 1)];
  t.same(crossCheckReport(report(swapped), inspection, KEYS), [
    `report disk /dev/nvme0n1: disk GUID ${guid(1)}, host found ${guid(2)}`,
  ]);
});

t.test(
  'a namespace reported without its wwid matches nothing: the shared serial is not enough',
  async (t) => {
    t.same(crossCheckReport(report([reportDisk('/dev/nvme0n1', 'CTL', undefined, 1)]), inspection, KEYS), [
      'report disk /dev/nvme0n1 (serial CTL, wwid none) matches no scenario disk',
    ]);
  },
);
