// Runs matrix tasks on at most `jobs` workers at once; results come back in task order.

export interface RunMatrixOptions {
  jobs: number;
  /** When aborted, no further task starts (running ones finish or are stopped by their own handlers). */
  signal?: AbortSignal;
}

/** Runs `runTask` for each task, `jobs` at a time, and returns the results in task order (skipped: undefined). */
export async function runMatrix<T, R>(
  tasks: readonly T[],
  runTask: (task: T, index: number) => Promise<R>,
  options: RunMatrixOptions,
): Promise<(R | undefined)[]> {
  if (!Number.isInteger(options.jobs) || options.jobs < 1)
    throw new RangeError(`jobs must be a whole number of at least 1, got ${options.jobs}`);
  const results: (R | undefined)[] = new Array<R | undefined>(tasks.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length && !options.signal?.aborted) {
      const index = next++;
      results[index] = await runTask(tasks[index] as T, index);
    }
  };
  const workers = Array.from({ length: Math.min(options.jobs, tasks.length) }, () => worker());
  await Promise.all(workers);
  return results;
}
