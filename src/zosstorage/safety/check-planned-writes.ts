// Never write over a non-zero byte: before the first write, every range the plan's commands will write is read
// (commands/list-planned-writes.ts) and must be zero on every disk; a non-zero byte refuses the whole run, naming the
// disk, the offset, the planned partition it falls in and the tool that would have written there.
import type { PlannedWrite } from '../commands/list-planned-writes.ts';
import { ZosError } from '../errors/zos-error.ts';
import { formatSize } from '../../shared/format/format-size.ts';
import { firstNonZeroIndex } from './find-non-zero-edges.ts';
import { formatOffset } from './format-offset.ts';
import { openDeviceReader } from './open-device-reader.ts';
import { readCoalesced } from './probe-superblocks.ts';

/** What one disk's check read (the WRITE_CHECK marker). */
export interface WriteCheck {
  disk: string;
  ranges: number;
  bytes: number;
  ms: number;
}

/** A non-zero byte where a command will write. */
export interface WriteConflict {
  write: PlannedWrite;
  offset: number;
}

/** Reads every planned range of every disk; throws WRITE_RANGE_NOT_EMPTY naming each conflict, else reports the reads. */
export async function checkPlannedWrites(writes: readonly PlannedWrite[]): Promise<WriteCheck[]> {
  const checks: WriteCheck[] = [];
  const conflicts: WriteConflict[] = [];
  for (const disk of [...new Set(writes.map((write) => write.disk))]) {
    const mine = writes.filter((write) => write.disk === disk);
    const start = process.hrtime.bigint();
    const reader = await openDeviceReader(disk);
    try {
      const bytes = await readCoalesced(reader.read, mine);
      mine.forEach((write, index) => {
        const at = firstNonZeroIndex(bytes[index] ?? Buffer.alloc(0));
        if (at !== -1) conflicts.push({ write, offset: write.offset + at });
      });
    } finally {
      await reader.close();
    }
    checks.push({
      disk,
      ranges: mine.length,
      bytes: mine.reduce((sum, write) => sum + write.length, 0),
      ms: Math.round(Number(process.hrtime.bigint() - start) / 1e6),
    });
  }
  if (conflicts.length > 0) throw buildConflictError(conflicts);
  return checks;
}

function describeConflict({ write, offset }: WriteConflict): string {
  const where = write.partition
    ? `in planned partition ${write.partition.number} (${write.partition.name}, ${write.partition.path})`
    : 'in the GPT area of the disk';
  return (
    `${write.disk}: non-zero byte at offset ${formatOffset(offset)} ${where}, where ${write.tool} would write ` +
    `the ${write.what} (${formatSize(write.length)} from offset ${formatOffset(write.offset)})`
  );
}

function buildConflictError(conflicts: readonly WriteConflict[]): ZosError {
  const listed = conflicts.slice(0, 8).map(describeConflict);
  const more = conflicts.length > 8 ? `; and ${conflicts.length - 8} more` : '';
  const first = conflicts[0] as WriteConflict;
  return new ZosError(
    'WRITE_RANGE_NOT_EMPTY',
    `refusing to write over data: ${listed.join('; ')}${more}. Every check of the disk found it empty, but a range ` +
      'the provisioner is about to write is not zero; nothing was written. Find out what is on the disk, and clear ' +
      'it on purpose if it is not needed (docs/provisioner.md "Clearing a disk on purpose")',
    {
      details: {
        device: first.write.disk,
        offset: first.offset,
        partition: first.write.partition?.path ?? 'none',
        tool: first.write.tool,
      },
    },
  );
}
