// Pure: the matrix's task list (scenario × repeat), each with its own run folder name, longest first.

export interface MatrixTask {
  scenario: string;
  /** 1-based repetition number (`--repeat N`). */
  attempt: number;
  /** Folder under out/runs/<run-id>/: the scenario name, plus `.rN` for repetitions after the first. */
  folder: string;
  /** Rough cost used to start long scenarios first (seconds, relative only). */
  estimateSeconds: number;
}

export interface TaskInput {
  name: string;
  boots: number;
  disks: number;
}

/** A rough cost: every boot pays the kernel boot, every disk some probing and mkfs. */
export function estimateScenarioSeconds(input: TaskInput): number {
  return input.boots * (20 + 6 * input.disks);
}

/**
 * Every scenario `repeat` times. Round after round (so a flake shows up early), and within a round the
 * costliest first, which keeps the last worker from finishing alone on a long scenario.
 */
export function buildMatrixTasks(inputs: readonly TaskInput[], repeat: number): MatrixTask[] {
  const ordered = inputs
    .map((input, index) => ({ input, index, cost: estimateScenarioSeconds(input) }))
    .sort((a, b) => b.cost - a.cost || a.index - b.index);
  const tasks: MatrixTask[] = [];
  for (let attempt = 1; attempt <= repeat; attempt++) {
    for (const { input, cost } of ordered) {
      tasks.push({
        scenario: input.name,
        attempt,
        folder: attempt === 1 ? input.name : `${input.name}.r${attempt}`,
        estimateSeconds: cost,
      });
    }
  }
  return tasks;
}
