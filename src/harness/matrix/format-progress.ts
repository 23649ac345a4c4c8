// Pure: the text of the live progress display (a count line plus one line per running VM) and event lines.
import type { ProgressPhase } from '../run/scenario-result.ts';

export interface RunningVm {
  /** Run folder name (unique per task). */
  folder: string;
  phase: ProgressPhase;
  boot: number | null;
  boots: number;
  startedAt: number;
}

export interface ProgressState {
  total: number;
  done: number;
  failed: number;
  startedAt: number;
  running: RunningVm[];
}

function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function describePhase(vm: Pick<RunningVm, 'phase' | 'boot' | 'boots'>): string {
  return vm.boot === null ? vm.phase : `boot ${vm.boot}/${vm.boots} ${vm.phase}`;
}

export function formatCountLine(state: ProgressState, now: number): string {
  return `[matrix ${formatElapsed(now - state.startedAt)}] ${state.done}/${state.total} done, ${state.failed} failed, ${state.running.length} running`;
}

/** The block redrawn in place on a terminal: the count line, then one line per running VM. */
export function formatProgressBlock(state: ProgressState, now: number): string[] {
  const width = Math.max(0, ...state.running.map((vm) => vm.folder.length));
  return [
    formatCountLine(state, now),
    ...state.running.map(
      (vm) =>
        `  ${vm.folder.padEnd(width)}  ${describePhase(vm).padEnd(26)} ${formatElapsed(now - vm.startedAt)}`,
    ),
  ];
}

/** One line per event when the output is not a terminal (CI logs). */
export function formatProgressEvent(
  state: ProgressState,
  vm: Pick<RunningVm, 'folder' | 'phase' | 'boot' | 'boots' | 'startedAt'>,
  now: number,
  detail?: string,
): string {
  return `[${state.done}/${state.total} done, ${state.failed} failed] ${vm.folder}: ${describePhase(vm)}${detail ? ` (${detail})` : ''} ${formatElapsed(now - vm.startedAt)}`;
}
