// Renders `--help` from the option table (the usage block of docs/provisioner.md is this text, checked by a test).
import { EXIT_CODES, EXIT_CODE_DESCRIPTIONS, type ExitClass } from '../errors/exit-codes.ts';
import { ACTIONS, listOverridableSettings, RUN_OPTIONS, toFlagName } from '../config/options.ts';

const COLUMN = 32;
const WIDTH = 100;

/** Word-wraps `text` to the description column's width. */
function wrapWords(text: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && COLUMN + current.length + 1 + word.length > WIDTH) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  return [...lines, current];
}

/** `  --flag <value>    description` with continuation lines indented to the description column. */
function formatRow(left: string, ...descriptions: string[]): string {
  const padded = `  ${left}`;
  const body = descriptions.flatMap(wrapWords);
  const first = padded.length < COLUMN ? [`${padded.padEnd(COLUMN)}${body.shift() ?? ''}`] : [padded];
  return [...first, ...body.map((line) => `${''.padEnd(COLUMN)}${line}`)].join('\n');
}

function formatDefault(value: unknown): string {
  return value === null ? 'none' : String(value);
}

/** The full `--help` text, ending with a newline. */
export function formatHelp(): string {
  const lines: string[] = [
    'Usage: zosstorage [options]',
    '',
    'First-boot disk provisioner: proves the disks are empty, lays out GPT partitions, creates',
    'btrfs or bcachefs filesystems, mounts them and writes a JSON state report. Without an action',
    'it provisions; on disks that already carry the zos layout it writes nothing and exits 0.',
    '',
    'Actions:',
    ...ACTIONS.map((action) => formatRow(action.flags, action.description)),
    '',
    'Options:',
    ...RUN_OPTIONS.map((option) =>
      formatRow(
        `--${option.flag}${option.valueName === undefined ? '' : ` ${option.valueName}`}`,
        option.description,
        `(default ${option.default})`,
      ),
    ),
    '',
    'Config overrides (beat the config file; zosstorage.<name>=<value> on the kernel command line',
    'beats them; booleans take 1/0/true/false there):',
    ...listOverridableSettings().map((setting) => {
      const flag = toFlagName(setting.name);
      const left = setting.valueName === undefined ? `--[no-]${flag}` : `--${flag} ${setting.valueName}`;
      return formatRow(
        left,
        setting.description,
        `(${setting.path}, zosstorage.${setting.name}, default ${formatDefault(setting.default)})`,
      );
    }),
    '',
    'Kernel command line only: zosstorage.config=<path> (beats --config), zosstorage.force=1 (as --force).',
    '',
    'Exit codes:',
    ...(Object.keys(EXIT_CODES) as ExitClass[]).map(
      (exitClass) => `  ${String(EXIT_CODES[exitClass]).padEnd(3)}${EXIT_CODE_DESCRIPTIONS[exitClass]}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
