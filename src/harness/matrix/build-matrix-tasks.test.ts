import t from 'tap';
import { buildMatrixTasks, estimateScenarioSeconds } from './build-matrix-tasks.ts';
import { chooseJobCount, chooseVcpuCount, estimateVmBytes } from './choose-job-count.ts';

const GiB = 1024 ** 3;

t.test('costliest scenarios first, ties in listed order; repeats get their own folders', async (t) => {
  const inputs = [
    { name: 'neg', boots: 1, disks: 1 },
    { name: 'triple', boots: 2, disks: 3 },
    { name: 'single', boots: 2, disks: 1 },
    { name: 'neg2', boots: 1, disks: 1 },
  ];
  t.same(
    buildMatrixTasks(inputs, 1).map((task) => task.folder),
    ['triple', 'single', 'neg', 'neg2'],
  );
  const repeated = buildMatrixTasks(inputs.slice(0, 2), 3);
  t.same(
    repeated.map((task) => `${task.folder}@${task.attempt}`),
    ['triple@1', 'neg@1', 'triple.r2@2', 'neg.r2@2', 'triple.r3@3', 'neg.r3@3'],
  );
  t.ok(
    estimateScenarioSeconds({ name: 'a', boots: 2, disks: 1 }) >
      estimateScenarioSeconds({ name: 'b', boots: 1, disks: 1 }),
  );
});

t.test('job count: min(cores, free memory / per-VM need), at least 1', async (t) => {
  const perVm = estimateVmBytes(1024);
  t.equal(perVm, 1536 * 1024 * 1024);
  t.equal(chooseJobCount({ cores: 2, freeBytes: 20 * GiB }, perVm), 2);
  t.equal(chooseJobCount({ cores: 16, freeBytes: 4 * GiB }, perVm), 2);
  t.equal(chooseJobCount({ cores: 8, freeBytes: 1 * GiB }, perVm), 1);
  t.equal(chooseJobCount({ cores: 1, freeBytes: 64 * GiB }, perVm), 1);
});

t.test('vCPUs per VM: the cores shared out among the VMs side by side, at least 1', async (t) => {
  t.equal(chooseVcpuCount(2, 2), 1, 'the 2-core CI host at --jobs 2: one vCPU thread per core');
  t.equal(chooseVcpuCount(2, 1), 2, 'one VM alone gets both cores');
  t.equal(chooseVcpuCount(8, 3), 2);
  t.equal(chooseVcpuCount(2, 4), 1, 'more jobs than cores');
  t.equal(chooseVcpuCount(4, 0), 4, 'a zero job count is treated as one');
});
