// Pure: a boot's timeline as an SVG Gantt chart: one row per milestone, a bar from the previous one to it.
import { escapeHtml } from './escape-html.ts';
import type { TimelineEvent } from './pick-timeline-events.ts';

const LABEL_X = 0;
const AXIS_X = 230;
const AXIS_WIDTH = 420;
const ROW = 17;

function chooseTickSeconds(totalSeconds: number): number {
  for (const step of [0.5, 1, 2, 5, 10, 20, 30, 60, 120]) if (totalSeconds / step <= 12) return step;
  return 300;
}

/** The row's label: the event and what it is about (`SAFE vda`, `MKFS btrfs vda3,vdb3`), cut to fit the label column. */
function labelOf(event: TimelineEvent): string {
  const label = event.subject === '' ? event.name : `${event.name} ${event.subject}`;
  return label.length > 36 ? `${label.slice(0, 35)}…` : label;
}

/** `durationMs` is the whole boot (QEMU start to exit); the axis spans it. */
export function drawTimelineSvg(events: readonly TimelineEvent[], durationMs: number, title: string): string {
  const totalMs = Math.max(durationMs, ...events.map((e) => e.atMs), 1);
  const scale = AXIS_WIDTH / totalMs;
  const height = 34 + ROW * events.length + 8;
  const width = AXIS_X + AXIS_WIDTH + 130;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<text x="${LABEL_X}" y="12" class="caption">${escapeHtml(title)}</text>`,
  ];
  const step = chooseTickSeconds(totalMs / 1000);
  for (let s = 0; s * 1000 <= totalMs; s += step) {
    const x = AXIS_X + s * 1000 * scale;
    parts.push(
      `<line x1="${x.toFixed(1)}" y1="18" x2="${x.toFixed(1)}" y2="${height - 6}" stroke="#e9ecef"/>`,
      `<text x="${x.toFixed(1)}" y="28" class="tick">${s} s</text>`,
    );
  }
  for (const [row, event] of events.entries()) {
    const y = 34 + row * ROW;
    const from = AXIS_X + (event.atMs - event.deltaMs) * scale;
    const barWidth = Math.max(1.5, event.deltaMs * scale);
    const slow = event.deltaMs >= 1000;
    parts.push(
      `<g><title>${escapeHtml(`${(event.atMs / 1000).toFixed(2)} s (+${(event.deltaMs / 1000).toFixed(2)} s): ${event.line}`)}</title>`,
      `<text x="${LABEL_X}" y="${y + 11}" class="event">${escapeHtml(labelOf(event))}</text>`,
      `<rect x="${from.toFixed(1)}" y="${y + 2}" width="${barWidth.toFixed(1)}" height="${ROW - 5}" fill="${slow ? '#f08c00' : '#74c0fc'}"/>`,
      `<text x="${(from + barWidth + 4).toFixed(1)}" y="${y + 11}" class="tick">${(event.atMs / 1000).toFixed(2)} s (+${(event.deltaMs / 1000).toFixed(2)})</text>`,
      '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
