// Reassembles the guest's state report from the console framing and proves it byte-exact (length and sha256).
import { createHash } from 'node:crypto';
import { INIT_MARKERS } from '../guest-protocol.ts';

export type GuestReportExtraction =
  | { kind: 'absent' }
  | { kind: 'no-report' }
  | { kind: 'corrupt'; problem: string }
  | { kind: 'ok'; text: string; json: unknown };

/**
 * Finds the last REPORT_BEGIN … REPORT_END frame. Kernel messages may sit between the frame's lines or in
 * front of a marker on the same line; only the text after each marker counts.
 */
export function extractGuestReport(lines: readonly string[]): GuestReportExtraction {
  const begin = findLast(lines, INIT_MARKERS.REPORT_BEGIN);
  if (begin === -1)
    return lines.some((l) => l.includes(INIT_MARKERS.NO_REPORT)) ? { kind: 'no-report' } : { kind: 'absent' };
  const header = afterMarker(lines[begin] as string, INIT_MARKERS.REPORT_BEGIN);
  const bytes = /bytes=(\d+)/.exec(header)?.[1];
  const sha256 = /sha256=([0-9a-f]{64})/.exec(header)?.[1];
  if (bytes === undefined || sha256 === undefined)
    return { kind: 'corrupt', problem: `malformed frame header "${header.trim()}"` };
  const chunks: string[] = [];
  let ended = false;
  for (const line of lines.slice(begin + 1)) {
    if (line.includes(INIT_MARKERS.REPORT_END)) {
      ended = true;
      break;
    }
    if (line.includes(INIT_MARKERS.REPORT_DATA))
      chunks.push(afterMarker(line, INIT_MARKERS.REPORT_DATA).trim());
  }
  if (!ended) return { kind: 'corrupt', problem: 'the report frame has no REPORT_END (console cut off?)' };
  const data = Buffer.from(chunks.join(''), 'base64');
  if (data.length !== Number(bytes)) {
    return { kind: 'corrupt', problem: `report is ${data.length} bytes, the frame announced ${bytes}` };
  }
  const actual = createHash('sha256').update(data).digest('hex');
  if (actual !== sha256)
    return { kind: 'corrupt', problem: `report sha256 ${actual} does not match the announced ${sha256}` };
  const text = data.toString('utf8');
  try {
    return { kind: 'ok', text, json: JSON.parse(text) };
  } catch (error) {
    return { kind: 'corrupt', problem: `report is not JSON: ${(error as Error).message}` };
  }
}

function findLast(lines: readonly string[], marker: string): number {
  for (let i = lines.length - 1; i >= 0; i--) if ((lines[i] as string).includes(marker)) return i;
  return -1;
}

function afterMarker(line: string, marker: string): string {
  return line.slice(line.indexOf(marker) + marker.length);
}
