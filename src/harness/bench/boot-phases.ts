// Splits one debug-logged test boot into the bench's phases, from its console (TIMING uptimes and debug lines).
import { parseTimingLine } from './parse-timing.ts';

export interface BootPhases {
  /** Kernel start to /init: decompression, boot and initramfs unpack. */
  kernelUnpack: number;
  /** The disk drivers loaded and disks settled (filesystem modules load later, in the background). */
  modules: number;
  /**
   * exec of node to the bundle evaluated and waiting at the init's start gate (`runtime started ready_ms=`): this
   * runs beside the disk drivers, so only `runtimeWait` of it lengthens the boot.
   */
  runtimeStart: number;
  /** The disks settled to the provisioner's first line (`runtime started kernel_uptime_s=` minus modules_loaded). */
  runtimeWait: number;
  /** The provisioner's own work after its first line: its run minus the external tools. */
  logic: number;
  /**
   * Wall time while at least one external command ran: the union of the commands' intervals, each ending at its
   * `command finished … ms=` line's timestamp. Commands that overlap (wipefs beside our own reads and the sample
   * scan, modprobe beside mkfs) count once.
   */
  tools: number;
  /**
   * Our own disk reads (the SAFE/REFUSED markers' probe_ms + scan_ms, summed over the disks). They run beside
   * wipefs, so they lie inside `tools` rather than in `logic`: shown so that the overlap is visible.
   */
  ownReads: number;
  /** Exit of the provisioner to power-off: report framing, unmount, sync. */
  reportPoweroff: number;
}

/** The phases in seconds, or null when the console lacks the TIMING line or the debug lines. Pure. */
export function parseBootPhases(console: string): BootPhases | null {
  const timing = parseTimingLine(console);
  const started = /DEBUG runtime started .*kernel_uptime_s=([0-9.]+)/.exec(console);
  if (!timing || !started) return null;
  const { init, modules_loaded: modulesLoaded, zosstorage_exit: exit, poweroff } = timing;
  if ([init, modulesLoaded, exit, poweroff].some((value) => value === undefined)) return null;
  const toolsMs = unionLength(
    [...console.matchAll(/^(\S+) DEBUG command finished .*?\bms=(\d+)/gm)].map((match) => {
      const end = Date.parse(match[1] as string);
      return [end - Number(match[2]), end] as const;
    }),
  );
  const ownReadsMs = [
    ...console.matchAll(/ZOSSTORAGE:(?:SAFE|REFUSED) .*?\bprobe_ms=(\d+) tools_ms=\d+ scan_ms=(\d+)/g),
  ].reduce((sum, match) => sum + Number(match[1]) + Number(match[2]), 0);
  const firstLine = Number(started[1]);
  const ready = /DEBUG runtime started .*\bready_ms=(\d+)/.exec(console);
  return {
    kernelUnpack: init as number,
    modules: (modulesLoaded as number) - (init as number),
    runtimeStart: ready ? Number(ready[1]) / 1000 : NaN,
    runtimeWait: firstLine - (modulesLoaded as number),
    logic: (exit as number) - firstLine - toolsMs / 1000,
    tools: toolsMs / 1000,
    ownReads: ownReadsMs / 1000,
    reportPoweroff: (poweroff as number) - (exit as number),
  };
}

/** The total length covered by some [start, end] intervals, overlaps counted once. Pure. */
export function unionLength(intervals: readonly (readonly [number, number])[]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reach = -Infinity;
  for (const [start, end] of sorted) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

/** The median of some numbers (the mean of the middle two for an even count). Pure. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
