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

/** Replaces the markdown table that starts with `header` (up to the first non-table line). */
function replaceTable(text: string, header: string, table: string): string {
  const start = text.indexOf(header);
  if (start === -1) throw new Error(`README has no table starting with "${header}"`);
  let end = start;
  while (end < text.length && text[end] === '|') {
    const newline = text.indexOf('\n', end);
    end = newline === -1 ? text.length : newline + 1;
  }
  return `${text.slice(0, start)}${table}\n${text.slice(end)}`;
}

/**
 * Brings the generated parts of README text up to date (usage block, tables, config example); the
 * prose around them is kept. `example` is fixtures/configs/valid/readme-example.yaml.
 */
export function refreshReadme(text: string, example: string): string {
  let result = text.replace(/```text\nUsage: zosstorage[\s\S]*?```/, () => renderUsageBlock());
  result = replaceTable(result, '| exit | class | meaning |', renderExitCodeTable());
  result = replaceTable(result, '| marker | meaning |', renderMarkerTable());
  result = replaceTable(result, '| key | default | CLI / kernel cmdline | meaning |', renderOptionTable());
  return result.replace(
    /(readme-example\.yaml`[\s\S]*?```yaml\n)[\s\S]*?```/,
    (_match, lead: string) => `${lead}${example}\`\`\``,
  );
}
