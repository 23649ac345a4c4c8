// Pure: the kernel command line for one boot of a scenario.
import { INIT_CMDLINE } from '../guest-protocol.ts';

/** Default guest path of the scenario's config, installed by the scenario's own initrd layer (`config_path`). */
export const SCENARIO_CONFIG_PATH = '/etc/zosstorage/scenario.yaml';

/** `zosstorage.config=<path>`, the path in double quotes when it has blanks (the kernel keeps them one word). */
export function formatConfigArg(path: string): string {
  return /\s/.test(path) ? `zosstorage.config="${path}"` : `zosstorage.config=${path}`;
}

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
    `zostest.boot=${options.boot}`,
    ...(options.configPath === null ? [] : [formatConfigArg(options.configPath)]),
    ...(options.dump.length > 0 ? [`${INIT_CMDLINE.DUMP}${options.dump.join(',')}`] : []),
    ...options.kernelArgs,
  ].join(' ');
}
