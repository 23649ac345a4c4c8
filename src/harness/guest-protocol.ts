// The contract between the guest init script and the host harness: markers, report framing, exit bytes.
// The init script (src/harness/image/init/init.sh) implements the guest side; docs/scenarios.md "How a boot runs" documents it.

/** Markers the init script prints on the serial console, one per line, in this order. */
export const INIT_MARKERS = {
  /** init started (first line of userspace). */
  INIT: 'ZOSTEST:INIT',
  /** proc/sys/dev mounted and kernel modules loaded. */
  MODULES_LOADED: 'ZOSTEST:MODULES_LOADED',
  /** zosstorage is about to run: `ZOSTEST:RUN_ZOSSTORAGE boot=<n>`. */
  RUN_ZOSSTORAGE: 'ZOSTEST:RUN_ZOSSTORAGE',
  /** zosstorage exited: `ZOSTEST:ZOSSTORAGE_EXIT code=<n> runtime=snapshot|bundle` (what node last started on). */
  ZOSSTORAGE_EXIT: 'ZOSTEST:ZOSSTORAGE_EXIT',
  /** `ZOSTEST:REPORT_BEGIN bytes=<n> sha256=<hex>`, then REPORT_DATA lines, then REPORT_END. */
  REPORT_BEGIN: 'ZOSTEST:REPORT_BEGIN',
  /** `ZOSTEST:REPORT_DATA <base64 chunk of at most 76 characters>`. */
  REPORT_DATA: 'ZOSTEST:REPORT_DATA',
  REPORT_END: 'ZOSTEST:REPORT_END',
  /** No report file existed after zosstorage ran. */
  NO_REPORT: 'ZOSTEST:NO_REPORT',
  /** `ZOSTEST:DUMP_BEGIN name=<file>` … raw lines … `ZOSTEST:DUMP_END name=<file>` (fstab, mounts). */
  DUMP_BEGIN: 'ZOSTEST:DUMP_BEGIN',
  DUMP_END: 'ZOSTEST:DUMP_END',
  /** `ZOSTEST:INIT_FAILED stage=<stage> message=<text>`: init itself failed before or around zosstorage. */
  INIT_FAILED: 'ZOSTEST:INIT_FAILED',
  /**
   * `ZOSTEST:TIMING init=<s> node_started=<s> modules_loaded=<s> zosstorage_exit=<s> poweroff=<s>`: kernel uptimes
   * (seconds) of the init stages (node starts before the drivers load and waits at its start gate until
   * modules_loaded), printed just before POWEROFF after a run; informational (scripts/bench prints the breakdown).
   */
  TIMING: 'ZOSTEST:TIMING',
  /** `ZOSTEST:POWEROFF byte=<n>`: last line before the VM exits. */
  POWEROFF: 'ZOSTEST:POWEROFF',
} as const;

/**
 * Exit bytes written to the isa-debug-exit port (iobase 0xf4). QEMU then exits with (byte << 1) | 1.
 * 0x40 + n: zosstorage ran and exited with code n (0..63).
 * 0x20 + k: init failed at stage k before zosstorage could report (see INIT_FAILURE_STAGES).
 */
export const EXIT_BYTE_ZOSSTORAGE_BASE = 0x40;
export const EXIT_BYTE_INIT_FAILURE_BASE = 0x20;
export const INIT_FAILURE_STAGES = ['mounts', 'modules', 'config', 'zosstorage-missing', 'node'] as const;

/** Kernel command line switches the init script understands (besides `zosstorage.*`, read by the tool). */
export const INIT_CMDLINE = {
  /** Test mode: markers, report framing, dumps, isa-debug-exit. */
  TEST_MODE: 'zostest=1',
  /** Drop to a shell instead of running the provisioner (debugging). */
  SHELL: 'zostest.shell=1',
  /** Files to dump on the console after the run, comma separated: `zostest.dump=/etc/fstab,/proc/mounts`. */
  DUMP: 'zostest.dump=',
  /** Appliance: command to exec after provisioning (`zosstorage.next=/sbin/init`, commas separate arguments); default a shell. */
  NEXT: 'zosstorage.next=',
  /** Boot number printed in `ZOSTEST:RUN_ZOSSTORAGE boot=<n>` (default 1): `zostest.boot=2` on the idempotency boot. */
  BOOT: 'zostest.boot=',
  /** Report file to frame back when the scenario moved it (default GUEST_PATHS.report): `zostest.report=<path>`. */
  REPORT: 'zostest.report=',
  /** The provisioner's stdout into this file (`zostest.stdout=/run/current.json`; --report-current prints there). */
  STDOUT: 'zostest.stdout=',
  /** Extra node flags for the provisioner run, comma separated: `zostest.node_flags=--jitless` (tuning under TCG). */
  NODE_FLAGS: 'zostest.node_flags=',
  /** `zostest.snapshot=none` starts the bundle; `zostest.snapshot=<file>` starts from that blob (bench, tests). */
  SNAPSHOT: 'zostest.snapshot=',
} as const;

/**
 * The init's console line when node ended at its start gate on the startup snapshot (it did not load): the init
 * then starts the bundle. A scenario boot fails on it (classify-boot.ts): the appliance's fast path broke.
 */
export const SNAPSHOT_FALLBACK_LINE = 'zosstorage init: the startup snapshot';

/** Where the guest finds things. A scenario adds files through an extra cpio layer (its own config). */
export const GUEST_PATHS = {
  provisioner: '/usr/lib/zosstorage/zosstorage.cjs',
  snapshot: '/usr/lib/zosstorage/zosstorage.blob',
  defaultConfig: '/etc/zosstorage/config.yaml',
  report: '/run/zosstorage/state.json',
  buildInfo: '/etc/zosstorage/build.json',
} as const;

/** Decodes QEMU's exit status into what the guest reported. */
export function decodeQemuExit(
  status: number,
): { kind: 'zosstorage'; code: number } | { kind: 'init-failure'; stage: string } | { kind: 'other' } {
  if (status % 2 !== 1) return { kind: 'other' };
  const byte = (status - 1) >> 1;
  if (byte >= EXIT_BYTE_ZOSSTORAGE_BASE && byte < EXIT_BYTE_ZOSSTORAGE_BASE + 64) {
    return { kind: 'zosstorage', code: byte - EXIT_BYTE_ZOSSTORAGE_BASE };
  }
  const stage = INIT_FAILURE_STAGES[byte - EXIT_BYTE_INIT_FAILURE_BASE];
  if (stage !== undefined) return { kind: 'init-failure', stage };
  return { kind: 'other' };
}
