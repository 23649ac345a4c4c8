// Real layouts made by real tools, their partition table then removed the ways operators remove one: each disk is
// refused with the evidence naming format, copy and offset, and its bytes stay unchanged (inspectRealImage).
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import t, { type Test } from 'tap';
import type { Config } from '../types.ts';
import type { Evidence } from './inspect-disks.ts';
import { hasTools, inspectRealImage } from '../testing/inspect-real-image.ts';
import { MiB } from '../testing/make-fake-disk.ts';
import { buildMdSuperblock } from '../../harness/disks/foreign-structures.ts';

const GiB = 1024 * MiB;
const SIZE = 12 * GiB;
/** The probes alone: no edges rule, no sample scan (what is found is found by the probes). */
const PROBES_ONLY: Config['safety'] = {
  require_zeroed_edges: false,
  scan_samples: 0,
  former_partitions: true,
};
const TOOLS = [
  'sgdisk',
  'sfdisk',
  'parted',
  'wipefs',
  'losetup',
  'mkfs.vfat',
  'mkfs.btrfs',
  'mkfs.ext4',
  'mkfs.xfs',
  'mkntfs',
  'mkfs.exfat',
  'mkfs.f2fs',
  'mkswap',
  'cryptsetup',
  'pvcreate',
];

t.test('the tools these tests run are installed (./scripts/test installs them)', async (t) => {
  t.ok(hasTools(...TOOLS), TOOLS.join(', '));
});
const skip = !hasTools(...TOOLS);

const run = (argv: string[]): string =>
  execFileSync(argv[0] as string, argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

interface Part {
  startMiB: number;
  /** null: to the last MiB before the backup GPT. */
  sizeMiB: number | null;
  type: string;
  /** Makes the partition's content on a loop device over it (none: the partition stays zero, like a BIOS boot). */
  make?: (device: string, scratch: string) => void | Promise<void>;
}

/** Partitions a sparse image with sgdisk, then makes each partition's content through a loop device over it. */
async function makeLayout(file: string, parts: readonly Part[]): Promise<void> {
  const args = parts.flatMap((part, index) => [
    '-n',
    `${index + 1}:${part.startMiB}M:${part.sizeMiB === null ? '0' : `+${part.sizeMiB}M`}`,
    '-t',
    `${index + 1}:${part.type}`,
  ]);
  run(['sgdisk', ...args, file]);
  const scratch = path.join(path.dirname(file), 'scratch');
  await mkdir(scratch, { recursive: true });
  for (const part of parts) {
    if (!part.make) continue;
    const offset = part.startMiB * MiB;
    const size = (part.sizeMiB ?? SIZE / MiB - part.startMiB - 1) * MiB;
    const device = run([
      'losetup',
      '-f',
      '--show',
      '-o',
      String(offset),
      '--sizelimit',
      String(size),
      file,
    ]).trim();
    try {
      await part.make(device, scratch);
    } finally {
      run(['losetup', '-d', device]);
    }
  }
}

/** A folder with a file, for the filesystems made with content. */
async function content(scratch: string): Promise<string> {
  const dir = path.join(scratch, 'content');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'customer.txt'), 'customer data\n'.repeat(20000));
  return dir;
}

const LAYOUTS: Record<string, Part[]> = {
  // zosstorage's own: BIOS boot, ESP, btrfs with files.
  zos: [
    { startMiB: 1, sizeMiB: 1, type: 'EF02' },
    {
      startMiB: 2,
      sizeMiB: 512,
      type: 'EF00',
      make: (dev) => void run(['mkfs.vfat', '-F', '32', '-n', 'ZOSBOOT', dev]),
    },
    {
      startMiB: 514,
      sizeMiB: null,
      type: '8300',
      make: async (dev, scratch) =>
        void run(['mkfs.btrfs', '-q', '-f', '-L', 'ZOSDATA', '--rootdir', await content(scratch), dev]),
    },
  ],
  // Fedora's installer: a 600 MiB ESP, a 1 GiB /boot, then XFS.
  fedora: [
    { startMiB: 1, sizeMiB: 600, type: 'EF00', make: (dev) => void run(['mkfs.vfat', '-F', '32', dev]) },
    {
      startMiB: 601,
      sizeMiB: 1024,
      type: '8300',
      make: (dev) => void run(['mkfs.ext4', '-q', '-F', '-E', 'nodiscard', dev]),
    },
    {
      startMiB: 1625,
      sizeMiB: null,
      type: '8300',
      make: (dev) => void run(['mkfs.xfs', '-q', '-f', '-K', dev]),
    },
  ],
  // Windows: recovery, ESP, an MSR (nothing on it), then C:.
  windows: [
    { startMiB: 1, sizeMiB: 450, type: '2700', make: (dev) => void run(['mkntfs', '-Q', '-F', '-q', dev]) },
    { startMiB: 451, sizeMiB: 100, type: 'EF00', make: (dev) => void run(['mkfs.vfat', '-F', '32', dev]) },
    { startMiB: 551, sizeMiB: 16, type: '0C01' },
    {
      startMiB: 567,
      sizeMiB: null,
      type: '0700',
      make: (dev) => void run(['mkntfs', '-Q', '-F', '-q', dev]),
    },
  ],
  // A mixed server disk: LUKS, an LVM PV, swap, F2FS, exFAT, an md member, and an ext4 deep inside at an odd start.
  mixed: [
    {
      startMiB: 1,
      sizeMiB: 1024,
      type: '8309',
      make: (dev) =>
        void execFileSync(
          'cryptsetup',
          [
            'luksFormat',
            '-q',
            '--type',
            'luks2',
            '--pbkdf',
            'pbkdf2',
            '--pbkdf-force-iterations',
            '1000',
            dev,
            '-',
          ],
          { input: 'passphrase', stdio: ['pipe', 'ignore', 'pipe'] },
        ),
    },
    {
      startMiB: 1025,
      sizeMiB: 1024,
      type: '8E00',
      make: (dev) => void run(['pvcreate', '-q', '-ff', '-y', dev]),
    },
    { startMiB: 2049, sizeMiB: 512, type: '8200', make: (dev) => void run(['mkswap', '-q', dev]) },
    { startMiB: 2561, sizeMiB: 1024, type: '8300', make: (dev) => void run(['mkfs.f2fs', '-q', '-f', dev]) },
    { startMiB: 3585, sizeMiB: 1024, type: '0700', make: (dev) => void run(['mkfs.exfat', dev]) },
    {
      startMiB: 4609,
      sizeMiB: 1024,
      type: 'FD00',
      // The host has no md driver (mdadm --create fails): the on-disk 1.2 superblock the harness also writes.
      make: (dev) => {
        const { offset, bytes } = buildMdSuperblock('1.2', GiB);
        execFileSync('dd', [`of=${dev}`, 'bs=4096', `seek=${offset / 4096}`, 'conv=notrunc', 'status=none'], {
          input: bytes,
        });
      },
    },
    {
      startMiB: 7 * 1024 + 3,
      sizeMiB: 2048,
      type: '8300',
      make: async (dev, scratch) =>
        void run(['mkfs.ext4', '-q', '-F', '-E', 'nodiscard', '-d', await content(scratch), dev]),
    },
  ],
};

/** How each layout loses its partition table. */
const REMOVALS: Record<string, (file: string) => void> = {
  'sgdisk --zap-all': (file) => void run(['sgdisk', '--zap-all', file]),
  // On a whole disk `wipefs -a` needs no --force; on an image file it does.
  'wipefs -a': (file) => void run(['wipefs', '-a', '-f', '-q', file]),
  'sfdisk --delete': (file) => void run(['sfdisk', '-q', '--delete', file]),
  'parted mklabel gpt': (file) => void run(['parted', '-s', file, 'mklabel', 'gpt']),
  'parted mklabel msdos': (file) => void run(['parted', '-s', file, 'mklabel', 'msdos']),
};

/** `<format> <copy> at offset <n>`: what a description starts with, whatever led the probe there. */
const found = (format: string, copy: string, offset: number): string =>
  `${format} ${copy} at offset ${offset} (0x${offset.toString(16)})`;

/** What each layout must show after any removal (the format of each partition that has one, where it starts). */
const EXPECTED: Record<string, string[]> = {
  zos: [found('FAT32', 'boot sector', 2 * MiB), found('btrfs', 'primary superblock', 514 * MiB + 64 * 1024)],
  fedora: [
    found('FAT32', 'boot sector', MiB),
    found('ext4', 'primary superblock', 601 * MiB + 1024),
    found('XFS', 'primary superblock', 1625 * MiB),
  ],
  windows: [
    found('NTFS', 'boot sector', MiB),
    found('FAT32', 'boot sector', 451 * MiB),
    found('NTFS', 'boot sector', 567 * MiB),
  ],
  mixed: [
    found('LUKS2', 'header', MiB),
    found('LVM2', 'physical volume label', 1025 * MiB + 512),
    found('swap', 'signature (4 KiB pages)', 2049 * MiB + 4086),
    found('F2FS', 'superblock 0', 2561 * MiB + 1024),
    found('exFAT', 'boot sector', 3585 * MiB),
    found('Linux md', '1.2 superblock', 4609 * MiB + 4096),
  ],
};

/**
 * The removals that leave the old GPT's entry arrays: `wipefs -a` erases only the header magics, `parted mklabel
 * msdos` writes an MBR and leaves the backup array at the end (seen on parted 3.5).
 */
const ENTRIES_REMAIN = new Set(['wipefs -a', 'parted mklabel msdos']);
/** Found only when the removed table's entries remain: nothing else leads to it. */
const DEEP_EXT4 = found('ext4', 'primary superblock', (7 * 1024 + 3) * MiB + 1024);

async function inspectLayout(t: Test, layout: string, removal: string): Promise<Evidence[]> {
  const state = await inspectRealImage(t, SIZE, PROBES_ONLY, async (file) => {
    await makeLayout(file, LAYOUTS[layout] as Part[]);
    REMOVALS[removal]?.(file);
  });
  t.equal(state.state, 'not_empty', 'refused');
  return state.state === 'not_empty' ? state.evidence : [];
}

for (const layout of Object.keys(LAYOUTS)) {
  for (const removal of Object.keys(REMOVALS)) {
    t.test(`${layout} layout after ${removal}: every partition's format named`, { skip }, async (t) => {
      const evidence = await inspectLayout(t, layout, removal);
      const lines = evidence.map((finding) => finding.description);
      for (const expected of EXPECTED[layout] ?? []) {
        t.ok(
          lines.some((line) => line.startsWith(expected)),
          expected,
          { found: lines },
        );
      }
      if (layout === 'mixed') {
        const entriesLeft = ENTRIES_REMAIN.has(removal);
        t.equal(
          lines.some((line) => line.startsWith(DEEP_EXT4)),
          entriesLeft,
          entriesLeft
            ? 'the ext4 deep inside is found through the entries wipefs leaves'
            : 'the ext4 deep inside, after an md member of unknown extent, is beyond the probes (documented)',
        );
      }
      if (ENTRIES_REMAIN.has(removal)) {
        t.ok(
          evidence.some((finding) => finding.kind === 'gpt-entries'),
          'the entries without their header are evidence of their own',
        );
      }
    });
  }
}

t.test(
  'zos layout, the table zapped and its first 513 MiB zeroed: the data partition deep inside is found',
  { skip },
  async (t) => {
    const state = await inspectRealImage(t, SIZE, PROBES_ONLY, async (file) => {
      await makeLayout(file, LAYOUTS.zos as Part[]);
      run(['sgdisk', '--zap-all', file]);
      run(['dd', 'if=/dev/zero', `of=${file}`, 'bs=1M', 'count=513', 'conv=notrunc', 'status=none']);
    });
    const lines = state.state === 'not_empty' ? state.evidence.map((finding) => finding.description) : [];
    t.same(lines, [
      'btrfs primary superblock at offset 539033600 (0x20210000) (of a btrfs that starts at 538968064 (0x20200000), where a partition starts in a common layout (zosstorage: the data partition after BIOS boot and a 512 MiB ESP))',
    ]);
  },
);
