// Parses a command line with commander, flags built from the option table; bad usage is a USAGE error.
import { Command, CommanderError, Option } from 'commander';
import { listOverridableSettings, RUN_OPTIONS, toFlagName } from '../config/options.ts';
import { ZosError } from '../errors/zos-error.ts';
import type { CliAction, CliArgs } from './parse-cli-args.ts';

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

/** The command line through commander, whatever `argv` is (parseCliArgs's path for any argument; a test pins the no-argument path to it). */
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
