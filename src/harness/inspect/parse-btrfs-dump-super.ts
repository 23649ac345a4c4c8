// Pure: fields of `btrfs inspect-internal dump-super -f` and profiles from `dump-tree -t chunk` output.

export interface BtrfsSuper {
  fsid: string | null;
  label: string | null;
  numDevices: number | null;
  devid: number | null;
}

/** Reads fsid, label, num_devices and dev_item.devid from dump-super output. */
export function parseBtrfsDumpSuper(output: string): BtrfsSuper {
  const field = (name: string): string | null => {
    const match = new RegExp(`^${name.replace(/\./g, '\\.')}[ \\t]+(.*)$`, 'm').exec(output);
    return match ? (match[1] as string).trim() : null;
  };
  const numDevices = field('num_devices');
  const devid = field('dev_item.devid');
  const label = field('label');
  return {
    fsid: field('fsid'),
    label: label === null || label === '' ? null : label,
    numDevices: numDevices === null ? null : Number(numDevices),
    devid: devid === null ? null : Number(devid),
  };
}

/**
 * Block group profiles from chunk items (`type DATA|RAID1`, `type METADATA`, `type SYSTEM|DUP`): the set of
 * profiles per kind, `single` when no profile bit is set.
 */
export function parseBtrfsChunkProfiles(output: string): {
  data: string[];
  metadata: string[];
  system: string[];
} {
  const profiles = { data: new Set<string>(), metadata: new Set<string>(), system: new Set<string>() };
  for (const match of output.matchAll(/\btype ((?:DATA|METADATA|SYSTEM)(?:\|[A-Z0-9]+)*)/g)) {
    const [kind, ...rest] = (match[1] as string).split('|');
    const profile = rest.find((part) => /^(RAID|DUP|SINGLE)/.test(part))?.toLowerCase() ?? 'single';
    profiles[(kind as string).toLowerCase() as 'data' | 'metadata' | 'system'].add(profile);
  }
  return { data: [...profiles.data], metadata: [...profiles.metadata], system: [...profiles.system] };
}
