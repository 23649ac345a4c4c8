import t from 'tap';
import { buildReport } from '../report/build-report.ts';
import { validateReport } from '../report/validate-report.ts';
import { describePlan } from './describe-plan.ts';
import { makeConfig, makeGuidCounter, NVME_AND_HDD, ONE_VIRTIO } from './plan-fixtures.ts';
import { planProvisioning } from './plan-provisioning.ts';

const MIB = 1024 * 1024;

t.test('a plan in report terms: byte offsets, type GUIDs, filesystems with mountpoints', async (t) => {
  const plan = planProvisioning({ devices: ONE_VIRTIO, config: makeConfig(), newGuid: makeGuidCounter() });
  const layout = describePlan(plan);
  t.same(layout.disks, [
    {
      path: '/dev/vda',
      serial: 'serial-vda',
      wwid: null,
      sizeBytes: 20 * 1024 * MIB,
      rotational: true,
      transport: 'virtio',
      role: 'data',
      diskGuid: '00000000-0000-4000-8000-000000000001',
      partitions: [
        {
          number: 1,
          name: 'zosboot',
          typeGuid: '21686148-6449-6e6f-744e-656564454649',
          guid: '00000000-0000-4000-8000-000000000002',
          startBytes: MIB,
          sizeBytes: MIB,
          path: '/dev/vda1',
        },
        {
          number: 2,
          name: 'zosboot',
          typeGuid: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b',
          guid: '00000000-0000-4000-8000-000000000003',
          startBytes: 2 * MIB,
          sizeBytes: 512 * MIB,
          path: '/dev/vda2',
        },
        {
          number: 3,
          name: 'zosdata',
          typeGuid: '0fc63daf-8483-4772-8e79-3d69d8477de4',
          guid: '00000000-0000-4000-8000-000000000004',
          startBytes: 514 * MIB,
          sizeBytes: (20479 - 514) * MIB,
          path: '/dev/vda3',
        },
      ],
    },
  ]);
  t.same(layout.filesystems, [
    { type: 'vfat', label: 'ZOSBOOT', uuid: '0000-0005', members: ['/dev/vda2'], mountpoint: null },
    {
      type: 'btrfs',
      label: 'ZOSDATA',
      uuid: '00000000-0000-4000-8000-000000000006',
      members: ['/dev/vda3'],
      mountpoint: '/var/cache/00000000-0000-4000-8000-000000000006',
    },
  ]);
  t.equal(layout.topology, 'btrfs_single');
});

t.test('the described plan makes a report that passes the shipped report schema', async (t) => {
  for (const devices of [ONE_VIRTIO, NVME_AND_HDD]) {
    const plan = planProvisioning({ devices, config: makeConfig(), newGuid: () => crypto.randomUUID() });
    const report = buildReport({
      toolVersion: '0.1.0',
      now: new Date(0),
      status: 'provisioned',
      layout: describePlan(plan),
    });
    const result = validateReport(report);
    t.same(result.ok ? [] : result.errors, [], `${plan.topology} report is valid`);
    t.same(
      report.disks.map((disk) => disk.role),
      plan.disks.map((disk) => disk.role),
    );
  }
});
