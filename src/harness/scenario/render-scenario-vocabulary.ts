// What a scenario may say, as Markdown for docs/add-a-scenario.md: topologies, verdicts, error codes, markers and
// their fields, and every key of every table with its accepted values, all from the source tables.
import { ERROR_CODES, exitCodeOfError } from '../../zosstorage/errors/zos-error.ts';
import { TOPOLOGY_ALIASES, TOPOLOGY_NAMES } from '../../zosstorage/layout/topologies.ts';
import { MARKER_EVENTS } from '../../zosstorage/log/markers.ts';
import { INIT_MARKERS } from '../guest-protocol.ts';
import { SCENARIO_KEY_DOCS, type ScenarioTableName } from './scenario-key-docs.ts';
import { SCENARIO_SCHEMA } from './scenario-schema.ts';

interface Node {
  type?: string | readonly string[];
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  fix?: string;
  items?: Node;
  anyOf?: readonly Node[];
  properties?: Record<string, Node>;
  additionalProperties?: boolean | Node;
}

const ROOT = SCENARIO_SCHEMA as unknown as Node;
const prop = (node: Node | undefined, key: string): Node | undefined => node?.properties?.[key];
const disk = prop(ROOT, 'disks')?.items;
const boot = prop(ROOT, 'boots')?.items;
const diskExpectation = prop(boot, 'disks')?.additionalProperties as Node | undefined;

/** The schema table each documented table is. */
export const SCENARIO_TABLES: Record<ScenarioTableName, Node | undefined> = {
  '(file)': ROOT,
  '[[disks]]': disk,
  'preseed step': prop(disk, 'preseed')?.items,
  blkdebug: prop(disk, 'blkdebug')?.anyOf?.[0],
  '[[boots]]': boot,
  '[boots.disks.<id>]': diskExpectation,
  partition: prop(diskExpectation, 'partitions')?.items,
  '[[boots.filesystems]]': prop(boot, 'filesystems')?.items,
};

/** The keys the schema gives a documented table. */
export function listSchemaKeys(table: ScenarioTableName): string[] {
  return Object.keys(SCENARIO_TABLES[table]?.properties ?? {});
}

function describeValue(node: Node): string {
  if (node.enum) return node.enum.map((value) => `\`${JSON.stringify(value)}\``).join(', ');
  const types = [node.type ?? 'table'].flat();
  if (types.includes('integer') && types.includes('string')) return 'a size (`"40G"`) or bytes';
  if (types.includes('string') && types.includes('object')) return 'a file path or an inline table';
  if (types.includes('integer')) {
    const range =
      node.minimum !== undefined && node.maximum !== undefined
        ? ` ${node.minimum}–${node.maximum}`
        : node.minimum !== undefined
          ? ` ≥ ${node.minimum}`
          : '';
    return `whole number${range}`;
  }
  if (types.includes('boolean')) return '`true`, `false`';
  if (types.includes('array')) {
    const item = node.items ?? {};
    return item.properties ? 'list of tables' : `list of ${describeValue(item)}`;
  }
  if (types.includes('object')) return 'table';
  if (node.fix) return node.fix.replace(/^write /, '');
  return 'text';
}

function renderTable(table: ScenarioTableName): string {
  const node = SCENARIO_TABLES[table];
  const docs = SCENARIO_KEY_DOCS[table] as Record<string, string>;
  const rows = Object.entries(node?.properties ?? {}).map(([key, child]) => {
    const value = child.anyOf ? 'one table or a list of tables' : describeValue(child);
    return `| \`${key}\` | ${value.replace(/\|/g, '\\|')} | ${docs[key] ?? ''} |`;
  });
  return [`**${table}**`, '', '| key | value | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** The generated section of docs/add-a-scenario.md. */
export function renderScenarioVocabulary(): string {
  const aliases = Object.entries(TOPOLOGY_ALIASES).map(([alias, name]) => `\`${alias}\` (= \`${name}\`)`);
  const parts = [
    `**Topologies** (\`topology\`, \`topology.mode\`): ${TOPOLOGY_NAMES.map((n) => `\`${n}\``).join(', ')}; in a config also \`auto\` and the zos tool's names ${aliases.join(', ')}.`,
    '',
    '**Error codes** (`error_code`, with the `exit_code` each ends with):',
    ERROR_CODES.map((code) => `\`${code}\` ${exitCodeOfError(code)}`).join(', ') + '.',
    '',
    "**The provisioner's markers** (`ZOSSTORAGE:<EVENT> key=value…`; match a whole line with text, or part of it, or a `/regex/`):",
    '',
    '| marker | when, and its fields |',
    '|---|---|',
    ...Object.entries(MARKER_EVENTS).map(
      ([event, text]) => `| \`ZOSSTORAGE:${event}\` | ${text.replace(/\|/g, '\\|')} |`,
    ),
    '',
    `**The guest init's markers**: ${Object.values(INIT_MARKERS)
      .map((m) => `\`${m}\``)
      .join(', ')} (docs/scenarios.md, "How a boot runs").`,
    '',
    ...(Object.keys(SCENARIO_KEY_DOCS) as ScenarioTableName[]).flatMap((table) => [renderTable(table), '']),
  ];
  return parts.join('\n').trim();
}
