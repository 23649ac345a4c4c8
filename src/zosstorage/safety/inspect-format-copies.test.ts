import { execFileSync } from 'node:child_process';
import { mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import t, { type Test } from 'tap';
import type { Config } from '../types.ts';
import type { DiskState, Evidence } from './inspect-disks.ts';
import { hasTools, inspectRealImage } from '../testing/inspect-real-image.ts';
import { MiB } from '../testing/make-fake-disk.ts';

// Each format made by its real tool on an image file, then its primary structure zeroed: the copy the
// format keeps elsewhere must still refuse the disk, named, with the edges rule and the scan both off.
const PROBES_ONLY: Config['safety'] = {
  require_zeroed_edges: false,
  scan_samples: 0,
  former_partitions: true,
};
const DEFAULTS: Config['safety'] = { require_zeroed_edges: true, scan_samples: 256, former_partitions: true };
const TOOLS = [
  'mkfs.ext4',
  'mkfs.btrfs',
  'mkfs.xfs',
  'mkntfs',
  'mkfs.vfat',
  'mkfs.exfat',
  'mkfs.f2fs',
  'cryptsetup',
  'sgdisk',
];

t.test('the tools these tests run are installed (./scripts/test installs them)', async (t) => {
  t.ok(hasTools(...TOOLS), TOOLS.join(', '));
});
const skip = !hasTools(...TOOLS);

const run = (argv: string[], input?: string): string =>
  execFileSync(argv[0] as string, argv.slice(1), {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });

async function zero(file: string, offset: number, length: number): Promise<void> {
  const handle = await open(file, 'r+');
  await handle.write(Buffer.alloc(length), 0, length, offset);
  await handle.close();
}

async function readAt(file: string, offset: number, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  const buffer = Buffer.alloc(length);
  await handle.read(buffer, 0, length, offset);
  await handle.close();
  return buffer;
}

/** Prepares an image with real tools (async), inspects it, and returns the evidence of the refusal. */
async function inspectPrepared(
  t: Test,
  sizeBytes: number,
  safety: Config['safety'],
  prepare: (file: string) => Promise<void>,
): Promise<Evidence[]> {
  const state = await inspectRealImageAsync(t, sizeBytes, safety, prepare);
  t.equal(state.state, 'not_empty', 'refused');
  return state.state === 'not_empty' ? state.evidence : [];
}

async function inspectRealImageAsync(
  t: Test,
  sizeBytes: number,
  safety: Config['safety'],
  prepare: (file: string) => Promise<void>,
): Promise<DiskState> {
  // Prepared in a staging file, then copied (sparse) into the disk that inspectRealImage hashes and inspects.
  const staging = path.join(t.testdirName, 'staging.img');
  await mkdir(t.testdirName, { recursive: true });
  await writeFile(staging, '');
  execFileSync('truncate', ['-s', String(sizeBytes), staging]);
  await prepare(staging);
  t.teardown(() => execFileSync('rm', ['-f', staging]));
  return inspectRealImage(t, sizeBytes, safety, (file) => {
    execFileSync('cp', ['--sparse=always', staging, file]);
  });
}

function own(evidence: Evidence[]): string[] {
  return evidence.filter((entry) => entry.copy !== undefined).map((entry) => entry.description);
}

for (const blockSize of [1024, 2048, 4096]) {
  t.test(
    `ext4 with ${blockSize / 1024} KiB blocks, primary superblock zeroed: its backup refuses`,
    { skip },
    async (t) => {
      const evidence = await inspectPrepared(t, 400 * MiB, PROBES_ONLY, async (file) => {
        run(['mkfs.ext4', '-q', '-F', '-b', String(blockSize), '-E', 'nodiscard', file]);
        await zero(file, 1024, 1024);
      });
      const groupBytes = 8 * blockSize * blockSize;
      const offset = (blockSize === 1024 ? 1024 : 0) + groupBytes;
      t.ok(
        own(evidence).includes(
          `ext4 backup superblock (group 1, ${blockSize / 1024} KiB blocks) at offset ${offset} (0x${offset.toString(16)})`,
        ),
        own(evidence).join('\n'),
      );
      t.notOk(
        own(evidence).some((line) => line.includes('primary superblock')),
        'the primary is gone',
      );
    },
  );
}

t.test('btrfs, primary superblock zeroed: the mirror at 64 MiB refuses', { skip }, async (t) => {
  const evidence = await inspectPrepared(t, 300 * MiB, PROBES_ONLY, async (file) => {
    run(['mkfs.btrfs', '-q', '-f', file]);
    await zero(file, 64 * 1024, 4096);
  });
  t.same(own(evidence), ['btrfs superblock mirror 1 at offset 67108864 (0x4000000)']);
});

t.test('XFS, primary superblock zeroed: the allocation-group superblocks refuse', { skip }, async (t) => {
  let agBytes = 0;
  const evidence = await inspectPrepared(t, 600 * MiB, PROBES_ONLY, async (file) => {
    const output = run(['mkfs.xfs', '-f', file]);
    const agsize = Number(/agsize=(\d+) blks/.exec(output)?.[1]);
    const bsize = Number(/bsize=(\d+)/.exec(output)?.[1]);
    agBytes = agsize * bsize;
    await zero(file, 0, 512);
  });
  t.ok(agBytes > 0, 'mkfs.xfs printed its AG size');
  t.ok(
    own(evidence).includes(
      `XFS secondary superblock (allocation group 1) at offset ${agBytes} (0x${agBytes.toString(16)})`,
    ),
    own(evidence).join('\n'),
  );
});

t.test('NTFS, boot sector zeroed: the backup boot sector in the last sector refuses', { skip }, async (t) => {
  const size = 300 * MiB;
  const evidence = await inspectPrepared(t, size, PROBES_ONLY, async (file) => {
    run(['mkntfs', '-F', '-f', '-Q', file]);
    await zero(file, 0, 512);
  });
  const offset = size - 512;
  t.same(own(evidence), [`NTFS backup boot sector at offset ${offset} (0x${offset.toString(16)})`]);
});

t.test('FAT32, boot sector zeroed: the backup boot sector (sector 6) refuses', { skip }, async (t) => {
  const evidence = await inspectPrepared(t, 300 * MiB, PROBES_ONLY, async (file) => {
    run(['mkfs.vfat', '-F', '32', file]);
    await zero(file, 0, 512);
  });
  t.ok(own(evidence).includes('FAT32 backup boot sector at offset 3072 (0xc00)'), own(evidence).join('\n'));
});

t.test('exFAT, boot sector zeroed: the backup boot region (sector 12) refuses', { skip }, async (t) => {
  const evidence = await inspectPrepared(t, 300 * MiB, PROBES_ONLY, async (file) => {
    run(['mkfs.exfat', file]);
    await zero(file, 0, 512);
  });
  t.ok(own(evidence).includes('exFAT backup boot sector at offset 6144 (0x1800)'), own(evidence).join('\n'));
});

t.test('F2FS, superblock 0 zeroed: superblock 1 refuses', { skip }, async (t) => {
  const evidence = await inspectPrepared(t, 300 * MiB, PROBES_ONLY, async (file) => {
    run(['mkfs.f2fs', '-q', '-f', file]);
    await zero(file, 1024, 1024);
  });
  t.same(own(evidence), [
    'F2FS superblock 1 at offset 5120 (0x1400)',
    'F2FS checkpoint pack 1 at offset 2097152 (0x200000)',
    'F2FS checkpoint pack 2 at offset 4194304 (0x400000)',
  ]);
});

for (const { name, make, expected } of [
  {
    name: 'F2FS',
    make: (file: string) => run(['mkfs.f2fs', '-q', '-f', file]),
    expected: [
      'F2FS checkpoint pack 1 at offset 2097152 (0x200000)',
      'F2FS checkpoint pack 2 at offset 4194304 (0x400000)',
    ],
  },
  {
    name: 'exFAT',
    make: (file: string) => run(['mkfs.exfat', file]),
    expected: ['exFAT file allocation table at offset 1048576 (0x100000)'],
  },
]) {
  t.test(
    `${name} with its first MiB zeroed (every superblock copy gone): what follows it refuses, named`,
    { skip },
    async (t) => {
      const evidence = await inspectPrepared(t, 2048 * MiB, PROBES_ONLY, async (file) => {
        make(file);
        await zero(file, 0, MiB);
      });
      t.same(own(evidence).slice(0, expected.length), expected);
    },
  );
}

t.test('LUKS2, primary header zeroed: the secondary header refuses', { skip }, async (t) => {
  let secondary = 0;
  const evidence = await inspectPrepared(t, 64 * MiB, PROBES_ONLY, async (file) => {
    run(
      [
        'cryptsetup',
        'luksFormat',
        '--type',
        'luks2',
        '-q',
        '--pbkdf',
        'pbkdf2',
        '--pbkdf-force-iterations',
        '1000',
        file,
        '-',
      ],
      'passphrase',
    );
    // hdr_size in the primary binary header: where cryptsetup put the secondary one.
    secondary = Number((await readAt(file, 8, 8)).readBigUInt64BE(0));
    await zero(file, 0, 4096);
  });
  t.ok(secondary >= 16384, `cryptsetup's header size is ${secondary}`);
  t.same(own(evidence), [`LUKS2 secondary header at offset ${secondary} (0x${secondary.toString(16)})`]);
});

t.test(
  'ZFS reduced to its end labels L2 and L3 (blkid agrees it is ZFS): our probe names them',
  { skip },
  async (t) => {
    const size = 300 * MiB;
    const l2 = size - 512 * 1024;
    const evidence = await inspectPrepared(t, size, PROBES_ONLY, async (file) => {
      // The on-disk label format (no ZFS tools on the host): vdev_phys nvlist header and an uberblock ring.
      const handle = await open(file, 'r+');
      for (const label of [l2, size - 256 * 1024]) {
        await handle.write(Buffer.from('010100000000000000000001', 'hex'), 0, 12, label + 16 * 1024);
        for (let slot = 0; slot < 128; slot += 1) {
          const uberblock = Buffer.alloc(24);
          uberblock.writeBigUInt64LE(0x00bab10cn, 0);
          uberblock.writeBigUInt64LE(5000n, 8);
          uberblock.writeBigUInt64LE(BigInt(4 + slot), 16);
          await handle.write(uberblock, 0, 24, label + 128 * 1024 + slot * 1024);
        }
      }
      await handle.close();
      t.match(
        run(['blkid', '-p', '-o', 'export', file]),
        /TYPE=zfs_member/,
        'blkid reads it as a ZFS member',
      );
    });
    t.same(own(evidence), [
      `ZFS label L2 at offset ${l2} (0x${l2.toString(16)})`,
      `ZFS label L3 at offset ${size - 256 * 1024} (0x${(size - 256 * 1024).toString(16)})`,
    ]);
  },
);

t.test(
  'a partition table wiped with sgdisk --zap-all: the ext4 inside the partition at 1 MiB refuses',
  { skip },
  async (t) => {
    const evidence = await inspectPrepared(t, 300 * MiB, PROBES_ONLY, async (file) => {
      run(['sgdisk', '-n', '1:1M:0', '-t', '1:8300', file]);
      const part = `${file}.part`;
      run(['truncate', '-s', `${290 * MiB}`, part]);
      run(['mkfs.ext4', '-q', '-F', '-E', 'nodiscard', part]);
      run(['dd', `if=${part}`, `of=${file}`, 'bs=1M', 'seek=1', 'conv=notrunc,sparse', 'status=none']);
      run(['rm', '-f', part]);
      run(['sgdisk', '--zap-all', file]);
    });
    t.ok(
      own(evidence).includes(
        'ext4 primary superblock at offset 1049600 (0x100400) (of a ext4 that starts at 1048576 (0x100000), where a partition would)',
      ),
      own(evidence).join('\n'),
    );
  },
);

t.test(
  'an ext4 after wipefs -a: refused by its backup superblocks, also with the edges rule off',
  { skip },
  async (t) => {
    for (const safety of [PROBES_ONLY, DEFAULTS]) {
      const evidence = await inspectPrepared(t, 400 * MiB, safety, async (file) => {
        run(['mkfs.ext4', '-q', '-F', '-b', '4096', '-E', 'nodiscard', file]);
        run(['wipefs', '-a', '-q', file]);
      });
      t.ok(
        own(evidence).includes(
          'ext4 backup superblock (group 1, 4 KiB blocks) at offset 134217728 (0x8000000)',
        ),
      );
    }
  },
);

t.test(
  'quick-wiped (dd bs=1M count=1 at both ends) ext4 with files: refused with the default settings',
  { skip },
  async (t) => {
    const size = 1024 * MiB;
    const evidence = await inspectPrepared(t, size, DEFAULTS, async (file) => {
      const content = path.join(path.dirname(file), 'content');
      await mkdir(content, { recursive: true });
      await writeFile(path.join(content, 'data.txt'), 'customer data\n'.repeat(10000));
      run(['mkfs.ext4', '-q', '-F', '-E', 'nodiscard', '-d', content, file]);
      await zero(file, 0, MiB);
      await zero(file, size - MiB, MiB);
    });
    const first = evidence.find((entry) => entry.format !== undefined);
    t.equal(first?.format, 'ext4');
    t.equal(
      first?.description,
      'ext4 backup superblock (group 1, 4 KiB blocks) at offset 134217728 (0x8000000)',
    );
  },
);

t.test(
  'data without any format past the first MiB: the emptiness scan refuses, naming the offset',
  { skip },
  async (t) => {
    const size = 1900 * MiB;
    const at = 1200 * MiB + 12345;
    const evidence = await inspectPrepared(t, size, DEFAULTS, async (file) => {
      const handle = await open(file, 'r+');
      // 32 MiB of data (a file's extents, say) in the middle: a few samples fall into it.
      await handle.write(Buffer.alloc(32 * MiB, 0x5a), 0, 32 * MiB, at);
      await handle.close();
    });
    t.equal(evidence.length, 1);
    t.equal(evidence[0]?.kind, 'non-zero-sample');
    t.match(
      evidence[0]?.description,
      /^data at offset \d+ \(0x[0-9a-f]+\) found by the emptiness scan \(sample \d+ of 256;/,
    );
    t.ok(
      (evidence[0]?.offset ?? 0) >= at && (evidence[0]?.offset ?? 0) < at + 32 * MiB,
      'the offset is inside the data',
    );
  },
);

t.test(
  'with the default settings a damaged NTFS or ext4 is refused by its format, not only as non-zero-head',
  { skip },
  async (t) => {
    const cases = [
      {
        make: (file: string) => run(['mkntfs', '-F', '-f', '-Q', file]),
        primary: { offset: 0, length: 512 },
        expected: `NTFS backup boot sector at offset ${300 * MiB - 512}`,
      },
      {
        make: (file: string) => run(['mkfs.ext4', '-q', '-F', '-b', '4096', '-E', 'nodiscard', file]),
        primary: { offset: 1024, length: 1024 },
        expected: 'ext4 backup superblock (group 1, 4 KiB blocks) at offset 134217728',
      },
    ];
    for (const { make, primary, expected } of cases) {
      const evidence = await inspectPrepared(t, 300 * MiB, DEFAULTS, async (file) => {
        make(file);
        await zero(file, primary.offset, primary.length);
      });
      const first = evidence.find((entry) => entry.format !== undefined);
      t.match(
        first?.description,
        expected,
        'the first recognised finding (the REFUSED marker) names the format',
      );
      t.ok(
        evidence.some((entry) => entry.kind === 'non-zero-head'),
        'the edge rule fires as well',
      );
    }
  },
);
