// Resolves the configuration from its sources, strongest first: kernel cmdline > CLI flags > file > defaults.
import { ZosError } from '../errors/zos-error.ts';
import { resolveTopologyAlias, type TopologyAlias } from '../layout/topologies.ts';
import type { Config } from '../types.ts';
import { coerceOverride } from './coerce-override.ts';
import { formatConfigError } from './config-error.ts';
import { describeOmitted, INPUT_LIMITS } from './config-limits.ts';
import { setAtPath } from './config-schema.ts';
import { withOverrides, type OverrideOrigin } from './config-source-map.ts';
import { listOverridableSettings, toFlagName } from './options.ts';
import { parseKernelCmdline } from './parse-kernel-cmdline.ts';
import { readConfigFile } from './read-config-file.ts';
import { validateConfig } from './validate-config.ts';

export const DEFAULT_CONFIG_PATH = '/etc/zosstorage/config.yaml';

/** Names the init script reads from the kernel cmdline, not zosstorage (see src/harness/guest-protocol.ts). */
const FOREIGN_CMDLINE_NAMES = ['next'];

/** Kernel command line names of the zos tool's zosstorage, read as ours. */
const CMDLINE_NAME_ALIASES: Record<string, string> = { topo: 'topology' };

export type ConfigSourceKind = 'kernel_cmdline' | 'cli' | 'config_file' | 'default';

export interface ConfigRequest {
  /** `--config`, if given. */
  configPath?: string;
  /** CLI overrides by option name (`topology`, `log_level`, `fstab`), as commander parsed them. */
  cliOverrides: Record<string, string | boolean | undefined>;
  /** Text of the kernel command line (the caller reads /proc/cmdline or --cmdline-file). */
  cmdline: string;
  /** Default config path (tests point it into a temp dir). */
  defaultConfigPath?: string;
}

export interface ResolvedConfig {
  config: Config;
  /** The config file that was read, null when built-in defaults were used. */
  configPath: string | null;
  /** Which source decided topology.mode (for the CONFIG marker). */
  topologySource: ConfigSourceKind;
  /** The zos tool's topology name the mode was given as (`dual_independent`), null when it was ours. */
  topologyAlias: TopologyAlias | null;
  /** `zosstorage.*` names on the kernel cmdline that mean nothing to zosstorage (worth a warning). */
  unknownCmdlineNames: string[];
}

interface Override {
  name: string;
  /** The name as written (`topo` for `topology`), for messages. */
  spelled: string;
  value: string | boolean | null;
  kind: 'cli' | 'kernel_cmdline';
}

function describeOverride(override: Override): string {
  return override.kind === 'cli'
    ? `--${toFlagName(override.name)}`
    : `kernel cmdline zosstorage.${override.spelled}`;
}

/** The value of `zosstorage.<name>` on the kernel cmdline (null for a bare switch), undefined when absent; the last wins. */
export function findCmdlineValue(cmdline: string, name: string): string | null | undefined {
  const found = parseKernelCmdline(cmdline).filter((setting) => setting.name === name);
  return found.length === 0 ? undefined : (found[found.length - 1] as { value: string | null }).value;
}

/** Whether the switch `zosstorage.<name>` is on: present bare or with any value but 0/false/no/off. */
export function isCmdlineSwitchOn(cmdline: string, name: string): boolean {
  const value = findCmdlineValue(cmdline, name);
  if (value === undefined) return false;
  return value === null || !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

/** Reads the file the sources point at, applies the overrides and validates the result. */
export async function resolveConfig(request: ConfigRequest): Promise<ResolvedConfig> {
  const settings = listOverridableSettings();
  // `zosstorage.topo=` is the zos tool's name for `zosstorage.topology=` (in command-line order: the last wins).
  const cmdlineSettings = parseKernelCmdline(request.cmdline).map((setting) => ({
    ...setting,
    name: CMDLINE_NAME_ALIASES[setting.name] ?? setting.name,
    spelled: setting.name,
  }));
  const known = new Set([
    ...settings.map((setting) => setting.name),
    'config',
    'force',
    'mount_existing',
    'report_current',
    ...FOREIGN_CMDLINE_NAMES,
  ]);
  if (cmdlineSettings.length > INPUT_LIMITS.cmdlineSettings)
    throw new ZosError(
      'CONFIG_INVALID',
      `the kernel command line has ${cmdlineSettings.length} zosstorage.* settings, over the limit of ${INPUT_LIMITS.cmdlineSettings} (there are about 30 names): fix the boot entry`,
      { details: { settings: cmdlineSettings.length } },
    );
  const long = cmdlineSettings.find(
    (setting) => Buffer.byteLength(setting.value ?? '') > INPUT_LIMITS.cmdlineValueBytes,
  );
  if (long !== undefined)
    throw new ZosError(
      'CONFIG_INVALID',
      `kernel cmdline zosstorage.${long.spelled}: a value of ${Buffer.byteLength(long.value ?? '')} bytes, over the limit of ${INPUT_LIMITS.cmdlineValueBytes}: fix the boot entry`,
      { details: { name: long.spelled } },
    );
  const unknownCmdlineNames = cmdlineSettings
    .map((setting) => setting.name)
    .filter((name) => !known.has(name));

  const cmdlineConfig = findCmdlineValue(request.cmdline, 'config');
  const explicitPath = cmdlineConfig ?? request.configPath;
  const configPath = explicitPath ?? request.defaultConfigPath ?? DEFAULT_CONFIG_PATH;
  const file = await readConfigFile(
    configPath,
    cmdlineConfig != null ? 'kernel_cmdline' : request.configPath !== undefined ? 'cli' : 'default',
  );

  const overrides: Override[] = [
    ...Object.entries(request.cliOverrides)
      .filter((entry): entry is [string, string | boolean] => entry[1] !== undefined)
      .map(([name, value]) => ({ name, spelled: name, value, kind: 'cli' as const })),
    ...cmdlineSettings
      .filter((setting) => settings.some((candidate) => candidate.name === setting.name))
      .map((setting) => ({
        name: setting.name,
        spelled: setting.spelled,
        value: setting.value,
        kind: 'kernel_cmdline' as const,
      })),
  ];

  const raw = structuredClone(file?.raw ?? { version: 1 });
  const origins: OverrideOrigin[] = [];
  for (const override of overrides) {
    const setting = settings.find((candidate) => candidate.name === override.name);
    if (setting === undefined) throw new ZosError('INTERNAL', `unknown override ${override.name}`);
    const keys = setting.path.split('.');
    // A file whose root is not a mapping is reported by validation; overrides cannot be applied to it.
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      setAtPath(raw as Record<string, unknown>, keys, coerceOverride(setting, override.value));
    }
    origins.push({ keys, source: describeOverride(override) });
  }

  const result = validateConfig(raw, withOverrides(file?.sourceMap ?? null, origins));
  if (!result.ok) {
    const lines = result.errors.map(formatConfigError);
    const total = lines.length + result.omitted;
    if (result.omitted > 0) lines.push(describeOmitted(result.omitted));
    throw new ZosError(
      'CONFIG_INVALID',
      `invalid configuration (${total} problem(s)):\n${lines.join('\n')}`,
      {
        details: { errors: result.errors, problems: total },
      },
    );
  }
  const topologyOverride = [...overrides].reverse().find((override) => override.name === 'topology');
  const fileHasTopology =
    typeof (file?.raw as { topology?: { mode?: unknown } } | null)?.topology?.mode === 'string';
  const topologySource: ConfigSourceKind =
    topologyOverride?.kind ?? (fileHasTopology ? 'config_file' : 'default');
  const given = (raw as { topology?: { mode?: unknown } }).topology?.mode;
  const topologyAlias = typeof given === 'string' ? resolveTopologyAlias(given).alias : null;
  return {
    config: result.value,
    configPath: file?.path ?? null,
    topologySource,
    topologyAlias,
    unknownCmdlineNames,
  };
}
