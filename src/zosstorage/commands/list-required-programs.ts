// Every program an apply + mount run of a plan will start, so they can be checked before the first write (pure).
import type { Config, Plan } from '../types.ts';
import { buildApplySteps } from './build-apply-steps.ts';

/** In order of first use; `udevadm` is optional (the initramfs has none) and not listed. */
export function listRequiredPrograms(plan: Plan, config: Config): string[] {
  const programs = buildApplySteps(plan).flatMap((step) =>
    step.commands.map((command) => command.argv[0] ?? ''),
  );
  const mounted = plan.filesystems.filter((filesystem) => filesystem.mountpoint !== null);
  if (mounted.length > 0) programs.push('mount');
  if (config.mount.subvolumes.length > 0 && mounted.some((filesystem) => filesystem.kind === 'btrfs')) {
    programs.push('btrfs');
  }
  return [...new Set(programs.filter((program) => program !== ''))];
}
