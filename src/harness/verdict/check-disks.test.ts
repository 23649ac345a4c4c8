import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiskExpectation, FilesystemExpectation } from '../scenario/scenario-types.ts';
import type { Inspection } from '../inspect/inspection-types.ts';
import { checkDisks } from './check-disks.ts';
import { compareLayouts } from './compare-layouts.ts';

const base = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../../../fixtures/serial-logs/single-vda-boot1.inspection.json'),
    'utf8',
  ),
) as Inspection;
/** A disk expectation that expects nothing but what `over` sets. */
const disk = (over: Partial<DiskExpectation>): DiskExpectation => ({
  unchanged: false,
  partitions: null,
  alignedMiB: false,
  gptValid: false,
  device: null,
  transport: null,
  rotational: null,
  ...over,
});
const fs = (over: Partial<FilesystemExpectation>): FilesystemExpectation => ({
  type: 'btrfs',
  label: 'ZOSDATA',
  devices: null,
  disks: null,
  dataProfile: null,
  metadataProfile: null,
  replicas: null,
  foregroundTarget: null,
  backgroundTarget: null,
  promoteTarget: null,
  ...over,
});

t.test('filesystem expectations: count, members, profiles', async (t) => {
  t.same(
    checkDisks({}, [fs({ devices: 1, disks: ['vda'], dataProfile: 'single', metadataProfile: 'dup' })], base),
    [],
  );
  const raid = checkDisks({}, [fs({ devices: 2, dataProfile: 'raid1' })], base);
  t.match(raid, [
    /1 member partitions found, expected 2/,
    /superblock says 1 devices, expected 2/,
    /data profile is single, expected raid1/,
  ]);
  t.match(checkDisks({}, [fs({}), fs({})], base), [
    /expected 2 data filesystem\(s\), found 1/,
    /no btrfs filesystem labelled ZOSDATA was found/,
  ]);
  t.match(checkDisks({}, [], base), [/expected 0 data filesystem\(s\), found 1: btrfs ZOSDATA .* on vdap3/]);
  t.match(checkDisks({}, [fs({ type: 'bcachefs' })], base), [/no bcachefs filesystem labelled ZOSDATA/]);
});

t.test('a bcachefs that was never mounted fails, its skipped fsck does not count as a pass', async (t) => {
  const inspection = structuredClone(base);
  const found = inspection.filesystems[0];
  if (!found) throw new Error('fixture');
  found.type = 'bcachefs';
  found.initialized = false;
  found.check = { tool: 'bcachefs fsck -n', ok: true, skipped: 'never mounted', output: '' };
  t.match(checkDisks({}, [fs({ type: 'bcachefs' })], inspection), [
    /bcachefs ZOSDATA .*: never mounted: formatted with --no_initialize but the provisioner did not initialise it/,
  ]);
  found.initialized = true;
  t.same(checkDisks({}, [fs({ type: 'bcachefs' })], inspection), []);
});

t.test('disk expectations: unchanged, alignment, partition count, GPT health', async (t) => {
  const broken = structuredClone(base);
  broken.unchanged = { vda: { identical: false, difference: 'Content mismatch at offset 512!' } };
  const first = broken.disks[0];
  if (!first?.gpt || !first.partitions[2]) throw new Error('fixture');
  first.partitions[2].startBytes += 4096;
  first.gpt.problems = ['no backup GPT header at the end of the disk (LBA 83886079)'];
  const failures = checkDisks(
    {
      vda: disk({ unchanged: true, partitions: [], alignedMiB: true, gptValid: true }),
    },
    null,
    broken,
  );
  t.match(failures, [
    /disk vda: expected byte-for-byte unchanged, but it changed \(Content mismatch at offset 512!\)/,
    /disk vda: GPT is not healthy: no backup GPT header/,
    /disk vda partition 3: not 1 MiB aligned/,
    /disk vda: expected 0 partitions, found 3/,
  ]);
  t.match(checkDisks({ vdz: disk({}) }, null, base), [/disk vdz: not inspected/]);
  t.match(checkDisks({ vda: disk({ unchanged: true }) }, null, base), [/no comparison was made/]);
});

t.test('layout comparison between boots', async (t) => {
  t.same(compareLayouts(base, structuredClone(base)), []);
  const changed = structuredClone(base);
  if (changed.disks[0]?.gpt) changed.disks[0].gpt.diskGuid = '00000000-0000-0000-0000-000000000001';
  changed.filesystems = [];
  t.match(compareLayouts(base, changed), [
    /disk vda: disk GUID changed from .* to 00000000-0000-0000-0000-000000000001/,
    /data filesystems changed from \[btrfs:.*\] to \[\]/,
  ]);
});
