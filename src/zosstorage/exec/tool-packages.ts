// Which package provides each external tool, so "not found" errors say what to install.

export const TOOL_PACKAGES: Readonly<Record<string, string>> = {
  sgdisk: 'gdisk',
  sfdisk: 'util-linux',
  blockdev: 'util-linux',
  partx: 'util-linux',
  blkid: 'util-linux',
  wipefs: 'util-linux',
  mount: 'util-linux',
  umount: 'util-linux',
  mkdir: 'coreutils',
  rmdir: 'coreutils',
  'mkfs.vfat': 'dosfstools',
  'mkfs.fat': 'dosfstools',
  'mkfs.btrfs': 'btrfs-progs',
  btrfs: 'btrfs-progs',
  bcachefs: 'bcachefs-tools',
  udevadm: 'udev',
};

/** `install <package>` for a known tool, else a generic hint. */
export function describeInstallHint(tool: string): string {
  const name = tool.split('/').at(-1) ?? tool;
  const pkg = TOOL_PACKAGES[name];
  return pkg === undefined ? `install it or add its folder to PATH` : `install ${pkg}`;
}
