// Everything a run needs before its first VM: host tools checked, guest image ensured and pinned, accel chosen, run id.
import { readBcachefsFsckMaxBytes } from '../inspect/inspect-disks.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../errors/harness-error.ts';
import { ensureHostPackages } from '../exec/ensure-host-packages.ts';
import { findHostTool } from '../exec/exec-host-tool.ts';
import { ensureImage } from '../image/ensure-image.ts';
import type { ImageIdentity } from '../image/packages/image-identity.ts';
import type { Accel } from '../qemu/build-qemu-argv.ts';
import { resolveAccel } from '../qemu/probe-kvm.ts';
import { loadScenario } from '../scenario/load-scenario.ts';
import type { Scenario } from '../scenario/scenario-types.ts';
import { createRunId } from './create-run-id.ts';
import { pinGuestImage } from './pin-guest-image.ts';
import { watchInterrupts } from './watch-interrupts.ts';
import type { GuestImage } from './run-scenario.ts';

/** TCG runs everything several times slower than KVM; scenario timeouts are written for KVM-ish speed. */
export const TCG_TIMEOUT_SCALE = 3;

const HOST_TOOLS = [
  'qemu-system-x86_64',
  'qemu-img',
  'sgdisk',
  'sfdisk',
  'mkfs.ext4',
  'mkfs.btrfs',
  'btrfs',
  'fsck.vfat',
  'blkid',
];

export interface PreparedRun {
  runId: string;
  /** `out/runs/<run-id>/`; each scenario gets a folder below it. */
  runRoot: string;
  accel: Accel;
  timeoutScale: number;
  image: GuestImage;
  /** What the run boots (lock identity, kernel, drift): recorded in summary.json and JUnit. */
  identity: ImageIdentity;
}

/** Every host tool the runner starts must be on PATH before anything is built. */
export async function checkHostTools(tools: readonly string[] = HOST_TOOLS): Promise<void> {
  const missing = tools.filter((tool) => findHostTool(tool) === null);
  if (missing.length > 0) {
    throw new HarnessError(
      'PRECONDITION',
      `host tools missing: ${missing.join(', ')}; ./scripts/run-scenario installs them (needs root)`,
    );
  }
}

export async function prepareRun(options: {
  root: string;
  accel: 'auto' | Accel;
  log: (message: string) => void;
  frozenLock?: boolean;
}): Promise<PreparedRun> {
  // Settings read later (after the boots) are checked before anything is installed, built or booted.
  readBcachefsFsckMaxBytes(process.env);
  await ensureHostPackages(options.root);
  await checkHostTools();
  const outDir = join(options.root, 'out');
  const probeOptions = (kernel: string) => ({
    qemuBinary: 'qemu-system-x86_64',
    kernel,
    cacheFile: join(outDir, 'cache', 'kvm-probe.json'),
    warn: (message: string) => options.log(`warning: ${message}`),
  });
  // An explicit accelerator is checked before the image is built (a missing /dev/kvm fails in a second);
  // only `auto` needs the kernel, for its probe boot.
  const explicit = options.accel === 'auto' ? null : await resolveAccel(options.accel, probeOptions(''));
  const built = await ensureImage({
    outDir,
    onPhase: (phase, detail) => options.log(`[image] ${phase}${detail ? `: ${detail}` : ''}`),
    warn: (message) => options.log(`warning: ${message}`),
    frozenLock: options.frozenLock,
  });
  const accel = explicit ?? (await resolveAccel('auto', probeOptions(built.kernel)));
  const runId = createRunId();
  const runRoot = join(outDir, 'runs', runId);
  const image = await pinGuestImage(built, join(runRoot, 'image'));
  // --recheck of this run's scenarios finds the guest root (its inspection tools) here, without building anything.
  await mkdir(runRoot, { recursive: true });
  await writeFile(
    join(runRoot, 'image.json'),
    `${JSON.stringify({ guestRoot: built.guestRoot, kernel: built.kernel, identity: built.identity }, null, 2)}\n`,
  );
  return {
    runId,
    runRoot,
    accel,
    timeoutScale: accel === 'tcg' ? TCG_TIMEOUT_SCALE : 1,
    image,
    identity: built.identity,
  };
}

/**
 * What both scenario CLIs do first: load (and validate) every named scenario, then prepare the run, then watch
 * for Ctrl-C. Installed only once the run exists: Ctrl-C while the image builds stops at once (nothing started,
 * nothing to record); from then on it stops the VMs and the results are still written.
 */
export async function prepareScenarioRun(
  names: readonly string[],
  options: Parameters<typeof prepareRun>[0],
): Promise<PreparedRun & { scenarios: Scenario[]; signal: AbortSignal }> {
  const scenarios: Scenario[] = [];
  for (const name of names) scenarios.push(await loadScenario(options.root, name));
  const prepared = await prepareRun(options);
  return { ...prepared, scenarios, signal: watchInterrupts(options.log) };
}
