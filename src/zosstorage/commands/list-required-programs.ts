// Every program an apply + mount run of a plan will start, so they can be checked before the first write (pure).
import { describePlan } from '../plan/describe-plan.ts';
import type { Config, Plan } from '../types.ts';
import { buildApplySteps } from './build-apply-steps.ts';
import { buildMountSteps, listMountCommands } from './build-mount-steps.ts';

/** In order of first use; `udevadm` is optional (the initramfs has none) and not listed. */
export function listRequiredPrograms(plan: Plan, config: Config): string[] {
  const commands = [
    ...buildApplySteps(plan).flatMap((step) => step.commands),
    ...listMountCommands(buildMountSteps(describePlan(plan).filesystems, config)),
  ];
  return [...new Set(commands.map((command) => command.argv[0] ?? '').filter((program) => program !== ''))];
}
