import t from 'tap';
import type { Gpt, GptHeader } from '../../shared/gpt/parse-gpt.ts';
import { layoutPartitions } from '../plan/layout-partitions.ts';
import { makeConfig, makeDevice, makeGuidCounter } from '../plan/plan-fixtures.ts';
import { recognizeZosLayout } from '../safety/recognize-zos-layout.ts';
import type { DiskRole } from '../types.ts';

const MiB = 1024 * 1024;

/** The GPT the planner's partitions would make (what sfdisk writes from the plan). */
function gptOf(partitions: ReturnType<typeof layoutPartitions>): Gpt {
  const header = { diskGuid: '00000000-0000-0000-0000-000000000001' } as GptHeader;
  return {
    sectorSize: 512,
    header,
    primary: header,
    backup: header,
    problems: [],
    partitions: partitions.map((p) => ({
      number: p.number,
      name: p.name,
      typeGuid: p.typeGuid,
      guid: p.guid,
      firstLba: (p.startMiB * MiB) / 512,
      lastLba: ((p.startMiB + (p.sizeMiB ?? 0)) * MiB) / 512 - 1,
      attributes: '0',
      startBytes: p.startMiB * MiB,
      sizeBytes: (p.sizeMiB ?? 0) * MiB,
    })),
  };
}

t.test(
  'what the planner writes, the recogniser reads as the zos layout (every role, with and without BIOS boot)',
  async (t) => {
    for (const enabled of [true, false]) {
      for (const role of ['data', 'cache', 'backing'] as DiskRole[]) {
        const config = makeConfig({ boot: { bios_boot: { enabled } } });
        const partitions = layoutPartitions({
          device: makeDevice('vda'),
          role,
          boot: config.boot,
          newGuid: makeGuidCounter(),
        });
        t.same(recognizeZosLayout(gptOf(partitions)), { kind: 'zos' }, `bios_boot ${enabled}, role ${role}`);
      }
    }
  },
);

t.test(
  'a partition renamed away from the layout is no longer recognised (the readers use the same names)',
  async (t) => {
    const partitions = layoutPartitions({
      device: makeDevice('vda'),
      role: 'data',
      boot: makeConfig().boot,
      newGuid: makeGuidCounter(),
    });
    const renamed = partitions.map((p) => (p.typeCode === '8300' ? { ...p, name: 'data' as never } : p));
    t.equal(recognizeZosLayout(gptOf(renamed)).kind, 'incomplete');
  },
);
