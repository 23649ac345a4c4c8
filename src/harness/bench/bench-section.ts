// The shape of a bench section: a named group of figures measured in one run (others add sections here).

export interface BenchFigure {
  label: string;
  value: number;
  unit: 's' | 'MiB' | 'x' | '';
  /** Free-text context, e.g. the goal this figure is held to (`goal < 2 s`). */
  note?: string;
}

export interface BenchContext {
  repoRoot: string;
  outDir: string;
  /** Scratch folder for this bench run (removed afterwards). */
  workDir: string;
  /** Whether slow, optional measurements (a cold build) were asked for. */
  cold: boolean;
  /** Inputs per fuzz target (`--fuzz-runs`); undefined: the fuzz section's default. */
  fuzzRuns?: number;
  log: (line: string) => void;
}

export interface BenchSection {
  name: string;
  run(context: BenchContext): Promise<BenchFigure[]>;
}

/** One aligned text line per figure. Pure. */
export function formatBenchFigures(section: string, figures: BenchFigure[]): string {
  const lines = figures.map((figure) => {
    const value =
      figure.unit === '' && Number.isInteger(figure.value)
        ? String(figure.value)
        : figure.unit === 'x'
          ? figure.value.toFixed(2)
          : figure.value.toFixed(figure.unit === 'MiB' ? 1 : 2);
    const unit = figure.unit === 'x' ? '×' : figure.unit;
    return `  ${figure.label.padEnd(48)} ${`${value} ${unit}`.trim().padStart(12)}${figure.note ? `  (${figure.note})` : ''}`;
  });
  return [`${section}`, ...lines].join('\n');
}
