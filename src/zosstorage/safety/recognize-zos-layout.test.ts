import t from 'tap';
import type { Gpt, GptHeader, GptPartition } from '../../shared/gpt/parse-gpt.ts';
import { GPT_TYPE_GUIDS } from '../../shared/gpt/gpt-type-guids.ts';
import { isExplainedByZosLayout, recognizeZosLayout } from './recognize-zos-layout.ts';

const MiB = 1024 * 1024;
const header = { diskGuid: 'aaaaaaaa-0000-4000-8000-000000000001' } as GptHeader;

function part(
  number: number,
  name: string,
  code: keyof typeof GPT_TYPE_GUIDS,
  startMiB: number,
): GptPartition {
  return {
    number,
    name,
    typeGuid: GPT_TYPE_GUIDS[code],
    guid: `0000000${number}-0000-4000-8000-000000000000`,
    firstLba: startMiB * 2048,
    lastLba: startMiB * 2048 + 2047,
    attributes: '0000000000000000',
    startBytes: startMiB * MiB,
    sizeBytes: MiB,
  };
}

function gpt(partitions: GptPartition[], problems: string[] = []): Gpt {
  return { sectorSize: 512, header, primary: header, backup: header, partitions, problems };
}

const FULL = [part(1, 'zosboot', 'EF02', 1), part(2, 'zosboot', 'EF00', 2), part(3, 'zosdata', '8300', 514)];

t.test('the full layout and the layout without BIOS boot are ours', async (t) => {
  t.same(recognizeZosLayout(gpt(FULL)), { kind: 'zos' });
  t.same(recognizeZosLayout(gpt([part(1, 'zosboot', 'EF00', 1), part(2, 'zoscache', '8300', 513)])), {
    kind: 'zos',
  });
});

t.test('no zos partition at all is foreign', async (t) => {
  t.same(recognizeZosLayout(gpt([part(1, 'EFI', 'EF00', 1)])), {
    kind: 'foreign',
    reason: 'GPT that is not the zos layout: 1 "EFI" (type c12a7328-f81f-11d2-ba4b-00a0c93ec93b, at 1048576)',
  });
  t.same(recognizeZosLayout(gpt([])), {
    kind: 'foreign',
    reason: 'GPT that is not the zos layout: no partitions',
  });
});

t.test('missing, doubled, misordered or damaged is incomplete', async (t) => {
  t.match(recognizeZosLayout(gpt(FULL.slice(0, 2))), {
    kind: 'incomplete',
    reason: /0 zosdata\/zoscache partitions instead of 1/,
  });
  t.match(recognizeZosLayout(gpt([...FULL, part(4, 'zosboot', 'EF00', 600)])), {
    reason: /2 ESPs instead of 1/,
  });
  t.match(
    recognizeZosLayout(
      gpt([part(1, 'zosboot', 'EF00', 1), part(2, 'zosboot', 'EF02', 600), FULL[2] as GptPartition]),
    ),
    {
      reason: /not in the order BIOS boot, ESP, data/,
    },
  );
  t.match(recognizeZosLayout(gpt([part(1, 'zosdata', 'EF00', 1), ...FULL.slice(1)])), {
    reason: /partition 1 "zosdata" .* is not part of the zos layout/,
  });
  t.match(recognizeZosLayout(gpt(FULL, ['backup GPT header at LBA 9: header CRC32 does not match'])), {
    kind: 'incomplete',
    reason: /header CRC32 does not match/,
  });
});

/** A zos disk whose ESP sits at 2 MiB; sysfs agrees with the GPT and nothing is mounted. */
const context = {
  sysfsPartitionsMatchGpt: true,
  partitionsMounted: false,
  partitions: [{ startBytes: 2 * MiB, sizeBytes: 512 * MiB }],
};

t.test('which findings the layout explains', async (t) => {
  const finding = (kind: string) => ({ kind, description: kind, offset: null });
  for (const kind of [
    'mbr',
    'protective-mbr',
    'gpt-primary',
    'gpt-backup',
    'non-zero-head',
    'non-zero-tail',
    'wipefs:gpt',
    'wipefs:PMBR',
    'partition',
    'mounted-partition',
  ]) {
    t.ok(isExplainedByZosLayout(finding(kind), context), kind);
  }
  for (const kind of [
    'mounted',
    'holder',
    'btrfs',
    'wipefs:ext4',
    'wipefs:dos',
    'busy',
    'zos-gap-not-zero',
    'mbr-partition',
  ]) {
    t.notOk(isExplainedByZosLayout(finding(kind), context), kind);
  }
  t.notOk(isExplainedByZosLayout(finding('partition'), { ...context, sysfsPartitionsMatchGpt: false }));
  t.ok(isExplainedByZosLayout(finding('busy'), { ...context, partitionsMounted: true }));
});

t.test("a format structure our probes find inside a zos partition is that partition's content", async (t) => {
  const fat = (offset: number) => ({
    kind: 'vfat',
    format: 'FAT32',
    copy: 'boot sector',
    description: 'x',
    offset,
  });
  t.ok(isExplainedByZosLayout(fat(2 * MiB), context), 'the ESP at its start');
  t.ok(isExplainedByZosLayout(fat(514 * MiB - 1), context), 'the last byte of the ESP');
  t.notOk(isExplainedByZosLayout(fat(514 * MiB), context), 'just past the ESP');
  t.notOk(isExplainedByZosLayout(fat(MiB), context), 'in the gap before the first partition');
  t.notOk(
    isExplainedByZosLayout({ kind: 'btrfs', description: 'x', offset: 3 * MiB }, context),
    'a finding without a recognised copy (blkid, wipefs) is never explained by its offset',
  );
});
