// Deterministic, human-friendly ordering of kernel device names (sdz before sdaa, nvme0n2 before nvme0n10).

/**
 * Compares names chunk by chunk: digit runs numerically; letter runs by their two-letter family
 * (`nv`, `sd`, `vd`), then shorter first, then alphabetically — the kernel's own order: sdz, sdaa.
 */
export function compareDeviceNames(a: string, b: string): number {
  const left = a.match(/\d+|\D+/g) ?? [];
  const right = b.match(/\d+|\D+/g) ?? [];
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const x = left[index] as string;
    const y = right[index] as string;
    const xDigits = /^\d/.test(x);
    const yDigits = /^\d/.test(y);
    let order: number;
    if (xDigits && yDigits) order = Number(x) - Number(y) || x.length - y.length;
    else if (xDigits !== yDigits) order = xDigits ? -1 : 1;
    else order = compareText(x.slice(0, 2), y.slice(0, 2)) || x.length - y.length || compareText(x, y);
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
