import t from 'tap';
import { runMatrix } from './run-matrix.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('never runs more than jobs tasks at once and returns results in task order', async (t) => {
  let running = 0;
  let peak = 0;
  const durations = [30, 5, 20, 5, 10, 1];
  const results = await runMatrix(
    durations,
    async (ms, index) => {
      running++;
      peak = Math.max(peak, running);
      await tick(ms);
      running--;
      return `task${index}`;
    },
    { jobs: 2 },
  );
  t.equal(peak, 2);
  t.same(results, ['task0', 'task1', 'task2', 'task3', 'task4', 'task5']);
});

t.test('jobs 1 is sequential; more jobs than tasks starts every task', async (t) => {
  const order: string[] = [];
  await runMatrix(
    ['a', 'b'],
    async (x) => {
      order.push(`start ${x}`);
      await tick(5);
      order.push(`end ${x}`);
    },
    { jobs: 1 },
  );
  t.same(order, ['start a', 'end a', 'start b', 'end b']);
  let peak = 0;
  let running = 0;
  await runMatrix(
    [1, 2, 3],
    async () => {
      peak = Math.max(peak, ++running);
      await tick(5);
      running--;
    },
    { jobs: 8 },
  );
  t.equal(peak, 3);
});

t.test('an aborted signal stops new tasks from starting', async (t) => {
  const controller = new AbortController();
  const results = await runMatrix(
    [1, 2, 3, 4],
    async (n) => {
      if (n === 2) controller.abort();
      return n;
    },
    { jobs: 1, signal: controller.signal },
  );
  t.same(results, [1, 2, undefined, undefined]);
});

t.test('rejects a job count below 1', async (t) => {
  await t.rejects(
    runMatrix([1], async () => 1, { jobs: 0 }),
    RangeError,
  );
});
