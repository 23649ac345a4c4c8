// The arguments of a `--plan` run on a host against a fake sysfs tree and fake device files: no real disk, no
// real kernel command line, no real mount table (bundle tests, the snapshot test, the bcachefs bench).

/** `--plan --sysfs-root <sysRoot> --dev-root <devRoot>` with /dev/null as cmdline and mounts, then `extra`. */
export function hostPlanArgs(sysRoot: string, devRoot: string, extra: readonly string[] = []): string[] {
  return [
    '--plan',
    '--sysfs-root',
    sysRoot,
    '--dev-root',
    devRoot,
    '--cmdline-file',
    '/dev/null',
    '--mounts-file',
    '/dev/null',
    ...extra,
  ];
}
