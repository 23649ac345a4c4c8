// Commands as data: the whole apply run of a plan as ordered steps of argv arrays (pure).
import type { Command } from '../exec/command.ts';
import type { Plan } from '../types.ts';
import { buildFirstMountCommands, buildMkfsCommand } from './build-mkfs-command.ts';
import { buildPartitionCommand } from './build-partition-command.ts';

export type ApplyStepKind = 'partition' | 'reread' | 'mkfs' | 'initialize';

export interface ApplyStep {
  step: ApplyStepKind;
  /** The disk (partition, reread) or the first member (mkfs) the step works on. */
  device: string;
  commands: Command[];
  /** Partition device nodes that must exist once the step ran (reread). */
  expectPaths?: string[];
  /** Run after `commands` where udev exists (reread): its absence or failure only means polling for the nodes. */
  settle?: Command;
  /** For mkfs and initialize steps: the filesystem it creates (for the MKFS and INITIALIZED markers). */
  filesystem?: { type: string; label: string; uuid: string; members: string[] };
}

/**
 * Per disk: `partition` (sfdisk) then `reread` (blockdev --rereadpt and `udevadm settle`, then its partition
 * nodes are awaited); then one `mkfs` step per filesystem in plan order (ESPs, then data filesystems), each bcachefs
 * followed by its `initialize` step (the first read-write mount, see buildFirstMountCommands).
 */
export function buildApplySteps(plan: Plan): ApplyStep[] {
  const diskSteps = plan.disks.flatMap((disk): ApplyStep[] => [
    { step: 'partition', device: disk.device.path, commands: [buildPartitionCommand(disk)] },
    {
      step: 'reread',
      device: disk.device.path,
      commands: [
        {
          argv: ['blockdev', '--rereadpt', disk.device.path],
          purpose: `re-read the partition table of ${disk.device.path}`,
        },
      ],
      expectPaths: disk.partitions.map((partition) => partition.path),
      settle: { argv: ['udevadm', 'settle', '--timeout=30'], purpose: 'wait for udev' },
    },
  ]);
  const mkfsSteps = plan.filesystems.flatMap((filesystem): ApplyStep[] => {
    const device = filesystem.members[0] ?? '';
    const described = {
      type: filesystem.kind,
      label: filesystem.label,
      uuid: filesystem.uuid,
      members: [...filesystem.members],
    };
    const mkfs: ApplyStep = {
      step: 'mkfs',
      device,
      commands: [buildMkfsCommand(filesystem)],
      filesystem: described,
    };
    if (filesystem.kind !== 'bcachefs') return [mkfs];
    return [
      mkfs,
      { step: 'initialize', device, commands: buildFirstMountCommands(filesystem), filesystem: described },
    ];
  });
  return [...diskSteps, ...mkfsSteps];
}

/** Every command of the steps in the order apply runs them (settle included). */
export function listStepCommands(steps: readonly ApplyStep[]): Command[] {
  return steps.flatMap((step) => [...step.commands, ...(step.settle ? [step.settle] : [])]);
}
