// Parses the command line with commander, flags built from the option table; bad usage is a USAGE error.
import { Command, CommanderError, Option } from 'commander';
import { listOverridableSettings, RUN_OPTIONS, toFlagName } from '../config/options.ts';
import { ZosError } from '../errors/zos-error.ts';

export type CliAction =
  | 'provision'
  | 'plan'
  | 'validate'
  | 'mount-existing'
  | 'report-current'
  | 'print-schema'
  | 'help'
  | 'version';

export interface CliArgs {
  action: CliAction;
  /** Which schema `--print-schema` prints. */
  schema: 'config' | 'report';
  force: boolean;
  /** `--config`, when given. */
  configPath?: string;
  /** Config overrides by option name (`topology`, `fstab`); undefined when not given. */
  overrides: Record<string, string | boolean | undefined>;
  sysfsRoot: string;
  devRoot: string;
  cmdlineFile: string;
  mountsFile: string;
  root: string;
}

function buildCommand(): Command {
  const command = new Command('zosstorage')
    .helpOption(false)
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .option('--plan')
    .option('--validate')
    .option('--mount-existing')
    .option('--report-current')
    .option('--print-schema [which]')
    .option('--force')
    .option('-V, --version')
    .option('-h, --help');
  for (const option of RUN_OPTIONS) {
    command.addOption(
      new Option(`--${option.flag} ${option.valueName ?? ''}`.trim()).default(option.default),
    );
  }
  for (const setting of listOverridableSettings()) {
    const flag = toFlagName(setting.name);
    if (setting.valueName === undefined) {
      command.addOption(new Option(`--${flag}`));
      command.addOption(new Option(`--no-${flag}`));
    } else {
      command.addOption(new Option(`--${flag} ${setting.valueName}`));
    }
  }
  return command;
}

function chooseAction(values: Record<string, unknown>): CliAction {
  if (values.help === true) return 'help';
  if (values.version === true) return 'version';
  const flags = {
    plan: 'plan',
    validate: 'validate',
    mountExisting: 'mount-existing',
    reportCurrent: 'report-current',
    printSchema: 'print-schema',
  } as const;
  const chosen = (Object.keys(flags) as (keyof typeof flags)[]).filter((key) => values[key] !== undefined);
  if (chosen.length > 1) {
    throw new ZosError(
      'USAGE',
      `${chosen.map((key) => `--${flags[key]}`).join(' and ')} are two actions: choose one of --plan, --validate, --mount-existing, --report-current, --print-schema (or none to provision); see zosstorage --help`,
    );
  }
  return chosen[0] === undefined ? 'provision' : flags[chosen[0]];
}

/**
 * What no arguments mean, the way the init starts the provisioner, read off the same option tables without
 * building commander's program (that cost ≈0.3 s of each TCG boot). A test holds it equal to commander's result.
 */
function parseNoArguments(): CliArgs {
  const defaults = new Map(RUN_OPTIONS.map((option) => [option.flag, option.default]));
  const text = (flag: string): string => String(defaults.get(flag));
  return {
    action: 'provision',
    schema: 'config',
    force: false,
    configPath: undefined,
    overrides: Object.fromEntries(listOverridableSettings().map((setting) => [setting.name, undefined])),
    sysfsRoot: text('sysfs-root'),
    devRoot: text('dev-root'),
    cmdlineFile: text('cmdline-file'),
    mountsFile: text('mounts-file'),
    root: text('root'),
  };
}

/** Parses `argv` (without node and script); throws ZosError USAGE with commander's sentence. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  return argv.length === 0 ? parseNoArguments() : parseWithCommander(argv);
}

/** parseCliArgs through commander, whatever `argv` is (exported for the test that pins the fast path to it). */
export function parseWithCommander(argv: readonly string[]): CliArgs {
  const command = buildCommand();
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      throw new ZosError('USAGE', `${error.message.replace(/^error: /, '')}; see zosstorage --help`, {
        cause: error,
      });
    }
    throw error;
  }
  const values = command.opts<Record<string, unknown>>();
  const schema =
    values.printSchema === undefined || values.printSchema === true ? 'config' : values.printSchema;
  if (schema !== 'config' && schema !== 'report') {
    throw new ZosError('USAGE', `--print-schema takes "config" or "report", not "${String(schema)}"`);
  }
  const overrides = Object.fromEntries(
    listOverridableSettings().map((setting) => {
      const attribute = new Option(`--${toFlagName(setting.name)}`).attributeName();
      return [setting.name, values[attribute] as string | boolean | undefined];
    }),
  );
  const text = (name: string): string => values[new Option(`--${name}`).attributeName()] as string;
  return {
    action: chooseAction(values),
    schema,
    force: values.force === true,
    configPath: command.getOptionValueSource('config') === 'cli' ? text('config') : undefined,
    overrides,
    sysfsRoot: text('sysfs-root'),
    devRoot: text('dev-root'),
    cmdlineFile: text('cmdline-file'),
    mountsFile: text('mounts-file'),
    root: text('root'),
  };
}
