// Pure: one SVG of a boot's disks side by side, partitions on a log scale, data filesystems linked across members.
import { findGptTypeCode } from '../../shared/gpt/gpt-type-guids.ts';
import type {
  DiskInspection,
  FilesystemInspection,
  PartitionInspection,
} from '../inspect/inspection-types.ts';
import { formatSize } from '../../shared/format/format-size.ts';
import { escapeHtml } from './escape-html.ts';

const MiB = 1024 * 1024;
/** Gaps smaller than this (alignment, the GPT's own sectors) are not drawn. */
const MIN_GAP_BYTES = 16 * MiB;
const BAR_X = 150;
const BAR_WIDTH = 640;
const ROW_HEIGHT = 46;
const BAR_HEIGHT = 28;
const LINK_STEP = 16;

/** What the report knows of a disk besides its inspection (from the scenario). */
export interface DiskFacts {
  id: string;
  bus: string;
  /** The disk is expected unchanged and was compared byte for byte: true identical, false changed. */
  identical: boolean | null;
  /** The partition table is the same as before this boot (GUIDs, extents, filesystem UUIDs). */
  sameLayout: boolean | null;
}

export interface DiskSegment {
  kind: 'partition' | 'free' | 'whole';
  startBytes: number;
  sizeBytes: number;
  partition: PartitionInspection | null;
  /** Drawn width in pixels (log2 of MiB, at least 3 px). */
  width: number;
  x: number;
}

export const FILESYSTEM_COLORS = ['#d9480f', '#1971c2', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599'];
const FILL_BY_TYPE: Record<string, string> = {
  vfat: '#ffe8a3',
  btrfs: '#a5d8ff',
  bcachefs: '#d0bfff',
  ext4: '#c3fae8',
  swap: '#ffd8a8',
};

/** Put once in the page (an id must be unique in a document): the hatching of unallocated space. */
export const DISK_SVG_DEFS =
  '<svg width="0" height="0" aria-hidden="true" style="position:absolute"><defs><pattern id="free" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ced4da" stroke-width="2"/></pattern></defs></svg>';

/** The segments of a disk from left to right: partitions, and free gaps of at least 16 MiB. */
export function splitDiskSegments(disk: DiskInspection): DiskSegment[] {
  const raw: Omit<DiskSegment, 'width' | 'x'>[] = [];
  if (disk.partitions.length === 0) {
    raw.push({ kind: 'whole', startBytes: 0, sizeBytes: disk.sizeBytes, partition: null });
  } else {
    let cursor = 0;
    const sorted = [...disk.partitions].sort((a, b) => a.startBytes - b.startBytes);
    for (const partition of sorted) {
      if (partition.startBytes - cursor >= MIN_GAP_BYTES)
        raw.push({
          kind: 'free',
          startBytes: cursor,
          sizeBytes: partition.startBytes - cursor,
          partition: null,
        });
      raw.push({
        kind: 'partition',
        startBytes: partition.startBytes,
        sizeBytes: partition.sizeBytes,
        partition,
      });
      cursor = Math.max(cursor, partition.startBytes + partition.sizeBytes);
    }
    if (disk.sizeBytes - cursor >= MIN_GAP_BYTES)
      raw.push({ kind: 'free', startBytes: cursor, sizeBytes: disk.sizeBytes - cursor, partition: null });
  }
  const weights = raw.map((s) => Math.max(1, Math.log2(1 + s.sizeBytes / MiB)));
  const total = weights.reduce((a, b) => a + b, 0);
  let x = BAR_X;
  return raw.map((segment, index) => {
    const width = Math.max(3, (BAR_WIDTH * (weights[index] ?? 1)) / total);
    const placed = { ...segment, width, x };
    x += width;
    return placed;
  });
}

/** A partition's type as people name it (ESP, BIOS boot, Linux filesystem) or its GUID. */
export function describePartitionType(typeGuid: string): string {
  const code = findGptTypeCode(typeGuid);
  if (code === 'EF00') return 'EFI system';
  if (code === 'EF02') return 'BIOS boot';
  if (code === '8300') return 'Linux filesystem';
  return typeGuid;
}

/** What lies on a disk without a partition table, in words. */
export function describeWholeDisk(disk: DiskInspection): string {
  const probe = disk.wholeDiskProbe;
  if (disk.gpt === null && probe?.raw.PTTYPE) return `${probe.raw.PTTYPE} partition table`;
  if (probe?.type) return `${probe.type}${probe.label ? ` "${probe.label}"` : ''} on the whole disk`;
  if (disk.gpt !== null) return 'GPT without partitions';
  return 'blank: no partition table, no signature';
}

function segmentText(segment: DiskSegment, disk: DiskInspection): { short: string; title: string } {
  const size = formatSize(segment.sizeBytes);
  if (segment.kind === 'free') return { short: `free ${size}`, title: `unallocated, ${size}` };
  if (segment.kind === 'whole')
    return { short: describeWholeDisk(disk), title: `${describeWholeDisk(disk)}, ${size}` };
  const p = segment.partition as PartitionInspection;
  const fs = p.probe?.type ? `${p.probe.type}${p.probe.label ? ` ${p.probe.label}` : ''}` : 'no filesystem';
  return {
    short: `${p.number} ${p.name || '(no name)'} · ${size}`,
    title: `partition ${p.number} "${p.name}": ${describePartitionType(p.typeGuid)}, ${size} at ${formatSize(p.startBytes)}, ${fs}`,
  };
}

function fillFor(segment: DiskSegment, disk: DiskInspection): string {
  if (segment.kind === 'free') return 'url(#free)';
  const type = segment.kind === 'whole' ? disk.wholeDiskProbe?.type : segment.partition?.probe?.type;
  if (!type) return segment.kind === 'whole' && disk.wholeDiskProbe?.raw.PTTYPE ? '#ffc9c9' : '#f1f3f5';
  return FILL_BY_TYPE[type] ?? '#ffc9c9';
}

function badge(facts: DiskFacts | undefined): string {
  if (facts?.identical === true) return 'unchanged (byte-identical)';
  if (facts?.identical === false) return 'CHANGED (expected unchanged)';
  if (facts?.sameLayout === true) return 'layout unchanged';
  return '';
}

/** The SVG for `disks`; filesystems with members get a colour and a bracket joining their member rows. */
export function drawDisksSvg(
  disks: readonly DiskInspection[],
  filesystems: readonly FilesystemInspection[],
  facts: readonly DiskFacts[],
  title: string,
): string {
  const linked = filesystems.filter((fs) => fs.members.length > 0);
  const rowOf = new Map(disks.map((d, i) => [d.id, i]));
  const colorOf = (diskId: string, partition: number): string | null => {
    const index = linked.findIndex((fs) =>
      fs.members.some((m) => m.diskId === diskId && m.partition === partition),
    );
    return index < 0 ? null : (FILESYSTEM_COLORS[index % FILESYSTEM_COLORS.length] ?? null);
  };
  const width = BAR_X + BAR_WIDTH + 24 + LINK_STEP * linked.length + 8;
  const height = 22 + ROW_HEIGHT * Math.max(1, disks.length) + 6;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="disks" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<text x="0" y="14" class="caption">${escapeHtml(title)}</text>`,
  ];
  for (const [row, disk] of disks.entries()) {
    const y = 22 + row * ROW_HEIGHT;
    const fact = facts.find((f) => f.id === disk.id);
    parts.push(
      `<text x="0" y="${y + 12}" class="disk-id">${escapeHtml(disk.id)}${fact ? ` <tspan class="muted">${escapeHtml(fact.bus)}</tspan>` : ''}</text>`,
      `<text x="0" y="${y + 26}" class="muted">${escapeHtml(formatSize(disk.sizeBytes))}</text>`,
    );
    const state = badge(fact);
    if (state)
      parts.push(
        `<text x="${BAR_X}" y="${y + BAR_HEIGHT + 12}" class="${fact?.identical === false ? 'bad' : 'good'}">${escapeHtml(state)}</text>`,
      );
    for (const segment of splitDiskSegments(disk)) {
      const text = segmentText(segment, disk);
      const stroke = segment.partition ? colorOf(disk.id, segment.partition.number) : null;
      parts.push(
        `<g><title>${escapeHtml(text.title)}</title><rect x="${segment.x.toFixed(1)}" y="${y}" width="${segment.width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${fillFor(segment, disk)}" stroke="${stroke ?? '#495057'}" stroke-width="${stroke ? 3 : 1}"/>`,
      );
      // A label only where it fits (about 6.5 px per character); the table below the drawing has every detail.
      const fits = Math.floor((segment.width - 6) / 6.5);
      if (fits >= 3) {
        const label =
          text.short.length > fits ? `${text.short.slice(0, Math.max(1, fits - 1))}…` : text.short;
        parts.push(
          `<text x="${(segment.x + 4).toFixed(1)}" y="${y + 18}" class="seg">${escapeHtml(label)}</text>`,
        );
      }
      parts.push('</g>');
    }
  }
  for (const [index, fs] of linked.entries()) {
    const color = FILESYSTEM_COLORS[index % FILESYSTEM_COLORS.length] ?? '#000';
    const x = BAR_X + BAR_WIDTH + 16 + index * LINK_STEP;
    const rows = fs.members.map((m) => rowOf.get(m.diskId)).filter((r): r is number => r !== undefined);
    if (rows.length === 0) continue;
    const mid = (row: number): number => 22 + row * ROW_HEIGHT + BAR_HEIGHT / 2;
    parts.push(
      `<g><title>${escapeHtml(`${fs.type} ${fs.label ?? ''} ${fs.uuid}: ${fs.members.map((m) => `${m.diskId} p${m.partition}`).join(', ')}`)}</title>`,
      `<line x1="${x}" y1="${mid(Math.min(...rows))}" x2="${x}" y2="${mid(Math.max(...rows))}" stroke="${color}" stroke-width="3"/>`,
      ...rows.map(
        (row) =>
          `<line x1="${BAR_X + BAR_WIDTH + 2}" y1="${mid(row)}" x2="${x}" y2="${mid(row)}" stroke="${color}" stroke-width="2" stroke-dasharray="3 2"/><circle cx="${x}" cy="${mid(row)}" r="3.5" fill="${color}"/>`,
      ),
      '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
