// Bench section: storage-node scale. The `scale` group's scenarios as a user runs them (guest time, the provisioner's
// own time and the host inspection per boot, per disk and per TiB), and the provisioner's discovery, inspection and
// planning (`--plan`) on a host fake tree of 1 and of 64 disks of 20 TB, side by side (the difference per disk).
import { mkdir, readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kernelDiskName } from '../../shared/format/kernel-disk-name.ts';
import { execHostTool } from '../exec/exec-host-tool.ts';
import { createLargeFileDirs } from '../inspect/inspect-disks.ts';
import { readScenarioGroups } from '../matrix/read-scenario-groups.ts';
import { loadScenario } from '../scenario/load-scenario.ts';
import type { BenchFigure, BenchSection } from './bench-section.ts';
import { parseTimingLine } from './parse-timing.ts';
import { timeRunScenario } from './time-run-scenario.ts';
import type { BootResult } from '../run/scenario-result.ts';

const TiB = 1024 ** 4;
/** A 20 TB drive's capacity in 512-byte sectors (20 × 10^12 bytes). */
const DRIVE_20TB_SECTORS = 20e12 / 512;
/** The most disks a `--plan` fixture is measured with. */
export const PLAN_DISKS = 64;
/** The provisioner's time per disk in the guest under TCG (docs/scenarios.md "Scale"): provisioning… */
const GUEST_FIRST_BOOT_BUDGET_S = 5;
/** …and a boot over provisioned disks. */
const GUEST_LATER_BOOT_BUDGET_S = 1.5;

/** `/sys` and `/dev` for `count` rotating virtio disks of 20 TB (sparse device files: nothing is stored). */
export async function makeScaleTree(
  root: string,
  count: number,
): Promise<{ sysRoot: string; devRoot: string; release(): Promise<void> }> {
  const sysRoot = join(root, 'sys');
  await mkdir(root, { recursive: true });
  // ext4 takes no file over 16 TiB: the device files then go to tmpfs (holes take no memory).
  const dirs = createLargeFileDirs(root);
  const picked = await dirs.pick(DRIVE_20TB_SECTORS * 512);
  if (picked.dir === null) throw new Error(`no folder for 20 TB device files: ${picked.why}`);
  const devRoot = join(picked.dir, 'dev');
  await mkdir(join(sysRoot, 'block'), { recursive: true });
  await mkdir(devRoot, { recursive: true });
  for (let index = 0; index < count; index += 1) {
    const name = kernelDiskName('vd', index);
    const device = join(
      'devices',
      'pci0000:00',
      `0000:00:${(4 + index).toString(16).padStart(2, '0')}.0`,
      `virtio${index}`,
    );
    const block = join(sysRoot, device, 'block', name);
    await mkdir(join(block, 'queue'), { recursive: true });
    const files: Record<string, string> = {
      size: String(DRIVE_20TB_SECTORS),
      dev: `254:${index * 16}`,
      ro: '0',
      hidden: '0',
      removable: '0',
      serial: `ZOS-20TB-${String(index + 1).padStart(3, '0')}`,
      uevent: `MAJOR=254\nMINOR=${index * 16}\nDEVNAME=${name}\nDEVTYPE=disk`,
      'queue/rotational': '1',
      'queue/logical_block_size': '512',
      'queue/physical_block_size': '4096',
      'queue/hw_sector_size': '512',
    };
    for (const [file, text] of Object.entries(files)) await writeFile(join(block, file), `${text}\n`);
    await writeFile(join(sysRoot, device, 'vendor'), '0x1af4\n');
    await writeFile(join(sysRoot, device, 'device'), '0x0002\n');
    await symlink(join('..', device, 'block', name), join(sysRoot, 'block', name));
    await writeFile(join(devRoot, name), '');
    await truncate(join(devRoot, name), DRIVE_20TB_SECTORS * 512);
  }
  return { sysRoot, devRoot, release: () => dirs.release() };
}

/** Wall seconds of `zosstorage --plan` (the bundle, as the guest runs it) on a fake tree of `count` disks. */
async function timePlan(repoRoot: string, workDir: string, count: number): Promise<number> {
  const tree = await makeScaleTree(join(workDir, `plan-${count}`), count);
  try {
    return await timePlanOn(repoRoot, tree, count);
  } finally {
    await tree.release();
  }
}

async function timePlanOn(
  repoRoot: string,
  tree: { sysRoot: string; devRoot: string },
  count: number,
): Promise<number> {
  const started = process.hrtime.bigint();
  const result = await execHostTool(
    [
      process.execPath,
      join(repoRoot, 'out/zosstorage.cjs'),
      '--plan',
      ...['--sysfs-root', tree.sysRoot, '--dev-root', tree.devRoot],
      ...['--cmdline-file', '/dev/null', '--mounts-file', '/dev/null'],
    ],
    `plan ${count} fake disks of 20 TB`,
    { okExitCodes: [0] },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!/PLAN topology=/.test(`${result.stdout}${result.stderr}`))
    throw new Error(
      `zosstorage --plan on ${count} disks printed no PLAN marker:\n${result.stderr.slice(-2000)}`,
    );
  return seconds;
}

/**
 * One boot's figures: QEMU start to exit, the provisioner's run in the guest (the console's TIMING line), the host
 * inspection; per disk and per TiB. A figure that could not be read is NaN with the reason. Pure.
 */
export function describeScaleBoot(input: {
  name: string;
  disks: number;
  tib: number;
  boot: Pick<BootResult, 'boot' | 'verdict' | 'durationMs' | 'inspectionMs'>;
  /** The boot's console, or why it could not be read. */
  console: string | Error;
  log: string;
}): BenchFigure[] {
  const { name, disks, tib, boot } = input;
  const timing = typeof input.console === 'string' ? parseTimingLine(input.console) : null;
  const provisioner =
    timing?.zosstorage_exit !== undefined && timing.modules_loaded !== undefined
      ? timing.zosstorage_exit - timing.modules_loaded
      : null;
  const budget = boot.boot === 1 ? GUEST_FIRST_BOOT_BUDGET_S : GUEST_LATER_BOOT_BUDGET_S;
  const inspection = boot.inspectionMs === null ? null : boot.inspectionMs / 1000;
  return [
    {
      label: `${name} boot ${boot.boot}: QEMU start to exit`,
      value: boot.durationMs / 1000,
      unit: 's',
      note: boot.verdict,
    },
    {
      label: `${name} boot ${boot.boot}: provisioner in the guest`,
      value: provisioner ?? Number.NaN,
      unit: 's',
      note:
        provisioner !== null
          ? `${(provisioner / disks).toFixed(2)} s per disk; budget under TCG ${budget} s per disk`
          : typeof input.console === 'string'
            ? `no ZOSTEST:TIMING line in ${input.log}`
            : `${input.log} could not be read: ${input.console.message}`,
    },
    {
      label: `${name} boot ${boot.boot}: host inspection`,
      value: inspection ?? Number.NaN,
      unit: 's',
      note:
        inspection === null
          ? 'no inspection ran after this boot (verdict.json inspectionMs is null)'
          : `${(inspection / disks).toFixed(2)} s per disk, ${(inspection / tib).toFixed(3)} s per TiB`,
    },
  ];
}

/** One scenario of the scale group through `run-scenario`, and its figures per boot. */
async function benchScenario(repoRoot: string, outDir: string, name: string): Promise<BenchFigure[]> {
  const scenario = await loadScenario(repoRoot, name);
  const disks = scenario.disks.length;
  const tib = scenario.disks.reduce((sum, disk) => sum + disk.sizeBytes, 0) / TiB;
  const { wallSeconds: wall, runDir, verdict } = await timeRunScenario(repoRoot, outDir, name);
  const figures: BenchFigure[] = [
    {
      label: `${name}: wall time`,
      value: wall,
      unit: 's',
      note: `${disks} disks, ${tib.toFixed(0)} TiB, ${verdict.accel.toUpperCase()}, verdict ${verdict.verdict}; goal < 120 s`,
    },
  ];
  for (const boot of verdict.boots) {
    const log = join(runDir, boot.boot === 1 ? 'serial.log' : `serial.boot${boot.boot}.log`);
    const console = await readFile(log, 'utf8').catch((error: Error) => error);
    figures.push(...describeScaleBoot({ name, disks, tib, boot, console, log }));
  }
  return figures;
}

export const SCALE_BENCH: BenchSection = {
  name: `scale (the scenarios of scenario-groups/scale.txt; --plan on 1 and ${PLAN_DISKS} fake 20 TB disks)`,
  async run({ repoRoot, outDir, workDir }) {
    const figures: BenchFigure[] = [];
    for (const name of await readScenarioGroups(repoRoot, ['scale']))
      figures.push(...(await benchScenario(repoRoot, outDir, name)));
    // The scenarios built the bundle (out/zosstorage.cjs); --plan runs it on the host, alternating sizes.
    const one: number[] = [];
    const many: number[] = [];
    for (let round = 0; round < 2; round += 1) {
      one.push(await timePlan(repoRoot, join(workDir, `r${round}`), 1));
      many.push(await timePlan(repoRoot, join(workDir, `r${round}`), PLAN_DISKS));
    }
    const best = (values: number[]) => Math.min(...values);
    figures.push(
      { label: '--plan, 1 disk of 20 TB (host)', value: best(one), unit: 's', note: 'best of 2' },
      {
        label: `--plan, ${PLAN_DISKS} disks of 20 TB (host)`,
        value: best(many),
        unit: 's',
        note: 'best of 2',
      },
      {
        label: '--plan: each further disk (ms)',
        value: Number((((best(many) - best(one)) / (PLAN_DISKS - 1)) * 1000).toFixed(1)),
        unit: '',
        note: 'discovery, inspection and planning per disk; budget 250 ms on the host',
      },
    );
    return figures;
  },
};
