// A disk without a partition table may still hold partitions: `sgdisk --zap-all`, `wipefs -a`, a `dd` over the
// first MiBs remove the table, not what its partitions hold. This finds what is left: a removed table's own entries
// (GPT entry arrays without their headers, MBR entries without the boot signature, logical partitions' EBRs), and
// the structures where partitions started: at each entry, in the first MiBs, at the likely starts of common layouts,
// and where each structure found ends (the next partition of a packed layout). Reads only; bounded (docs/provisioner.md).
import { parseGptEntries, type GptPartition } from '../../shared/gpt/parse-gpt.ts';
import { formatSize } from '../../shared/format/format-size.ts';
import type { Evidence } from './disk-state.ts';
import { firstNonZeroIndex } from './find-non-zero-edges.ts';
import { formatOffset } from './format-offset.ts';
import type { ByteReader } from './open-device-reader.ts';
import { listCopyCandidates, probeCandidates, type ProbeBase } from './probe-superblocks.ts';
import { HEAD_BYTES, readStructureSize } from './read-structure-size.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Every MiB from 1 MiB to this one is a likely start: first and boot partitions, and a quick-wiped format's
 * structures just after its first MiB (an exFAT's FAT, LUKS key slots, an F2FS checkpoint). */
export const DENSE_STARTS_MIB = 16;

/**
 * Where the later partitions of common layouts start (MiB): each one read once (its first 68 KiB). A packed layout
 * is followed from its first partition on anyway (where each structure ends); these catch a layout whose first
 * partitions were zeroed or hold nothing recognisable (a BIOS boot partition, a Windows MSR).
 */
export const LAYOUT_STARTS: readonly { mib: number; layout: string }[] = [
  { mib: 101, layout: 'Windows after a 100 MiB System Reserved or ESP' },
  { mib: 117, layout: 'Windows after a 100 MiB ESP and a 16 MiB MSR' },
  { mib: 129, layout: 'Windows after a 128 MiB MSR' },
  { mib: 201, layout: 'after a 200 MiB ESP' },
  { mib: 257, layout: 'after a 256 MiB ESP' },
  { mib: 277, layout: 'Windows after a 260 MiB ESP and a 16 MiB MSR' },
  { mib: 301, layout: 'after a 300 MiB ESP' },
  { mib: 351, layout: 'Windows after a 350 MiB System Reserved' },
  { mib: 501, layout: 'Windows after a 500 MiB System Reserved' },
  { mib: 513, layout: 'after a 512 MiB ESP (Debian, Ubuntu, SUSE, zosstorage without BIOS boot)' },
  { mib: 514, layout: 'zosstorage: the data partition after BIOS boot and a 512 MiB ESP' },
  { mib: 551, layout: 'Windows after a 550 MiB System Reserved' },
  { mib: 567, layout: 'Windows after a 450 MiB recovery, a 100 MiB ESP and a 16 MiB MSR' },
  { mib: 601, layout: 'Fedora and RHEL after a 600 MiB ESP' },
  { mib: 1025, layout: 'after a 1 GiB ESP or /boot (Ubuntu server, Proxmox)' },
  { mib: 1026, layout: 'zosstorage after BIOS boot and a 1 GiB ESP' },
  { mib: 1537, layout: 'after a 512 MiB ESP and a 1 GiB /boot' },
  { mib: 1625, layout: 'Fedora and RHEL after a 600 MiB ESP and a 1 GiB /boot' },
  { mib: 2049, layout: 'after a 2 GiB /boot or swap' },
  { mib: 3073, layout: 'Ubuntu server after a 1 GiB ESP and a 2 GiB /boot' },
];

/** At most this many structures' ends are followed to the next partition (a refused disk's evidence, bounded). */
const MAX_FOLLOWED = 64;
/** At most this many logical partitions of an MBR's extended partition are followed. */
const MAX_LOGICAL = 64;
/** A removed table's entries listed in one piece of evidence. */
const MAX_LISTED = 8;

const alignUp = (value: number, to: number): number => Math.ceil(value / to) * to;
const at = (offset: number): string => (offset % MiB === 0 ? `${offset / MiB} MiB` : formatOffset(offset));

interface Remnants {
  evidence: Evidence[];
  bases: ProbeBase[];
}

/**
 * What a removed partition table left: call it only on a disk with no partition table (no MBR boot signature, no
 * GPT header) and no whole-disk structure. `known` is what the other probes found already (not reported twice).
 */
export async function findFormerPartitions(
  read: ByteReader,
  diskBytes: number,
  logicalSectorSize: number,
  known: readonly Evidence[],
): Promise<Evidence[]> {
  const remnants = await readTableRemnants(read, diskBytes, logicalSectorSize);
  const evidence: Evidence[] = [...remnants.evidence];
  const queue: ProbeBase[] = [...remnants.bases, ...listLikelyBases(diskBytes)];
  const reported = new Set(known.map((finding) => finding.offset));
  // What a removed entry or a found structure covers: a likely start inside it is its content, not a partition.
  const containers = remnants.bases.map((base) => ({
    start: base.offset,
    end: base.offset + (base.sizeBytes ?? 0),
  }));
  const inside = (offset: number): boolean =>
    containers.some((container) => offset > container.start && offset < container.end);
  let followed = 0;
  for (let base = queue.shift(); base !== undefined; base = queue.shift()) {
    const fromTable = remnants.bases.includes(base);
    if (!fromTable && inside(base.offset)) continue;
    const head = await read(base.offset, Math.min(HEAD_BYTES, diskBytes - base.offset));
    // An empty disk reads zeros everywhere: one native compare, not a hundred matchers run by V8's interpreter.
    if (base.depth === 'head' && firstNonZeroIndex(head) === -1) continue;
    const inHead = (finding: Evidence): boolean =>
      finding.offset !== null && finding.offset >= base.offset && finding.offset < base.offset + HEAD_BYTES;
    // 63 sectors and 1 MiB had every probe already (probe-superblocks.ts); the rest get the start-anchored ones.
    const before = known.filter((finding) => finding.containerStart === base.offset);
    const found = before.length > 0 ? [] : matchHead(head, base, diskBytes);
    const size = [...before, ...found]
      .map((finding) => readStructureSize(finding.kind, head, diskBytes - base.offset))
      .find((bytes) => bytes !== null);
    const sized: ProbeBase = { ...base, sizeBytes: base.sizeBytes ?? size ?? null };
    if (base.depth === 'full' && found.length > 0) {
      const deeper = listCopyCandidates(diskBytes, [sized]).filter(
        ({ candidate }) => candidate.offset + candidate.length > HEAD_BYTES,
      );
      found.push(...(await probeCandidates(read, deeper)));
    }
    const fresh = found.filter((finding) => !reported.has(finding.offset));
    fresh.forEach((finding) => reported.add(finding.offset));
    evidence.push(...fresh);
    if (found.length === 0 && !known.some(inHead)) {
      const data = findDataInWindow(head, base.offset, diskBytes);
      if (data !== null) evidence.push(describeData(data, base));
    }
    if (size === undefined || size === null) continue;
    containers.push({ start: base.offset, end: base.offset + size });
    // The next partition of a packed layout starts where this one ends (on the next MiB): probed with every copy.
    const end = alignUp(base.offset + size, MiB);
    if (end >= diskBytes - MiB || followed >= MAX_FOLLOWED) continue;
    followed += 1;
    const next: ProbeBase = {
      offset: end,
      sizeBytes: null,
      why: `where the ${[...before, ...found][0]?.format ?? 'structure'} at ${at(base.offset)} ends`,
      depth: 'full',
    };
    // A removed entry at the same place says more (its number, name and size); a likely start there says less.
    if (remnants.bases.some((other) => other.offset === end)) continue;
    const waiting = queue.findIndex((other) => other.offset === end);
    if (waiting !== -1) queue.splice(waiting, 1);
    queue.unshift(next);
  }
  // A protective MBR's remnant says only that a GPT was there: after what the GPT's partitions hold.
  const protective = (finding: Evidence): boolean =>
    finding.kind === 'mbr-entries' && finding.format === 'GPT';
  return [...evidence.filter((finding) => !protective(finding)), ...evidence.filter(protective)];
}

/** Every MiB of the first DENSE_STARTS_MIB, then the likely starts of common layouts, that fit the disk. */
function listLikelyBases(diskBytes: number): ProbeBase[] {
  const dense = Array.from({ length: DENSE_STARTS_MIB }, (_, index) => ({
    mib: index + 1,
    why: `where a partition would start (every MiB of the first ${DENSE_STARTS_MIB} MiB is probed)`,
  }));
  const layouts = LAYOUT_STARTS.map(({ mib, layout }) => ({
    mib,
    why: `where a partition starts in a common layout (${layout})`,
  }));
  return [...dense, ...layouts]
    .filter(({ mib }) => (mib + 1) * MiB <= diskBytes - MiB)
    .map(({ mib, why }) => ({ offset: mib * MiB, sizeBytes: null, why, depth: 'head' as const }));
}

/** The start-anchored structures in the bytes read at a base (up to HEAD_BYTES), matched without another read. */
export function matchHead(head: Buffer, base: ProbeBase, diskBytes: number): Evidence[] {
  const candidates = listCopyCandidates(diskBytes, [{ ...base, depth: 'head' }]);
  const evidence: Evidence[] = [];
  for (const { kind, candidate } of candidates) {
    if (candidate.offset + candidate.length > head.length) continue;
    const bytes = head.subarray(candidate.offset, candidate.offset + candidate.length);
    const found = candidate.match(bytes, candidate.offset);
    if (found === null) continue;
    const { format, copy } = typeof found === 'string' ? { format: found, copy: candidate.copy } : found;
    const offset = base.offset + candidate.offset;
    evidence.push({
      kind,
      format,
      copy,
      description: `${format} ${copy} at offset ${formatOffset(offset)} (of a ${format} that starts at ${formatOffset(base.offset)}, ${base.why})`,
      offset,
      containerStart: base.offset,
    });
  }
  return evidence;
}

/** The first non-zero byte of a head window outside the first and last MiB (the edges rule's own ground), or null. */
function findDataInWindow(head: Buffer, offset: number, diskBytes: number): number | null {
  const from = Math.max(0, MiB - offset);
  const to = Math.min(head.length, diskBytes - MiB - offset);
  if (to <= from) return null;
  const index = firstNonZeroIndex(head.subarray(from, to));
  return index === -1 ? null : offset + from + index;
}

function describeData(offset: number, base: ProbeBase): Evidence {
  return {
    kind: 'former-partition-data',
    description:
      `data at offset ${formatOffset(offset)}, ${base.why}: no known format recognised there, ` +
      'but the disk is not blank where a removed partition may have started',
    offset,
    containerStart: base.offset,
  };
}

/**
 * The entries a removed table left: GPT entry arrays whose headers are gone (`wipefs -a` erases only the `EFI PART`
 * magics), at LBA 2 and before the last LBA, for the disk's sector size and the other common one; MBR entries whose
 * boot signature is gone, with the logical partitions of an extended one. Each entry becomes a `full` base.
 */
async function readTableRemnants(
  read: ByteReader,
  diskBytes: number,
  logicalSectorSize: number,
): Promise<Remnants> {
  const evidence: Evidence[] = [];
  const bases: ProbeBase[] = [];
  if (diskBytes < 64 * KiB) return { evidence, bases };
  const head = await read(0, 24 * KiB);
  const tail = await read(diskBytes - 20 * KiB, 20 * KiB);
  const sectorSizes = [...new Set([logicalSectorSize, 512, 4096])];
  for (const [copy, bytesFor] of [
    ['primary', (sector: number) => head.subarray(2 * sector, 2 * sector + 16 * KiB)],
    ['backup', (sector: number) => tail.subarray(tail.length - sector - 16 * KiB, tail.length - sector)],
  ] as const) {
    for (const sector of sectorSizes) {
      const entries = parseGptEntries(Buffer.from(bytesFor(sector)), 128, 128, sector).filter((entry) =>
        isPlausible(entry.startBytes, entry.sizeBytes, diskBytes),
      );
      if (entries.length === 0) continue;
      const offset = copy === 'primary' ? 2 * sector : diskBytes - sector - 16 * KiB;
      const same = entries.every((entry) => bases.some((base) => base.offset === entry.startBytes));
      if (copy === 'backup' && same) break;
      evidence.push(describeGptEntries(entries, copy, offset, sector));
      for (const entry of entries) {
        if (bases.some((base) => base.offset === entry.startBytes)) continue;
        bases.push({
          offset: entry.startBytes,
          sizeBytes: entry.sizeBytes,
          why: `where the removed GPT's partition ${entry.number}${entry.name ? ` "${entry.name}"` : ''} started`,
          depth: 'full',
        });
      }
      break;
    }
  }
  const mbr = await readMbrRemnants(read, head.subarray(0, 512), diskBytes);
  evidence.push(...mbr.evidence);
  for (const base of mbr.bases) if (!bases.some((other) => other.offset === base.offset)) bases.push(base);
  return { evidence, bases };
}

function isPlausible(startBytes: number, sizeBytes: number, diskBytes: number): boolean {
  return startBytes > 0 && sizeBytes > 0 && startBytes + sizeBytes <= diskBytes;
}

function describeGptEntries(
  entries: GptPartition[],
  copy: 'primary' | 'backup',
  offset: number,
  sector: number,
): Evidence {
  const listed = entries
    .slice(0, MAX_LISTED)
    .map(
      (entry) =>
        `${entry.number}${entry.name ? ` "${entry.name}"` : ''} at ${at(entry.startBytes)} (${formatSize(entry.sizeBytes)})`,
    );
  const more = entries.length > MAX_LISTED ? ` and ${entries.length - MAX_LISTED} more` : '';
  return {
    kind: 'gpt-entries',
    format: 'GPT',
    copy: `${copy} partition entry array without its header`,
    description:
      `GPT partition entries without a GPT header at offset ${formatOffset(offset)} (${copy} entry array, ` +
      `${sector}-byte sectors): ${entries.length} partition(s): ${listed.join(', ')}${more}; ` +
      'the partition table was removed but its partitions were not',
    offset,
  };
}

interface MbrEntry {
  index: number;
  type: number;
  startBytes: number;
  sizeBytes: number;
}

function parseMbrEntries(sector: Buffer, relativeTo: number, diskBytes: number): MbrEntry[] {
  const entries: MbrEntry[] = [];
  for (let index = 0; index < 4 && sector.length >= 512; index += 1) {
    const entry = 446 + index * 16;
    const type = sector[entry + 4] as number;
    const startBytes = relativeTo + sector.readUInt32LE(entry + 8) * 512;
    // A protective MBR (0xEE) covers the whole disk, or 2^32-1 sectors of a larger one.
    const sizeBytes = type === 0xee ? diskBytes - startBytes : sector.readUInt32LE(entry + 12) * 512;
    if (type === 0 || !isPlausible(startBytes, sizeBytes, diskBytes)) continue;
    entries.push({ index: index + 1, type, startBytes, sizeBytes });
  }
  return entries;
}

const EXTENDED_TYPES = new Set([0x05, 0x0f, 0x85]);
const hex = (type: number): string => `0x${type.toString(16).padStart(2, '0').toUpperCase()}`;

/** MBR entries without the boot signature (a signed MBR is a live table, found by probe-partition-tables.ts). */
async function readMbrRemnants(read: ByteReader, sector: Buffer, diskBytes: number): Promise<Remnants> {
  const signed = sector[510] === 0x55 && sector[511] === 0xaa;
  const entries = signed ? [] : parseMbrEntries(sector, 0, diskBytes);
  if (entries.length === 0) return { evidence: [], bases: [] };
  const bases: ProbeBase[] = [];
  const described: string[] = [];
  for (const entry of entries) {
    described.push(
      `${entry.index} type ${hex(entry.type)} at ${at(entry.startBytes)} (${formatSize(entry.sizeBytes)})`,
    );
    if (entry.type === 0xee) continue;
    if (!EXTENDED_TYPES.has(entry.type)) {
      bases.push({
        offset: entry.startBytes,
        sizeBytes: entry.sizeBytes,
        why: `where the removed MBR's partition ${entry.index} started`,
        depth: 'full',
      });
      continue;
    }
    // Logical partitions: a chain of EBRs, each with the logical partition and the link to the next EBR.
    let ebr = entry.startBytes;
    for (let logical = 5; logical < 5 + MAX_LOGICAL; logical += 1) {
      const bytes = await read(ebr, 512);
      if (bytes[510] !== 0x55 || bytes[511] !== 0xaa) break;
      const own = parseMbrEntries(bytes, ebr, diskBytes).find((logicalEntry) => logicalEntry.index === 1);
      const next = parseMbrEntries(bytes, entry.startBytes, diskBytes).find((link) => link.index === 2);
      if (own !== undefined) {
        bases.push({
          offset: own.startBytes,
          sizeBytes: own.sizeBytes,
          why: `where the removed MBR's logical partition ${logical} started`,
          depth: 'full',
        });
      }
      if (next === undefined || !EXTENDED_TYPES.has(next.type) || next.startBytes <= ebr) break;
      ebr = next.startBytes;
    }
  }
  const protective = entries.some((entry) => entry.type === 0xee);
  return {
    evidence: [
      {
        kind: 'mbr-entries',
        format: protective ? 'GPT' : 'MBR',
        copy: protective
          ? 'protective MBR entry without the boot signature'
          : 'partition entries without the boot signature',
        description:
          `MBR partition entries without the boot signature 0x55AA at offset ${formatOffset(446)}: ` +
          `${described.join(', ')}; the partition table was removed but ${protective ? 'the GPT it protected may remain' : 'its partitions were not'}`,
        offset: 446,
      },
    ],
    bases,
  };
}
