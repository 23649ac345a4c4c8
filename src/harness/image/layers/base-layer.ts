// Assembles the base layer: busybox, kmod, disk tools, the Node.js runtime, their library closure and the kernel modules.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { CpioEntry } from './cpio.ts';
import { readElfDynamicInfo } from '../root/elf-needed.ts';
import { execHostTool, execHostToolBuffer } from '../../exec/exec-host-tool.ts';
import { findGuestTool } from '../../inspect/guest-tool.ts';
import { resolveLibraryClosure } from '../root/library-closure.ts';
import {
  COLDPLUG_MODULES,
  FILESYSTEM_MODULES,
  findModulesWithoutAlias,
  GUEST_MODULES,
  ON_DEMAND_MODULES,
  parseModulesBuiltin,
  parseModulesDep,
  resolveModuleClosure,
  USB_HOST_MODULES,
  VMBUS_MODULES,
  MMC_HOST_MODULES,
} from '../root/module-deps.ts';
import { collectRootPath, existsInRoot, resolveInRoot } from '../root/root-files.ts';
import { HarnessError } from '../../errors/harness-error.ts';

/** Tools shipped with their library closure (found in usr/sbin, usr/bin of the guest root). */
export const BASE_TOOLS = [
  'busybox',
  'kmod',
  'modprobe',
  'depmod',
  'insmod',
  'rmmod',
  'lsmod',
  'modinfo',
  'blkid',
  'sfdisk',
  'wipefs',
  'lsblk',
  'partx',
  'blockdev',
  'mount',
  'umount',
  'findmnt',
  'mkfs.fat',
  'mkfs.vfat',
  'fsck.fat',
  'fsck.vfat',
  'btrfs',
  'mkfs.btrfs',
  'bcachefs',
  'mkfs.bcachefs',
  'mount.bcachefs',
  'fsck.bcachefs',
] as const;

/** Where the Node.js licence (Node and the libraries it bundles) ships, beside /usr/bin/node. */
export const NODE_LICENSE_PATH = 'usr/share/doc/node/LICENSE';

/** Libraries loaded with dlopen (not in NEEDED): kmod's xz and zstd module decompressors. */
export const DLOPEN_LIBRARIES = [
  'usr/lib/x86_64-linux-gnu/liblzma.so.5',
  'usr/lib/x86_64-linux-gnu/libzstd.so.1',
];

/** Modules that may fail to load on some CPUs (crc32c_intel needs SSE4.2); the init script tolerates them. */
export const OPTIONAL_MODULES = ['crc32c_intel'];

/** Busybox applet symlinks (`usr/bin/sh` → `/usr/bin/busybox`), minus names a real tool already provides. Pure. */
export function planBusyboxLinks(listFull: string, shipped: ReadonlySet<string>): CpioEntry[] {
  const links: CpioEntry[] = [];
  const taken = new Set([...shipped].map((path) => posix.basename(path)));
  for (const line of listFull
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const name = posix.basename(line);
    if (!line.includes('/') || taken.has(name) || name === 'busybox') continue;
    const dir = posix.dirname(line).replace(/^(usr\/)?/, 'usr/');
    links.push({ type: 'symlink', path: `${dir}/${name}`, target: '/usr/bin/busybox' });
    taken.add(name);
  }
  return links;
}

/** The fixed skeleton: merged-/usr links, mount points, mtab, a root user. */
export function planSkeleton(): CpioEntry[] {
  const dirs = ['dev', 'proc', 'sys', 'run', 'mnt', 'root', 'var/cache', 'var/log', 'etc', 'usr/lib64'];
  return [
    ...['bin', 'sbin', 'lib', 'lib64'].map((name): CpioEntry => ({
      type: 'symlink',
      path: name,
      target: `usr/${name}`,
    })),
    ...dirs.map((path): CpioEntry => ({ type: 'dir', path, mode: path === 'root' ? 0o700 : 0o755 })),
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'symlink', path: 'etc/mtab', target: '/proc/self/mounts' },
    { type: 'file', path: 'etc/passwd', mode: 0o644, data: Buffer.from('root:x:0:0:root:/root:/bin/sh\n') },
    { type: 'file', path: 'etc/group', mode: 0o644, data: Buffer.from('root:x:0:\n') },
  ];
}

/**
 * Modules the init loads in the background while node starts: the filesystems and their checksum and RAID
 * helpers, ≈2.7 s under TCG (btrfs and bcachefs are 4–5 MB each). Nothing needs them before the first mount, and
 * a mount that comes first waits for them: the kernel's own request_module joins the load in flight.
 */
export const BACKGROUND_MODULES: readonly string[] = FILESYSTEM_MODULES.filter(
  (name) => !ON_DEMAND_MODULES.includes(name),
);

/**
 * The init script's module list and modprobe options. Pure. Each line is a name and its tags: none (loaded at
 * once), `coldplug` (loaded only when a present device's modalias names it; `vmbus` ones in a second pass, once
 * hv_vmbus runs), `usb` (loaded when a USB host controller is up), `mmc` (when an SD/MMC host controller is up), `background` (loaded beside the provisioner's start), `optional` (may fail), `ondemand`
 * (shipped, loaded when something needs it).
 */
export function planModuleConfig(): CpioEntry[] {
  const lines = GUEST_MODULES.map((name) =>
    [
      name,
      ...(COLDPLUG_MODULES.includes(name) ? ['coldplug'] : []),
      ...(VMBUS_MODULES.includes(name) ? ['vmbus'] : []),
      ...(USB_HOST_MODULES.includes(name) ? ['usb'] : []),
      ...(MMC_HOST_MODULES.includes(name) ? ['mmc'] : []),
      ...(OPTIONAL_MODULES.includes(name) ? ['optional'] : []),
      ...(BACKGROUND_MODULES.includes(name) ? ['background'] : []),
      ...(ON_DEMAND_MODULES.includes(name) ? ['ondemand'] : []),
    ].join(' '),
  );
  return [
    {
      type: 'file',
      path: 'usr/lib/zosstorage/modules',
      mode: 0o644,
      data: Buffer.from(`${lines.join('\n')}\n`),
    },
    // The USB disk of the `filtering` scenario shows up without the default one-second settle delay.
    {
      type: 'file',
      path: 'etc/modprobe.d/zosstorage.conf',
      mode: 0o644,
      data: Buffer.from('options usb_storage delay_use=0\n'),
    },
  ];
}

/** Decompresses the selected modules into `workDir`, runs depmod there and returns their entries. */
async function collectModules(
  guestRoot: string,
  kernelVersion: string,
  workDir: string,
): Promise<CpioEntry[]> {
  const modulesDir = join(guestRoot, 'usr/lib/modules', kernelVersion);
  const modules = parseModulesDep(readFileSync(join(modulesDir, 'modules.dep'), 'utf8'));
  const builtin = parseModulesBuiltin(readFileSync(join(modulesDir, 'modules.builtin'), 'utf8'));
  const paths = resolveModuleClosure(GUEST_MODULES, modules, builtin);
  const outDir = join(workDir, 'lib/modules', kernelVersion);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const name of ['modules.builtin', 'modules.builtin.modinfo', 'modules.order']) {
    copyFileSync(join(modulesDir, name), join(outDir, name));
  }
  for (const path of paths) {
    const target = join(outDir, path.replace(/\.xz$/, ''));
    mkdirSync(posix.dirname(target), { recursive: true });
    const data = path.endsWith('.xz')
      ? await execHostToolBuffer(['xz', '-dc', join(modulesDir, path)], `decompress kernel module ${path}`)
      : readFileSync(join(modulesDir, path));
    writeFileSync(target, data);
  }
  await execHostTool(['depmod', '-b', workDir, kernelVersion], 'index the shipped kernel modules');
  const unaliased = findModulesWithoutAlias(
    readFileSync(join(outDir, 'modules.alias'), 'utf8'),
    COLDPLUG_MODULES,
  );
  if (unaliased.length > 0)
    throw new HarnessError(
      'GUEST_ROOT_INCOMPLETE',
      `coldplug modules without a device alias in the shipped modules.alias: ${unaliased.join(', ')} (the init would never load them: drop them from COLDPLUG_MODULES)`,
    );
  const entries: CpioEntry[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const path = `${rel}/${name}`;
      if (statSync(full).isDirectory()) walk(full, path);
      else entries.push({ type: 'file', path, mode: 0o644, data: readFileSync(full) });
    }
  };
  walk(outDir, `usr/lib/modules/${kernelVersion}`);
  return entries;
}

/** Everything the base layer holds, as cpio entries; `workDir` is scratch space for modules. */
export async function assembleBaseLayer(options: {
  guestRoot: string;
  kernelVersion: string;
  workDir: string;
  /** The Node.js binary and its licence (ensure-node-runtime.ts): shipped as /usr/bin/node. */
  runtime: { node: string; license: string };
  onPhase?: (phase: string, detail?: string) => void;
}): Promise<CpioEntry[]> {
  const { guestRoot, kernelVersion, workDir } = options;
  const files = new Map<string, CpioEntry>();
  files.set('usr/bin/node', {
    type: 'file',
    path: 'usr/bin/node',
    mode: 0o755,
    data: readFileSync(options.runtime.node),
  });
  files.set(NODE_LICENSE_PATH, {
    type: 'file',
    path: NODE_LICENSE_PATH,
    mode: 0o644,
    data: readFileSync(options.runtime.license),
  });
  options.onPhase?.('tools', `${BASE_TOOLS.length} tools`);
  const missing = BASE_TOOLS.filter((tool) => !findGuestTool(guestRoot, tool));
  if (missing.length > 0)
    throw new HarnessError(
      'GUEST_ROOT_INCOMPLETE',
      `tools missing from the guest root ${guestRoot}: ${missing.join(', ')} (add their package to guest-packages.ts)`,
    );
  for (const tool of BASE_TOOLS) collectRootPath(guestRoot, findGuestTool(guestRoot, tool) as string, files);

  options.onPhase?.('closure', 'shared libraries');
  const binaries = [...files.values()].filter((entry) => entry.type === 'file').map((entry) => entry.path);
  const libraries = resolveLibraryClosure([...binaries, ...DLOPEN_LIBRARIES], {
    readDynamic: (path) => {
      const known = files.get(path);
      const data =
        known?.type === 'file' ? known.data : readFileSync(join(guestRoot, resolveInRoot(guestRoot, path)));
      const info = readElfDynamicInfo(data);
      return info.isElf ? info : null;
    },
    exists: (path) => existsInRoot(guestRoot, path),
  });
  for (const path of [...libraries, ...DLOPEN_LIBRARIES]) collectRootPath(guestRoot, path, files);

  options.onPhase?.('modules', `${GUEST_MODULES.length} modules and their dependencies`);
  const modules = await collectModules(guestRoot, kernelVersion, workDir);

  const busybox = join(guestRoot, findGuestTool(guestRoot, 'busybox') as string);
  const { stdout } = await execHostTool([busybox, '--list-full'], 'list the busybox applets');
  const links = planBusyboxLinks(stdout, new Set(files.keys()));
  return [...planSkeleton(), ...planModuleConfig(), ...files.values(), ...links, ...modules];
}
