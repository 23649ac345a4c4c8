// The scenario's own initrd layer: one small cpio carrying its config (image/write-initrd.ts appends it).
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { stringify } from 'yaml';
import { HarnessError } from '../errors/harness-error.ts';
import { buildCpioArchive } from '../image/layers/cpio.ts';
import type { ScenarioConfig } from '../scenario/scenario-types.ts';

/** The config file's bytes for the scenario layer (a fixture copied byte for byte, or inline TOML as YAML). */
export async function readScenarioConfig(root: string, config: ScenarioConfig): Promise<Buffer | null> {
  if (config.kind === 'none') return null;
  if (config.kind === 'inline') return Buffer.from(stringify(config.value));
  const path = isAbsolute(config.path) ? config.path : join(root, config.path);
  try {
    return await readFile(path);
  } catch (error) {
    throw new HarnessError(
      'SCENARIO_INVALID',
      `config file ${path} named by the scenario cannot be read (${(error as NodeJS.ErrnoException).code})`,
      { cause: error },
    );
  }
}

/** The scenario layer: the config at `path` (`config_path`) when there is one. Empty buffer otherwise. */
export function buildScenarioLayer(config: Buffer | null, path: string): Buffer {
  if (!config) return Buffer.alloc(0);
  return buildCpioArchive([{ type: 'file', path: path.replace(/^\/+/, ''), mode: 0o644, data: config }]);
}
