// The scale bench's fake tree is what the provisioner's discovery reads on a real storage node: every disk a
// candidate, 20 TB, rotating, virtio, with its serial; names past vdz continue as the kernel names them (vdaa…).
import t from 'tap';
import { statSync } from 'node:fs';
import { discoverDevices } from '../../zosstorage/discover/discover-devices.ts';
import { buildDefaultConfig } from '../../zosstorage/config/config-schema.ts';
import { makeScaleTree, PLAN_DISKS } from './scale-bench.ts';

t.test(
  `a tree of ${PLAN_DISKS} disks of 20 TB: all candidates, as the guest's sysfs shows them`,
  async (t) => {
    const tree = await makeScaleTree(t.testdir({}), PLAN_DISKS);
    t.teardown(() => tree.release());
    const selection = await discoverDevices({
      sysRoot: tree.sysRoot,
      devRoot: tree.devRoot,
      rules: buildDefaultConfig().device_selection,
    });
    t.same(selection.skipped, []);
    t.equal(selection.candidates.length, PLAN_DISKS);
    const names = selection.candidates.map((device) => device.name);
    t.same(names.slice(0, 2), ['vda', 'vdb']);
    t.ok(names.includes('vdz') && names.includes('vdaa') && names.includes('vdbl'), names.join(' '));
    for (const device of selection.candidates) {
      t.equal(device.sizeBytes, 20e12, `${device.name} is 20 TB`);
      t.equal(device.rotational, true);
      t.equal(device.transport, 'virtio');
      t.match(device.serial, /^ZOS-20TB-\d{3}$/);
      t.equal(statSync(device.path).size, 20e12, `${device.path} is a sparse 20 TB file`);
    }
  },
);
