// Pure: the host commands that write a pre-seeded structure into a raw disk file (commands are data).
import { HarnessError } from '../errors/harness-error.ts';
import type { PreseedStep } from '../scenario/scenario-types.ts';

const MiB = 1024 * 1024;

/** The smallest disk the `zos-partial` seed fits on (checked when a scenario is validated). */
export const ZOS_PARTIAL_MIN_BYTES = 600 * MiB;

/** sgdisk argv for our own layout (bios_boot, ESP, data) without any filesystem: the `zos-partial` seed. */
export function buildZosPartialArgv(raw: string, sizeBytes: number): string[] {
  if (sizeBytes < ZOS_PARTIAL_MIN_BYTES)
    throw new HarnessError(
      'SCENARIO_INVALID',
      `zos-partial needs a disk of at least ${ZOS_PARTIAL_MIN_BYTES / MiB} MiB (this one is ${sizeBytes / MiB} MiB)`,
    );
  return [
    'sgdisk',
    '-n=1:1M:+1M',
    '-t=1:EF02',
    '-c=1:zosboot',
    '-n=2:2M:+512M',
    '-t=2:EF00',
    '-c=2:zosboot',
    '-n=3:514M:0',
    '-t=3:8300',
    '-c=3:zosdata',
    raw,
  ];
}

/** argv (and stdin) for the seeds made by one host tool run on the raw file; null for the others. */
export function buildPreseedArgv(
  step: PreseedStep,
  raw: string,
  sizeBytes: number,
): { argv: string[]; input?: string } | null {
  switch (step.kind) {
    case 'gpt':
    case 'backup-gpt-only':
      return { argv: ['sgdisk', '-o', '-n=1:1M:+2M', '-t=1:8300', '-c=1:foreign', raw] };
    case 'mbr':
      return {
        argv: ['sfdisk', '--no-reread', '--no-tell-kernel', raw],
        input: 'label: dos\nstart=2048, size=4096, type=83\n',
      };
    case 'ext4':
    case 'ext4-first-mib-zeroed':
      return { argv: ['mkfs.ext4', '-q', '-F', '-L', 'FOREIGN', '-E', 'nodiscard', raw] };
    case 'swap':
      return { argv: ['mkswap', '-L', 'FOREIGN', raw] };
    case 'xfs':
      return { argv: ['mkfs.xfs', '-q', '-f', '-K', '-L', 'FOREIGN', raw] };
    case 'ntfs':
      return { argv: ['mkntfs', '-q', '-F', '-Q', '-L', 'FOREIGN', raw] };
    case 'luks2':
      // A cheap key derivation: the header is what matters, not the strength of a test passphrase.
      return {
        argv: [
          'cryptsetup',
          'luksFormat',
          '-q',
          '--type',
          'luks2',
          '--pbkdf',
          'pbkdf2',
          '--pbkdf-force-iterations',
          '1000',
          '--key-file',
          '-',
          raw,
        ],
        input: 'zostest',
      };
    case 'command':
      return { argv: step.argv.map((arg) => arg.replaceAll('{path}', raw)) };
    case 'zos-partial':
      return { argv: buildZosPartialArgv(raw, sizeBytes) };
    case 'btrfs-superblock-only':
    case 'random':
    case 'zero':
    case 'bcachefs':
    case 'lvm2-pv':
    case 'md-1.2':
    case 'md-1.0':
    case 'image':
      return null;
  }
}

/** Deterministic pseudo-random bytes (xorshift32) so a seeded disk is the same on every run. */
export function generateSeededBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed >>> 0 || 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}
