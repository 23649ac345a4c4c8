// Pure: the fields of `bcachefs show-super` the harness checks (UUID, label, replicas, targets, members).

export interface BcachefsSuper {
  uuid: string | null;
  label: string | null;
  dataReplicas: number | null;
  metadataReplicas: number | null;
  foregroundTarget: string | null;
  backgroundTarget: string | null;
  promoteTarget: string | null;
  /** Member devices listed in the superblock. */
  members: number | null;
  /**
   * Whether the filesystem was ever started (a read-write mount, or bcachefs-tools' own initialisation):
   * false for a `format --no_initialize` that nobody mounted yet (sequence number 0, every member's
   * `Last mount: (never)`), null when the output says neither.
   */
  initialized: boolean | null;
}

/** Tolerant of layout changes between bcachefs-tools versions: keys are matched as `name:` at line start. */
export function parseBcachefsShowSuper(output: string): BcachefsSuper {
  const lines = output.split('\n');
  const membersAt = lines.findIndex((line) => /^members(_v\d+)?\b/i.test(line.trim()));
  const head = membersAt === -1 ? lines : lines.slice(0, membersAt);
  const field = (scope: string[], name: string): string | null => {
    const pattern = new RegExp(`^\\s*${name}:\\s*(.*)$`, 'i');
    for (const line of scope) {
      const match = pattern.exec(line);
      if (match) return (match[1] as string).trim() || null;
    }
    return null;
  };
  const number = (value: string | null): number | null => {
    const match = value === null ? null : /\d+/.exec(value);
    return match ? Number(match[0]) : null;
  };
  const target = (name: string): string | null => {
    const value = field(head, name);
    return value === null || /^(none|\(none\))$/i.test(value) ? null : value;
  };
  const memberLines = membersAt === -1 ? [] : readMemberSection(lines.slice(membersAt + 1));
  return {
    uuid: field(head, 'External UUID')?.toLowerCase() ?? null,
    label: noneToNull(field(head, 'Label')),
    dataReplicas: number(field(head, 'data_replicas')),
    metadataReplicas: number(field(head, 'metadata_replicas')),
    foregroundTarget: target('foreground_target'),
    backgroundTarget: target('background_target'),
    promoteTarget: target('promote_target'),
    members: number(field(head, 'Devices')) ?? (membersAt === -1 ? null : memberLines.length),
    initialized: readInitialized(lines, number(field(head, 'Sequence number'))),
  };
}

function readInitialized(lines: string[], sequence: number | null): boolean | null {
  const lastMounts = lines
    .map((line) => /^\s*Last mount:\s*(.*)$/i.exec(line)?.[1]?.trim())
    .filter((value): value is string => value !== undefined);
  if (lastMounts.length > 0) return lastMounts.some((value) => value !== '(never)');
  return sequence === null ? null : sequence > 0;
}

function noneToNull(value: string | null): string | null {
  return value === null || value === '(none)' ? null : value;
}

/** Member devices: `Device:   0` (bcachefs-tools 1.x) or `Device 0:` (older), until the next section. */
function readMemberSection(lines: string[]): string[] {
  const end = lines.findIndex((line) => /^[a-z_0-9]+ \(size \d+\):/.test(line));
  return (end === -1 ? lines : lines.slice(0, end)).filter((line) =>
    /^\s*Device(:\s+\d+\s*|\s+\d+:.*)$/.test(line),
  );
}
