// A unique id per runner invocation; it names out/runs/<run-id>/ so parallel runs never share a folder.
import { randomBytes } from 'node:crypto';

/** `20261122-004512-3fa9c1`: sortable by time, unique by the random suffix. */
export function createRunId(now: Date = new Date(), random: Buffer = randomBytes(3)): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${random.toString('hex')}`;
}
