// Pure: how many VMs to run side by side, from the host's cores and free memory.

export interface HostCapacity {
  cores: number;
  freeBytes: number;
}

/** Memory one VM run needs on the host: guest RAM plus QEMU/TCG overhead and the runner's share. */
export function estimateVmBytes(guestMemoryMiB: number): number {
  return (guestMemoryMiB + 512) * 1024 * 1024;
}

/** min(cores, free memory / per-VM need), at least 1. */
export function chooseJobCount(host: HostCapacity, perVmBytes: number): number {
  const byMemory = Math.floor(host.freeBytes / perVmBytes);
  return Math.max(1, Math.min(host.cores, byMemory));
}
