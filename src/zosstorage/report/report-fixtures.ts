// A realistic layout (one virtio disk, btrfs_single) shared by the report tests.
import type { Layout } from '../types.ts';

export const SINGLE_VDA_LAYOUT: Layout = {
  topology: 'btrfs_single',
  disks: [
    {
      path: '/dev/vda',
      serial: 'zos-vda',
      wwid: null,
      sizeBytes: 20 * 1024 ** 3,
      rotational: false,
      transport: 'virtio',
      role: 'data',
      diskGuid: 'A1B2C3D4-0000-4000-8000-000000000001',
      partitions: [
        {
          number: 1,
          name: 'zosboot',
          typeGuid: '21686148-6449-6E6F-744E-656564454649',
          guid: '00000000-0000-4000-8000-000000000011',
          startBytes: 1048576,
          sizeBytes: 1048576,
          path: '/dev/vda1',
        },
        {
          number: 2,
          name: 'zosboot',
          typeGuid: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b',
          guid: '00000000-0000-4000-8000-000000000012',
          startBytes: 2097152,
          sizeBytes: 536870912,
          path: '/dev/vda2',
        },
        {
          number: 3,
          name: 'zosdata',
          typeGuid: '0fc63daf-8483-4772-8e79-3d69d8477de4',
          guid: '00000000-0000-4000-8000-000000000013',
          startBytes: 538968064,
          sizeBytes: 20 * 1024 ** 3 - 538968064 - 1048576,
          path: '/dev/vda3',
        },
      ],
    },
  ],
  filesystems: [
    { type: 'vfat', label: 'ZOSBOOT', uuid: 'ABCD-1234', members: ['/dev/vda2'], mountpoint: null },
    {
      type: 'btrfs',
      label: 'ZOSDATA',
      uuid: '5d2e1f9a-0000-4000-8000-0000000000aa',
      members: ['/dev/vda3'],
      mountpoint: '/var/cache/5d2e1f9a-0000-4000-8000-0000000000aa',
    },
  ],
};
