// Starts one QEMU, streams its console through a monitor, and always kills it: timeout, crash, Ctrl-C or error.
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ResultPromise } from 'execa';
import type { ConsoleEvent, ConsoleMonitor } from '../console/console-monitor.ts';
import { normalizeMarkerLine } from '../../shared/markers/format-marker.ts';
import { spawnHostTool } from '../exec/exec-host-tool.ts';

/** Why QEMU ended: by itself (`guest`), or killed by the runner for a reason (`power-off`: the scenario's power cut). */
export type QemuStop =
  'guest' | 'timeout' | 'init-timeout' | 'crash' | 'forbidden' | 'power-off' | 'interrupted';

export interface QemuOutcome {
  exitCode: number | null;
  signal: string | null;
  stoppedBy: QemuStop;
  /** The crash, forbidden or power-off line that stopped the run, if any. */
  event: ConsoleEvent | null;
  durationMs: number;
  stderr: string;
  lines: string[];
  /** When the host received each of `lines`, in milliseconds after QEMU was started (the run report's timeline). */
  lineTimesMs: number[];
}

export interface LaunchOptions {
  /** The console is copied here byte for byte as it arrives. */
  serialLog: string;
  timeoutMs: number;
  initTimeoutMs: number;
  monitor: ConsoleMonitor;
  onLine?: (line: string) => void;
  onEvent?: (event: ConsoleEvent) => void;
  /** Aborted by the run's interruption (run/watch-interrupts.ts): QEMU is killed, the outcome says `interrupted`. */
  signal?: AbortSignal;
}

const running = new Set<ResultPromise>();
let exitHookInstalled = false;

/** Kills every QEMU this process started (on exit and on a second Ctrl-C; safe to call twice). */
export function killAllQemu(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Launches argv (QEMU, binary first) and resolves when it exits or was stopped; never leaves it running. */
export async function launchQemu(argv: readonly string[], options: LaunchOptions): Promise<QemuOutcome> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killAllQemu);
  }
  const started = Date.now();
  const child = spawnHostTool(argv);
  const { stdout, stderr } = child;
  if (!stdout || !stderr) throw new Error('launchQemu: QEMU was started without console pipes');
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const lines: string[] = [];
  const lineTimesMs: number[] = [];
  let stoppedBy: QemuStop = 'guest';
  let stopEvent: ConsoleEvent | null = null;
  const stop = (reason: QemuStop, event: ConsoleEvent | null = null): void => {
    if (stoppedBy !== 'guest') return;
    stoppedBy = reason;
    stopEvent = event;
    child.kill('SIGKILL');
  };
  const overall = setTimeout(() => stop('timeout'), options.timeoutMs);
  const initWatch = setTimeout(() => {
    if (!options.monitor.initSeen) stop('init-timeout');
  }, options.initTimeoutMs);
  const onSignal = (): void => stop('interrupted');
  if (options.signal?.aborted) onSignal();
  options.signal?.addEventListener('abort', onSignal, { once: true });

  const serialLog = createWriteStream(options.serialLog);
  stdout.on('data', (chunk: Buffer) => {
    if (!serialLog.writableEnded) serialLog.write(chunk);
  });
  const reader = createInterface({ input: stdout });
  const readerClosed = new Promise<void>((resolve) => reader.once('close', resolve));
  reader.on('line', (raw) => {
    // JSON markers (--log-format json) are matched in their text form; serial.log keeps the bytes as they came.
    const line = normalizeMarkerLine(raw.replace(/\r/g, ''));
    lines.push(line);
    lineTimesMs.push(Date.now() - started);
    options.onLine?.(line);
    const event = options.monitor.feed(line);
    if (!event) return;
    options.onEvent?.(event);
    if (event.kind === 'crash') stop('crash', event);
    if (event.kind === 'forbidden') stop('forbidden', event);
    if (event.kind === 'power-off') stop('power-off', event);
  });

  try {
    const result = await Promise.race([
      child.then((r) => ({
        exitCode: r.exitCode ?? null,
        signal: r.signal ?? null,
        stderr: String(r.stderr ?? ''),
      })),
      // A helper process that inherited the console pipe must not hold the runner once QEMU itself is gone.
      exited.then(async (e) => {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        return { exitCode: e.code, signal: e.signal, stderr: '' };
      }),
    ]);
    await Promise.race([readerClosed, new Promise((resolve) => setTimeout(resolve, 1000))]);
    // Ctrl-C in a terminal reaches QEMU too (same process group): its own exit then is the interruption's.
    if (options.signal?.aborted && stoppedBy === 'guest') stoppedBy = 'interrupted';
    return {
      exitCode: result.exitCode,
      signal: result.signal,
      stoppedBy,
      event: stopEvent,
      durationMs: Date.now() - started,
      stderr: result.stderr,
      lines,
      lineTimesMs,
    };
  } finally {
    clearTimeout(overall);
    clearTimeout(initWatch);
    options.signal?.removeEventListener('abort', onSignal);
    running.delete(child);
    await new Promise((resolve) => serialLog.end(resolve));
    if (child.exitCode === null) child.kill('SIGKILL');
    stdout.destroy();
    stderr.destroy();
  }
}
