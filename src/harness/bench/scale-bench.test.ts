// The scale bench's fake tree is what the provisioner's discovery reads on a real storage node: every disk a
// candidate, 20 TB, rotating, virtio, with its serial; names past vdz continue as the kernel names them (vdaa…).
import t from 'tap';
import { statSync } from 'node:fs';
import { discoverDevices } from '../../zosstorage/discover/discover-devices.ts';
import { buildDefaultConfig } from '../../zosstorage/config/config-schema.ts';
import { describeScaleBoot, makeScaleTree, PLAN_DISKS } from './scale-bench.ts';

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

t.test(
  "a boot's figures: per disk and per TiB from the console's TIMING line and inspectionMs",
  async (t) => {
    const boot = { boot: 1, verdict: 'passed' as const, durationMs: 48_640, inspectionMs: 2_490 };
    const console =
      'ZOSTEST:INIT\nZOSTEST:TIMING init=5.18 modules_loaded=7.90 zosstorage_exit=58.47 poweroff=59.48\n';
    const figures = describeScaleBoot({
      name: 'node',
      disks: 13,
      tib: 193,
      boot,
      console,
      log: 'serial.log',
    });
    t.same(
      figures.map((figure) => [figure.label, Number(figure.value.toFixed(2)), figure.note]),
      [
        ['node boot 1: QEMU start to exit', 48.64, 'passed'],
        ['node boot 1: provisioner in the guest', 50.57, '3.89 s per disk; budget under TCG 5 s per disk'],
        ['node boot 1: host inspection', 2.49, '0.19 s per disk, 0.013 s per TiB'],
      ],
    );
    const later = describeScaleBoot({
      name: 'node',
      disks: 13,
      tib: 193,
      boot: { ...boot, boot: 2 },
      console,
      log: 'serial.boot2.log',
    });
    t.match(later[1]?.note, /budget under TCG 1\.5 s per disk$/);
  },
);

t.test('a figure that cannot be read is NaN and says why, never 0', async (t) => {
  const boot = { boot: 2, verdict: 'timed_out' as const, durationMs: 1_000, inspectionMs: null };
  const unread = describeScaleBoot({
    name: 'node',
    disks: 2,
    tib: 1,
    boot,
    console: new Error('ENOENT: no such file'),
    log: '/r/serial.boot2.log',
  });
  t.ok(Number.isNaN(unread[1]?.value) && Number.isNaN(unread[2]?.value));
  t.equal(unread[1]?.note, '/r/serial.boot2.log could not be read: ENOENT: no such file');
  t.equal(unread[2]?.note, 'no inspection ran after this boot (verdict.json inspectionMs is null)');
  const noTiming = describeScaleBoot({
    name: 'node',
    disks: 2,
    tib: 1,
    boot,
    console: 'ZOSTEST:INIT\n',
    log: 'l',
  });
  t.equal(noTiming[1]?.note, 'no ZOSTEST:TIMING line in l');
});
