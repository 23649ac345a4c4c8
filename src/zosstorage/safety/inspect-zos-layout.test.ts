import { readFileSync } from 'node:fs';
import { parseMounts } from '../mount/parse-mounts.ts';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import t, { type Test } from 'tap';
import type { Config } from '../types.ts';
import { inspectDisks, type DiskState } from './inspect-disks.ts';
import {
  addSysfsDisk,
  fingerprintFile,
  makeDevice,
  makeScratchDir,
  MiB,
  writeSparseImage,
} from '../testing/make-fake-disk.ts';
import { createProbeRunner } from '../testing/test-doubles.ts';

const SIZE = 100 * MiB;
const STRICT: Config['safety'] = { require_zeroed_edges: true, scan_samples: 256, former_partitions: true };
const hasSgdisk = (() => {
  try {
    execFileSync('sgdisk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// The tests below skip without sgdisk; this one fails instead, so a missing tool never passes silently.
t.test('sgdisk is installed (./scripts/test installs gdisk)', async (t) => {
  t.ok(hasSgdisk, 'sgdisk --version runs');
});

/** sgdisk arguments for the zos layout (ESP shrunk to 32 MiB to keep the image small). */
const ZOS_LAYOUT = [
  ['-n', '1:1M:+1M', '-t', '1:EF02', '-c', '1:zosboot'],
  ['-n', '2:2M:+32M', '-t', '2:EF00', '-c', '2:zosboot'],
  ['-n', '3:34M:-1M', '-t', '3:8300', '-c', '3:zosdata'],
].flat();

interface Setup {
  sgdisk?: string[];
  patches?: { offset: number; bytes: Buffer | string }[];
  respond?: Parameters<typeof createProbeRunner>[0];
  mounts?: (devRoot: string) => string;
  sysfs?: Parameters<typeof addSysfsDisk>[3];
}

/** Partitions a sparse image with the host's sgdisk (an image file, never a device), then inspects it. */
async function inspectImage(t: Test, setup: Setup): Promise<DiskState> {
  const dir = await makeScratchDir(t);
  const file = path.join(dir, 'dev', 'vda');
  await writeSparseImage(file, SIZE);
  execFileSync('sgdisk', [...(setup.sgdisk ?? ZOS_LAYOUT), file], { stdio: 'ignore' });
  if (setup.patches) {
    for (const patch of setup.patches) {
      execFileSync('dd', [`of=${file}`, 'bs=1', `seek=${patch.offset}`, 'conv=notrunc', 'status=none'], {
        input: patch.bytes,
      });
    }
  }
  await addSysfsDisk(path.join(dir, 'sys'), 'vda', SIZE, setup.sysfs ?? { partitions: [1, 2, 3] });
  await writeFile(path.join(dir, 'mounts'), setup.mounts?.(path.join(dir, 'dev')) ?? '');
  const before = await fingerprintFile(file);
  const runner = createProbeRunner(setup.respond);
  const [state] = await inspectDisks({
    devices: [makeDevice('vda', file, SIZE)],
    runner,
    sysRoot: path.join(dir, 'sys'),
    devRoot: path.join(dir, 'dev'),
    mounts: parseMounts(readFileSync(path.join(dir, 'mounts'), 'utf8')),
    safety: STRICT,
  });
  t.equal(await fingerprintFile(file), before, 'nothing was written to the image');
  return state as DiskState;
}

/** Answers blkid like the real tool would for a provisioned disk: PTTYPE on the disk, filesystems by offset. */
function provisionedBlkid(argv: string[]) {
  if (argv[0] === 'wipefs') {
    const signatures = [
      { device: 'vda', offset: '0x200', type: 'gpt', uuid: null, label: null },
      { device: 'vda', offset: `0x${(SIZE - 512).toString(16)}`, type: 'gpt', uuid: null, label: null },
      { device: 'vda', offset: '0x1fe', type: 'PMBR', uuid: null, label: null },
    ];
    return { exitCode: 0, stdout: JSON.stringify({ signatures }) };
  }
  const offset = argv[argv.indexOf('-O') + 1];
  if (!argv.includes('-O')) return { exitCode: 0, stdout: 'DEVNAME=x\nPTUUID=abc\nPTTYPE=gpt\n' };
  if (offset === String(2 * MiB))
    return { exitCode: 0, stdout: 'LABEL=ZOSBOOT\nUUID=ABCD-1234\nTYPE=vfat\n' };
  if (offset === String(34 * MiB)) {
    return { exitCode: 0, stdout: 'LABEL=ZOSDATA\nUUID=1111-data\nUUID_SUB=2222-sub\nTYPE=btrfs\n' };
  }
  return { exitCode: 2 };
}

function evidenceOf(state: DiskState): string[] {
  return state.state === 'not_empty'
    ? state.evidence.map((entry) => `${entry.kind}: ${entry.description}`)
    : [];
}

t.test(
  'a disk carrying the zos layout is recognized with its partitions and filesystems',
  { skip: !hasSgdisk },
  async (t) => {
    const state = await inspectImage(t, {
      respond: provisionedBlkid,
      mounts: (dev) => `${dev}/vda3 /var/cache/1111-data btrfs rw 0 0\n`,
    });
    t.equal(state.state, 'zos');
    if (state.state !== 'zos') return;
    t.match(state.found.diskGuid, /^[0-9a-f-]{36}$/);
    t.equal(state.found.sectorSize, 512);
    t.same(
      state.found.partitions.map((p) => [
        p.number,
        p.name,
        p.startBytes,
        p.sizeBytes,
        p.path.endsWith(`/vda${p.number}`),
        p.fsType,
        p.label,
        p.uuid,
        p.uuidSub,
        p.mountpoints,
      ]),
      [
        [1, 'zosboot', MiB, MiB, true, null, null, null, null, []],
        [2, 'zosboot', 2 * MiB, 32 * MiB, true, 'vfat', 'ZOSBOOT', 'ABCD-1234', null, []],
        [
          3,
          'zosdata',
          34 * MiB,
          // sgdisk "-1M": 1 MiB before the last usable LBA (the backup GPT takes the last 33 sectors)
          SIZE - 35 * MiB - 33 * 512,
          true,
          'btrfs',
          'ZOSDATA',
          '1111-data',
          '2222-sub',
          ['/var/cache/1111-data'],
        ],
      ],
    );
    t.same(
      state.found.partitions.map((p) => p.typeGuid),
      [
        '21686148-6449-6e6f-744e-656564454649',
        'c12a7328-f81f-11d2-ba4b-00a0c93ec93b',
        '0fc63daf-8483-4772-8e79-3d69d8477de4',
      ],
    );
  },
);

t.test(
  'our GPT without filesystems is still the zos layout (classification calls it partial)',
  { skip: !hasSgdisk },
  async (t) => {
    const state = await inspectImage(t, {});
    t.equal(state.state, 'zos');
    if (state.state !== 'zos') return;
    t.same(
      state.found.partitions.map((p) => p.fsType),
      [null, null, null],
    );
  },
);

t.test('a foreign GPT is not empty and says what it holds', { skip: !hasSgdisk }, async (t) => {
  const state = await inspectImage(t, { sgdisk: ['-n', '1:1M:0', '-t', '1:8300', '-c', '1:primary'] });
  t.equal(state.state, 'not_empty');
  const lines = evidenceOf(state);
  t.ok(lines.includes('protective-mbr: protective MBR (partition type 0xEE) at offset 446 (0x1be)'));
  t.ok(
    lines.includes(
      'gpt-primary: primary GPT header "EFI PART" at offset 512 (0x200) (LBA 1, 512-byte sectors)',
    ),
  );
  t.ok(
    lines.some((line) =>
      line.startsWith(`gpt-backup: backup GPT header "EFI PART" at offset ${SIZE - 512} `),
    ),
  );
  t.ok(
    lines.includes('non-zero-head: non-zero bytes at offset 448 (0x1c0) (the first MiB must read as zeros)'),
  );
  t.ok(
    lines.some((line) =>
      /^foreign-gpt: GPT that is not the zos layout: 1 "primary" \(type 0fc63daf-8483-4772-8e79-3d69d8477de4, at 1048576\)$/.test(
        line,
      ),
    ),
    lines.join('\n'),
  );
});

t.test('the zos partitions plus a stranger are an incomplete layout', { skip: !hasSgdisk }, async (t) => {
  const sgdisk = [
    ...ZOS_LAYOUT.slice(0, -6),
    '-n',
    '3:34M:+64M',
    '-t',
    '3:8300',
    '-c',
    '3:zosdata',
    '-n',
    '4:0:-1M',
    '-t',
    '4:8300',
    '-c',
    '4:home',
  ];
  const state = await inspectImage(t, { sgdisk, sysfs: { partitions: [1, 2, 3, 4] } });
  t.ok(
    evidenceOf(state).some((line) =>
      /^incomplete-gpt: .*partition 4 "home" .* is not part of the zos layout/.test(line),
    ),
  );
});

t.test(
  'a zos GPT with a foreign signature in the gap is not provisioned',
  { skip: !hasSgdisk },
  async (t) => {
    const state = await inspectImage(t, { patches: [{ offset: 65600, bytes: '_BHRfS_M' }] });
    const lines = evidenceOf(state);
    t.ok(lines.includes('btrfs: btrfs primary superblock at offset 65536 (0x10000)'));
    t.ok(lines.some((line) => line.startsWith('zos-gpt-with-foreign-signatures:')));
  },
);

t.test(
  'on a zos disk, stray bytes in the edge gaps are refused; MBR boot code is allowed',
  { skip: !hasSgdisk },
  async (t) => {
    const head = await inspectImage(t, {
      respond: provisionedBlkid,
      patches: [{ offset: 512 * 1024, bytes: 'x' }],
    });
    t.ok(
      evidenceOf(head).includes(
        'zos-gap-not-zero: non-zero bytes at offset 524288 (0x80000) between the GPT and the first partition (expected zeros)',
      ),
      evidenceOf(head).join('\n'),
    );
    const tail = await inspectImage(t, {
      respond: provisionedBlkid,
      patches: [{ offset: SIZE - 64 * 1024, bytes: 'y' }],
    });
    t.ok(
      evidenceOf(tail).some((line) =>
        line.startsWith(`zos-gap-not-zero: non-zero bytes at offset ${SIZE - 65536} `),
      ),
    );
    const bootCode = await inspectImage(t, {
      respond: provisionedBlkid,
      patches: [{ offset: 0, bytes: Buffer.from([0xeb, 0x63, 0x90]) }],
    });
    t.equal(bootCode.state, 'zos', 'a BIOS bootloader in the MBR boot code keeps the disk provisioned');
  },
);

t.test('a zos GPT whose backup header is damaged is incomplete', { skip: !hasSgdisk }, async (t) => {
  const state = await inspectImage(t, { patches: [{ offset: SIZE - 512 + 16, bytes: 'XXXX' }] });
  t.ok(
    evidenceOf(state).some((line) =>
      /^incomplete-gpt: .*backup GPT header at LBA \d+: header CRC32 does not match/.test(line),
    ),
    evidenceOf(state).join('\n'),
  );
});

t.test('a holder on a zos partition is not explained by the layout', { skip: !hasSgdisk }, async (t) => {
  const state = await inspectImage(t, { sysfs: { partitions: [1, 2, 3], holders: { vda3: ['dm-3'] } } });
  t.ok(evidenceOf(state).includes('holder: vda3 is held by dm-3 (sysfs vda3/holders/dm-3)'));
});

t.test(
  'a multi-device bcachefs mount (colon-joined source) counts for its members',
  { skip: !hasSgdisk },
  async (t) => {
    const state = await inspectImage(t, {
      respond: provisionedBlkid,
      mounts: (dev) => `${dev}/vdz3:${dev}/vda3 /var/cache/x bcachefs rw 0 0\n`,
    });
    t.equal(state.state, 'zos');
    t.same(state.state === 'zos' ? state.found.partitions[2]?.mountpoints : null, ['/var/cache/x']);
  },
);

t.test('a whole-disk mount is never explained by the layout', { skip: !hasSgdisk }, async (t) => {
  const state = await inspectImage(t, { mounts: (dev) => `${dev}/vda /mnt ext4 rw 0 0\n` });
  t.ok(evidenceOf(state).includes('mounted: vda is mounted at /mnt (ext4)'));
});
