// Writes the boot's initrd: the image's cpio layers followed by one small layer carrying the scenario's config.
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'yaml';
import { HarnessError } from '../errors/harness-error.ts';
import { buildCpioArchive } from '../image/cpio.ts';
import { SCENARIO_CONFIG_PATH } from '../qemu/build-kernel-cmdline.ts';
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

/** The scenario layer: `/etc/zosstorage/scenario.yaml` when there is a config. Empty buffer otherwise. */
export function buildScenarioLayer(config: Buffer | null): Buffer {
  if (!config) return Buffer.alloc(0);
  return buildCpioArchive([{ type: 'file', path: SCENARIO_CONFIG_PATH, mode: 0o644, data: config }]);
}

/**
 * Concatenates the image layers and the scenario layer into `out`. Each archive starts 4-byte aligned (the
 * kernel skips zero padding between concatenated archives).
 */
export async function writeScenarioInitrd(
  layers: readonly string[],
  scenarioLayer: Buffer,
  out: string,
): Promise<void> {
  const sink = createWriteStream(out);
  let written = 0;
  for (const layer of layers) {
    const source = createReadStream(layer);
    source.on('data', (chunk) => (written += chunk.length));
    await pipeline(source, sink, { end: false });
    const pad = (4 - (written % 4)) % 4;
    if (pad > 0) {
      sink.write(Buffer.alloc(pad));
      written += pad;
    }
  }
  sink.end(scenarioLayer);
  await new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
  });
}
