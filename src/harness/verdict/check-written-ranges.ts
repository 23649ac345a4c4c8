// Pure: the clusters a boot wrote against the ranges the guest's report says it read before writing (writes_checked).
import { formatSize } from '../../shared/format/format-size.ts';
import type { StateReport } from '../../zosstorage/report/report-schema.ts';
import { subtractRanges, type ByteRange } from '../disks/map-written-ranges.ts';

/** qcow2's cluster: the host sees writes in these units, so each checked range is widened to them. */
const CLUSTER = 64 * 1024;

/**
 * One failure per disk that has written clusters outside its `checked_before_write` ranges. `written` is by scenario
 * disk id; `diskKeys` maps the report's `serial <s>` / `wwid <w>` to those ids (cross-check-report.ts).
 */
export function checkWrittenRanges(
  report: StateReport,
  written: Record<string, ByteRange[]>,
  diskKeys: Record<string, string>,
): string[] {
  const failures: string[] = [];
  const checkedById = new Map<string, ByteRange[]>();
  for (const disk of report.disks) {
    const id =
      (disk.wwid == null ? undefined : diskKeys[`wwid ${disk.wwid}`]) ??
      (disk.serial === null ? undefined : diskKeys[`serial ${disk.serial}`]);
    if (id === undefined) continue;
    checkedById.set(
      id,
      (disk.checked_before_write ?? []).map(({ offset, length }) => {
        const start = Math.floor(offset / CLUSTER) * CLUSTER;
        return { offset: start, length: Math.ceil((offset + length) / CLUSTER) * CLUSTER - start };
      }),
    );
  }
  for (const [id, ranges] of Object.entries(written)) {
    if (ranges.length === 0) continue;
    const checked = checkedById.get(id);
    if (checked === undefined) {
      failures.push(
        `disk ${id}: the boot wrote to it, but the report lists no ranges read before writing there`,
      );
      continue;
    }
    const outside = subtractRanges(ranges, checked);
    if (outside.length === 0) continue;
    const listed = outside
      .slice(0, 6)
      .map((range) => `${range.offset} (${formatSize(range.length)})`)
      .join(', ');
    failures.push(
      `disk ${id}: written outside the ranges read before writing, at ${listed}${outside.length > 6 ? ` and ${outside.length - 6} more` : ''}: ` +
        'a tool or the kernel writes where commands/list-planned-writes.ts does not say it does',
    );
  }
  return failures;
}
