// Pure planning: discovered devices + resolved config in, the full provisioning plan out.
import { ZosError } from '../errors/zos-error.ts';
import { assignMountpoints } from '../mount/assign-mountpoints.ts';
import { buildFstabEntries } from '../mount/render-fstab.ts';
import type { Config, Device, DiskRole, Plan, PlannedDisk } from '../types.ts';
import { assignRoles } from './assign-roles.ts';
import { checkTopologyFits } from './check-topology-fits.ts';
import { chooseTopology, hasExplicitRoles } from './choose-topology.ts';
import { describeFilesystem } from './describe-plan.ts';
import { layoutPartitions } from './layout-partitions.ts';
import { planFilesystems } from './plan-filesystems.ts';

export interface PlanProvisioningInput {
  devices: Device[];
  config: Config;
  /** Source of disk/partition GUIDs and filesystem UUIDs (crypto.randomUUID; tests inject a counter). */
  newGuid: () => string;
}

/**
 * Chooses the topology, assigns roles, lays out partitions and filesystems and their mountpoints.
 * GUIDs are drawn in a fixed order: per disk the disk GUID then its partitions, then one per filesystem.
 * Throws CONFIG_INVALID, naming the fix, when the config cannot be realised on these devices.
 */
export function planProvisioning({ devices, config, newGuid }: PlanProvisioningInput): Plan {
  if (devices.length === 0) {
    throw new ZosError('NO_ELIGIBLE_DISKS', 'no eligible disk to plan for; nothing will be written');
  }
  const topology = chooseTopology(devices, config);
  if (hasExplicitRoles(config) && topology !== 'bcachefs_cached') {
    throw new ZosError(
      'CONFIG_INVALID',
      `topology.roles only apply to bcachefs_cached, but the topology is ${topology}; ` +
        'remove topology.roles or set topology.mode to bcachefs_cached (or auto)',
      { details: { topology } },
    );
  }
  const roles: DiskRole[] = topology === 'bcachefs_cached' ? assignRoles(devices, config.topology.roles) : [];
  const assigned = devices.map((device, index) => ({ device, role: roles[index] ?? 'data' }));
  checkTopologyFits(topology, assigned, config);

  const disks: PlannedDisk[] = assigned.map(({ device, role }) => {
    const diskGuid = newGuid().toLowerCase();
    return {
      device,
      role,
      diskGuid,
      partitions: layoutPartitions({ device, role, boot: config.boot, newGuid }),
    };
  });
  const filesystems = assignMountpoints(planFilesystems(topology, disks, config, newGuid), config);
  const fstab =
    config.fstab.enabled && config.mount.enabled
      ? { path: config.fstab.path, entries: buildFstabEntries(filesystems.map(describeFilesystem), config) }
      : null;
  return { topology, disks, filesystems, fstab };
}
