// Device node of partition N of a disk, following the kernel's naming rule (vda → vda1, nvme0n1 → nvme0n1p1).

/**
 * Returns the path of partition `number` of the disk at `devicePath` (a kernel name or a full path).
 * The kernel inserts a `p` when the disk name ends in a digit (nvme0n1p1, mmcblk0p1, loop0p1).
 */
export function partitionPath(devicePath: string, number: number): string {
  if (!Number.isInteger(number) || number < 1) {
    throw new RangeError(`partition number must be a positive integer, got ${number}`);
  }
  const separator = /\d$/.test(devicePath) ? 'p' : '';
  return `${devicePath}${separator}${number}`;
}
