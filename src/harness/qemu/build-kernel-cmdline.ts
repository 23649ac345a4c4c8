// Pure: the kernel command line for one boot of a scenario.
import { INIT_CMDLINE } from '../guest-protocol.ts';

/** Guest path of the scenario's config, installed by the scenario's own initrd layer. */
export const SCENARIO_CONFIG_PATH = '/etc/zosstorage/scenario.yaml';

export function buildKernelCmdline(options: {
  boot: number;
  hasConfig: boolean;
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
    ...(options.hasConfig ? [`zosstorage.config=${SCENARIO_CONFIG_PATH}`] : []),
    ...(options.dump.length > 0 ? [`${INIT_CMDLINE.DUMP}${options.dump.join(',')}`] : []),
    ...options.kernelArgs,
  ].join(' ');
}
