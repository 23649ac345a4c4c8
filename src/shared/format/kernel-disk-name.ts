// The names Linux gives disks in the order they appear: `vda`…`vdz`, `vdaa`…`vdzz`, `vdaaa`… (the kernel's
// sd_format_disk_name / virtblk_name_format: bijective base 26 after the prefix). Pure.

/** The `index`th (from 0) disk name with `prefix` (`vd`, `sd`, `xvd`). */
export function kernelDiskName(prefix: string, index: number): string {
  if (!Number.isSafeInteger(index) || index < 0)
    throw new RangeError(`disk index ${index} is not a whole number ≥ 0`);
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(97 + ((n - 1) % 26)) + letters;
  return `${prefix}${letters}`;
}
