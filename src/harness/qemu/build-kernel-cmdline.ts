// Pure: the kernel command line for one boot of a scenario.
import { INIT_CMDLINE } from '../guest-protocol.ts';

/** Default guest path of the scenario's config, installed by the scenario's own initrd layer (`config_path`). */
export const SCENARIO_CONFIG_PATH = '/etc/zosstorage/scenario.yaml';

/** `zosstorage.config=<path>`, the path in double quotes when it has blanks (the kernel keeps them one word). */
export function formatConfigArg(path: string): string {
  return /\s/.test(path) ? `zosstorage.config="${path}"` : `zosstorage.config=${path}`;
}

/**
 * Kernel arguments that only shorten a TCG boot (measured with `initcall_debug` on the 6.12 guest kernel, one
 * boot at a time on the 2-core host). None of them changes what the provisioner sees: the skipped pieces are
 * in-kernel crypto self-tests, a key type and a network stack no scenario uses, and a delay-loop calibration.
 * The bench's reference boot gets the same arguments, so the ratios compare like with like.
 */
export const BOOT_SPEED_ARGS: readonly string[] = [
  // The SP800-108 KDF self-test (≈1.8 s: it waits for the initramfs unpack, then runs HMAC-SHA256 under
  // emulated AVX), the "encrypted" key type (≈1.1 s allocating its ciphers) and the jitter-entropy RNG's
  // start-up test (≈0.35 s). Nothing in the guest uses them; the kernel's own RNG does not need jitterentropy.
  'initcall_blacklist=crypto_kdf108_init,init_encrypted,jent_mod_init',
  // The deferred self-tests of every built-in cipher and hash (≈0.3 s).
  'cryptomgr.notests=1',
  // The second vCPU's delay-loop calibration (≈0.9 s under TCG, the first CPU waits for it). Delays use the
  // TSC once it is up, so the preset value only has to be plausible.
  'lpj=9884000',
  // IPv6 registration (≈0.35 s); the guest has no network (`-nic none`).
  'ipv6.disable=1',
];

export function buildKernelCmdline(options: {
  boot: number;
  /** Guest path of the scenario's config, null without one. */
  configPath: string | null;
  dump: readonly string[];
  kernelArgs: readonly string[];
}): string {
  return [
    'console=ttyS0',
    INIT_CMDLINE.TEST_MODE,
    'loglevel=4',
    'panic=-1',
    // TCG on a busy host can miss the IO-APIC timer check and panic at 0.04 s (seen in a slow test run).
    'no_timer_check',
    ...BOOT_SPEED_ARGS,
    `zostest.boot=${options.boot}`,
    ...(options.configPath === null ? [] : [formatConfigArg(options.configPath)]),
    ...(options.dump.length > 0 ? [`${INIT_CMDLINE.DUMP}${options.dump.join(',')}`] : []),
    ...options.kernelArgs,
  ].join(' ');
}
