// The live progress display: on a terminal one line per running VM rewritten in place, else one line per event.
import type { ProgressEvent } from '../run/scenario-result.ts';
import {
  formatProgressBlock,
  formatProgressEvent,
  type ProgressState,
  type RunningVm,
} from './format-progress.ts';

export interface ProgressDisplay {
  start(folder: string, boots: number): void;
  update(folder: string, event: ProgressEvent): void;
  finish(folder: string, passed: boolean): void;
  /** Prints text above the live block (failure details, warnings). */
  log(text: string): void;
  close(): void;
}

export interface ProgressDisplayOptions {
  stream: NodeJS.WriteStream;
  total: number;
  /** Live redraw (ANSI); defaults to whether the stream is a terminal. */
  live?: boolean;
  now?: () => number;
}

export function createProgressDisplay(options: ProgressDisplayOptions): ProgressDisplay {
  const now = options.now ?? Date.now;
  const live = options.live ?? options.stream.isTTY === true;
  const state: ProgressState = { total: options.total, done: 0, failed: 0, startedAt: now(), running: [] };
  let drawn = 0;
  const write = (text: string): void => void options.stream.write(text);
  const clear = (): void => {
    if (drawn > 0) write(`\x1b[${drawn}A\x1b[J`);
    drawn = 0;
  };
  const draw = (): void => {
    if (!live) return;
    clear();
    const columns = options.stream.columns ?? 120;
    const lines = formatProgressBlock(state, now()).map((line) => line.slice(0, columns - 1));
    write(`${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  const timer = live ? setInterval(draw, 1000) : null;
  timer?.unref();
  const find = (folder: string): RunningVm | undefined => state.running.find((vm) => vm.folder === folder);
  const event = (vm: RunningVm, detail?: string): void => {
    if (live) draw();
    else write(`${formatProgressEvent(state, vm, now(), detail)}\n`);
  };
  return {
    start(folder, boots) {
      const vm: RunningVm = { folder, phase: 'building', boot: null, boots, startedAt: now() };
      state.running.push(vm);
      event(vm);
    },
    update(folder, progress) {
      const vm = find(folder);
      if (!vm || progress.phase === 'done') return;
      vm.phase = progress.phase;
      vm.boot = progress.boot;
      event(vm, progress.detail);
    },
    finish(folder, passed) {
      const vm = find(folder);
      state.running = state.running.filter((r) => r.folder !== folder);
      state.done++;
      if (!passed) state.failed++;
      if (vm) event({ ...vm, phase: 'done', boot: null }, passed ? 'passed' : 'FAILED');
    },
    log(text) {
      clear();
      write(`${text}\n`);
      draw();
    },
    close() {
      if (timer) clearInterval(timer);
      clear();
    },
  };
}
