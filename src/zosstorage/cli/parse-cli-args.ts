// Parses the command line: no arguments (how the init starts the provisioner) from the option table; anything else
// with commander (parse-with-commander.ts), which is loaded only then.
import { listOverridableSettings, RUN_OPTIONS } from '../config/options.ts';

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

/**
 * Parses `argv` (without node and script); throws ZosError USAGE with commander's sentence. Commander (its module
 * and the bundle's embedded copy of the package) is loaded only when there are arguments.
 */
export async function parseCliArgs(argv: readonly string[]): Promise<CliArgs> {
  if (argv.length === 0) return parseNoArguments();
  const { parseWithCommander } = await import('./parse-with-commander.ts');
  return parseWithCommander(argv);
}
