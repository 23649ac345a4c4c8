// Renders the README parts that must match the code: usage (= --help), exit codes, markers, config options.
import { listOverridableSettings, SETTINGS, toFlagName } from '../config/options.ts';
import { EXIT_CODES, EXIT_CODE_DESCRIPTIONS, type ExitClass } from '../errors/exit-codes.ts';
import { MARKER_EVENTS, type MarkerEvent } from '../log/markers.ts';
import { formatHelp } from './format-help.ts';

function formatCell(value: unknown): string {
  const text = value === null ? 'null' : Array.isArray(value) ? JSON.stringify(value) : String(value);
  return `\`${text}\``;
}

/** The `--help` text as a fenced block. */
export function renderUsageBlock(): string {
  return `\`\`\`text\n${formatHelp()}\`\`\``;
}

export function renderExitCodeTable(): string {
  const rows = (Object.keys(EXIT_CODES) as ExitClass[]).map(
    (exitClass) => `| ${EXIT_CODES[exitClass]} | ${exitClass} | ${EXIT_CODE_DESCRIPTIONS[exitClass]} |`,
  );
  return ['| exit | class | meaning |', '|---|---|---|', ...rows].join('\n');
}

export function renderMarkerTable(): string {
  const rows = (Object.keys(MARKER_EVENTS) as MarkerEvent[]).map(
    (event) => `| \`ZOSSTORAGE:${event}\` | ${MARKER_EVENTS[event]} |`,
  );
  return ['| marker | meaning |', '|---|---|', ...rows].join('\n');
}

/** Every config key with its default, override names and description. */
export function renderOptionTable(): string {
  const overridable = new Map(listOverridableSettings().map((setting) => [setting.path, setting.name]));
  const rows = SETTINGS.map((setting) => {
    const name = overridable.get(setting.path);
    const override = name === undefined ? '' : `\`--${toFlagName(name)}\`, \`zosstorage.${name}\``;
    return `| \`${setting.path}\` | ${formatCell(setting.default)} | ${override} | ${setting.description.replace(/\|/g, '\\|')} |`;
  });
  return ['| key | default | CLI / kernel cmdline | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
