// Test inputs for the planner, commands and apply tests: device sets, a full config, a GUID counter.
import type { Config, Device } from '../types.ts';

const GIB = 1024 ** 3;

export function makeDevice(name: string, overrides: Partial<Device> = {}): Device {
  return {
    name,
    path: `/dev/${name}`,
    sizeBytes: 20 * GIB,
    logicalSectorSize: 512,
    physicalSectorSize: 512,
    rotational: false,
    removable: false,
    transport: name.startsWith('nvme') ? 'nvme' : name.startsWith('vd') ? 'virtio' : 'sata',
    model: null,
    serial: `serial-${name}`,
    wwid: null,
    ...overrides,
  };
}

export const ONE_VIRTIO = [makeDevice('vda', { rotational: true })];
export const TWO_NVME = [makeDevice('nvme0n1'), makeDevice('nvme1n1')];
export const NVME_AND_HDD = [
  makeDevice('nvme0n1'),
  makeDevice('sda', { rotational: true, sizeBytes: 100 * GIB }),
];
export const THREE_VIRTIO = [
  makeDevice('vda', { rotational: true }),
  makeDevice('vdb', { rotational: true }),
  makeDevice('vdc', { rotational: true }),
];

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

function mergeDeep<T>(base: T, patch: DeepPartial<T> | undefined): T {
  if (patch === undefined) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] =
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current !== null &&
      typeof current === 'object'
        ? mergeDeep(current, value as DeepPartial<typeof current>)
        : value;
  }
  return out as T;
}

/** The built-in defaults (as options.ts declares them), patched by `overrides`. */
export function makeConfig(overrides?: DeepPartial<Config>): Config {
  const base: Config = {
    version: 1,
    device_selection: {
      include_patterns: ['sd*', 'nvme*n*', 'vd*'],
      exclude_patterns: [],
      allow_removable: false,
      min_size_gib: 10,
    },
    safety: { require_zeroed_edges: true, scan_samples: 256, former_partitions: true },
    topology: { mode: 'auto', roles: { cache: [], backing: [] } },
    boot: { bios_boot: { enabled: true, size_mib: 1 }, esp: { size_mib: 512 } },
    filesystem: {
      btrfs: { compression: 'zstd:1', data_profile: 'raid1', metadata_profile: 'raid1', mkfs_extra_args: [] },
      bcachefs: { compression: null, replicas: 2, mkfs_extra_args: [] },
    },
    mount: {
      enabled: true,
      scheme: 'per_uuid',
      base_dir: '/var/cache',
      paths: [],
      subvolumes: [],
      options: [],
    },
    fstab: { enabled: false, path: '/etc/fstab' },
    report: { path: '/run/zosstorage/state.json' },
    logging: { level: 'info', format: 'text', file: null },
  };
  return mergeDeep(base, overrides);
}

/** Deterministic GUIDs: 00000000-0000-4000-8000-000000000001, …02, … */
export function makeGuidCounter(): () => string {
  let next = 0;
  return () => {
    next += 1;
    return `00000000-0000-4000-8000-${next.toString(16).padStart(12, '0')}`;
  };
}
