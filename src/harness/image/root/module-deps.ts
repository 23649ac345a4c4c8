// Kernel module selection: parses modules.dep and resolves the dependency closure of wanted modules.
import { HarnessError } from '../../errors/harness-error.ts';
import { COLDPLUG_STAGES, listControllerModules, STORAGE_CONTROLLERS } from './storage-controllers.ts';

/**
 * Disk controller and entropy drivers: present before the provisioner starts, which looks for disks first. The
 * controllers come from one table (storage-controllers.ts), each loaded only for a device present.
 */
const DISK_DRIVER_MODULES: readonly string[] = [
  'virtio_pci',
  'virtio_rng',
  'sd_mod',
  ...STORAGE_CONTROLLERS.map((controller) => controller.module),
];

/**
 * Controller drivers the init loads only for devices that are present, by the modaliases of the PCI, virtio, ACPI
 * and Xen devices (as udev's coldplug does), then of the VMBus once hv_vmbus is up: each binds only to devices its
 * alias table names, so loading it for nothing present only costs time (under TCG, per module: ahci 0.88 s, xhci
 * 0.53 s, nvme 0.25 s, virtio_scsi 0.24 s, virtio_blk 0.19 s on a slow day). The base layer's build checks that
 * each has an alias in the shipped modules.alias.
 */
export const COLDPLUG_MODULES: readonly string[] = listControllerModules(COLDPLUG_STAGES);

/** Of the coldplug modules, those whose devices appear only once hv_vmbus runs (the second coldplug pass). */
export const VMBUS_MODULES: readonly string[] = listControllerModules(['vmbus']);

/**
 * Loaded when a USB host controller is up: a USB disk's own modalias appears only once xhci has enumerated it,
 * later than the coldplug pass, and usb_storage (or uas) must be there to claim it (`delay_use=0`, modprobe.d).
 */
export const USB_HOST_MODULES: readonly string[] = listControllerModules(['usb']);

/** Loaded when an SD/MMC host controller is up: its card is enumerated later, then mmc_block claims it. */
export const MMC_HOST_MODULES: readonly string[] = listControllerModules(['mmc']);

/** Filesystems and their checksum helpers: nothing needs them before the provisioner's first mount. */
export const FILESYSTEM_MODULES = [
  'btrfs',
  'bcachefs',
  'vfat',
  'nls_cp437',
  'nls_iso8859_1',
  'crc32c_generic',
  'crc32c_intel',
] as const;

/**
 * Shipped modules the init does not load: the kernel loads them when something mounts their filesystem (it runs
 * /usr/sbin/modprobe), and the provisioner starts bcachefs's load itself when its plan or the found layout has one
 * (src/zosstorage/mount/start-module-loads.ts). No provisioner path mounts a vfat. Loading them all at every boot
 * cost ≈1.3 s of CPU under TCG beside the provisioner's own work (bcachefs alone 1.12 s, vfat 0.17 s).
 */
export const ON_DEMAND_MODULES: readonly string[] = ['bcachefs', 'vfat', 'nls_cp437', 'nls_iso8859_1'];

/** Kernel modules the scenario topologies need (names as modprobe knows them). */
export const GUEST_MODULES = [...DISK_DRIVER_MODULES, ...FILESYSTEM_MODULES] as const;

/** Module name from a path: `kernel/fs/btrfs/btrfs.ko.xz` → `btrfs` (dashes become underscores). */
export function moduleNameOf(path: string): string {
  const base = path.split('/').pop() ?? path;
  return base.replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_');
}

/** modules.dep text → map of module name to { path, deps (paths) }. */
export function parseModulesDep(text: string): Map<string, { path: string; deps: string[] }> {
  const modules = new Map<string, { path: string; deps: string[] }>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const path = line.slice(0, colon).trim();
    const deps = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    modules.set(moduleNameOf(path), { path, deps });
  }
  return modules;
}

/**
 * Module file paths (relative to the modules dir) for the wanted names and everything they depend on.
 * Names in `builtin` (from modules.builtin) need no file. Throws listing every unknown name.
 */
export function resolveModuleClosure(
  wanted: readonly string[],
  modules: Map<string, { path: string; deps: string[] }>,
  builtin: ReadonlySet<string> = new Set(),
): string[] {
  const unknown = wanted.filter((name) => !modules.has(name) && !builtin.has(name));
  if (unknown.length > 0)
    throw new HarnessError(
      'GUEST_ROOT_INCOMPLETE',
      `kernel modules not found in modules.dep: ${unknown.join(', ')} (the locked kernel lacks them: check GUEST_MODULES and the lock)`,
    );
  const paths = new Set<string>();
  const byPath = new Map([...modules.values()].map((module) => [module.path, module]));
  const queue = wanted.flatMap((name) => {
    const module = modules.get(name);
    return module ? [module.path] : [];
  });
  while (queue.length > 0) {
    const path = queue.shift() as string;
    if (paths.has(path)) continue;
    paths.add(path);
    queue.push(...(byPath.get(path)?.deps ?? []));
  }
  return [...paths].sort();
}

/** modules.builtin text → set of module names compiled into the kernel. */
export function parseModulesBuiltin(text: string): Set<string> {
  return new Set(text.split('\n').filter(Boolean).map(moduleNameOf));
}

/**
 * The coldplug modules (by name) that no alias in a modules.alias text names: the init could never load them. Pure.
 */
export function findModulesWithoutAlias(aliasText: string, names: readonly string[]): string[] {
  const aliased = new Set(
    aliasText
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((words) => words[0] === 'alias' && words.length >= 3)
      .map((words) => (words[2] as string).replace(/-/g, '_')),
  );
  return names.filter((name) => !aliased.has(name));
}
