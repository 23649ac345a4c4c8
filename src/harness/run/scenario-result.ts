// What one scenario run produced (verdict.json holds this).
import type { QemuStop } from '../qemu/launch-qemu.ts';
import type { VerdictClass } from '../verdict/verdict-classes.ts';

export interface BootResult {
  boot: number;
  verdict: VerdictClass;
  failures: string[];
  missingMarkers: string[];
  stoppedBy: QemuStop;
  qemuExitCode: number | null;
  zosstorageExit: number | null;
  durationMs: number;
  /** The host's inspection of the disks after the boot (probes, checks, comparisons), ms; null when none ran. */
  inspectionMs: number | null;
  /** Why a QEMU start of this boot ended before the guest's init (it was started again, at most 3 starts), or null. */
  retriedStart: string | null;
}

export interface ScenarioResult {
  scenario: string;
  scenarioFile: string;
  runDir: string;
  accel: 'kvm' | 'tcg';
  verdict: VerdictClass;
  boots: BootResult[];
  /** Failures of the boot that decided the verdict (or harness error). */
  failures: string[];
  missingMarkers: string[];
  /** The last 40 console lines of the last boot that ran. */
  lastLines: string[];
  disksKept: boolean;
  durationMs: number;
}

export type ProgressPhase = 'building' | 'booting' | 'provisioning' | 'reporting' | 'inspecting' | 'done';

export interface ProgressEvent {
  scenario: string;
  phase: ProgressPhase;
  boot: number | null;
  boots: number;
  elapsedMs: number;
  detail?: string;
}
