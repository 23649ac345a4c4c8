import { readFileSync } from 'node:fs';
import { parseMounts } from '../mount/parse-mounts.ts';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

const SIZE = 128 * MiB;
const STRICT: Config['safety'] = { require_zeroed_edges: true, scan_samples: 256, former_partitions: true };
const LENIENT: Config['safety'] = { require_zeroed_edges: false, scan_samples: 0, former_partitions: true };

interface Setup {
  patches?: { offset: number; bytes: Buffer | string }[];
  safety?: Config['safety'];
  respond?: Parameters<typeof createProbeRunner>[0];
  /** The mounts file, given the fake dev root. */
  mounts?: (devRoot: string) => string;
  /** Extra symlinks in the fake dev root. */
  links?: Record<string, string>;
  sysfs?: Parameters<typeof addSysfsDisk>[3];
  sizeBytes?: number;
}

/** Builds a fake vdb (sparse file + sysfs entry), inspects it, and checks that nothing was written. */
async function inspectFake(t: Test, setup: Setup = {}): Promise<{ state: DiskState; calls: string[][] }> {
  const dir = await makeScratchDir(t);
  const size = setup.sizeBytes ?? SIZE;
  const file = path.join(dir, 'dev', 'vdb');
  await writeSparseImage(file, size, setup.patches);
  await addSysfsDisk(path.join(dir, 'sys'), 'vdb', size, setup.sysfs);
  const mountsFile = path.join(dir, 'mounts');
  await writeFile(mountsFile, setup.mounts?.(path.join(dir, 'dev')) ?? 'proc /proc proc rw 0 0\n');
  for (const [link, target] of Object.entries(setup.links ?? {}))
    await symlink(target, path.join(dir, 'dev', link));
  const before = await fingerprintFile(file);
  const runner = createProbeRunner(setup.respond);
  const calls = runner.calls;
  const [state] = await inspectDisks({
    devices: [makeDevice('vdb', file, size)],
    runner,
    sysRoot: path.join(dir, 'sys'),
    devRoot: path.join(dir, 'dev'),
    mounts: parseMounts(readFileSync(mountsFile, 'utf8')),
    safety: setup.safety ?? STRICT,
  });
  t.equal(await fingerprintFile(file), before, 'nothing was written to the disk');
  return { state: state as DiskState, calls: calls.map((call) => call.argv) };
}

function descriptions(state: DiskState): string[] {
  return state.state === 'not_empty' ? state.evidence.map((finding) => finding.description) : [];
}

t.test('an all-zero disk is empty; wipefs, the one probe tool beside our reads, was asked', async (t) => {
  const { state, calls } = await inspectFake(t);
  t.equal(state.state, 'empty');
  t.same(calls, [['wipefs', '--no-act', '--json', calls[0]?.[3]]]);
  t.match(calls[0]?.[3], /\/dev\/vdb$/);
});

const END = SIZE;
const SIGNATURES: { name: string; patches: Setup['patches']; kind: string; evidence: string }[] = [
  {
    name: 'MBR with a Linux partition',
    patches: [
      { offset: 446 + 4, bytes: Buffer.from([0x83]) },
      { offset: 510, bytes: Buffer.from([0x55, 0xaa]) },
    ],
    kind: 'mbr-partition',
    evidence: 'MBR partition 1 of type 0x83 at offset 446 (0x1be)',
  },
  {
    name: 'bare MBR boot signature',
    patches: [{ offset: 510, bytes: Buffer.from([0x55, 0xaa]) }],
    kind: 'mbr',
    evidence: 'MBR boot signature 0x55AA at offset 510 (0x1fe)',
  },
  {
    name: 'protective MBR',
    patches: [
      { offset: 446 + 4, bytes: Buffer.from([0xee]) },
      { offset: 510, bytes: Buffer.from([0x55, 0xaa]) },
    ],
    kind: 'protective-mbr',
    evidence: 'protective MBR (partition type 0xEE) at offset 446 (0x1be)',
  },
  {
    name: 'primary GPT header only',
    patches: [{ offset: 512, bytes: 'EFI PART' }],
    kind: 'gpt-primary',
    evidence: 'primary GPT header "EFI PART" at offset 512 (0x200) (LBA 1, 512-byte sectors)',
  },
  {
    name: 'primary GPT header of a 4096-byte-sector disk',
    patches: [{ offset: 4096, bytes: 'EFI PART' }],
    kind: 'gpt-primary',
    evidence: 'primary GPT header "EFI PART" at offset 4096 (0x1000) (LBA 1, 4096-byte sectors)',
  },
  {
    name: 'backup GPT header only, at the last LBA',
    patches: [{ offset: END - 512, bytes: 'EFI PART' }],
    kind: 'gpt-backup',
    evidence: `backup GPT header "EFI PART" at offset ${END - 512} (0x${(END - 512).toString(16)}) (LBA ${END / 512 - 1}, 512-byte sectors)`,
  },
  {
    name: 'btrfs superblock at 64 KiB',
    patches: [{ offset: 65536 + 64, bytes: '_BHRfS_M' }],
    kind: 'btrfs',
    evidence: 'btrfs primary superblock at offset 65536 (0x10000)',
  },
  {
    name: 'btrfs superblock mirror at 64 MiB',
    patches: [{ offset: 64 * MiB + 64, bytes: '_BHRfS_M' }],
    kind: 'btrfs',
    evidence: 'btrfs superblock mirror 1 at offset 67108864 (0x4000000)',
  },
  {
    name: 'ext4 superblock',
    patches: [{ offset: 1080, bytes: Buffer.from([0x53, 0xef]) }],
    kind: 'ext',
    evidence: 'ext2 primary superblock at offset 1024 (0x400)',
  },
  {
    name: 'bcachefs superblock',
    patches: [{ offset: 4096 + 24, bytes: Buffer.from('c68573f666ce90a9d96a60cf803df7ef', 'hex') }],
    kind: 'bcachefs',
    evidence: 'bcachefs superblock at offset 4096 (0x1000)',
  },
  {
    name: 'bcachefs superblock layout',
    patches: [{ offset: 3584, bytes: Buffer.from('c68573f666ce90a9d96a60cf803df7ef', 'hex') }],
    kind: 'bcachefs',
    evidence: 'bcachefs superblock layout at offset 3584 (0xe00)',
  },
  {
    name: 'bcache superblock',
    patches: [{ offset: 4096 + 24, bytes: Buffer.from('c68573f64e1a45ca8265f57f48ba6d81', 'hex') }],
    kind: 'bcachefs',
    evidence: 'bcache superblock at offset 4096 (0x1000)',
  },
  {
    name: 'XFS',
    patches: [{ offset: 0, bytes: 'XFSB' }],
    kind: 'xfs',
    evidence: 'XFS primary superblock at offset 0 (0x0)',
  },
  {
    name: 'LVM2 physical volume',
    patches: [{ offset: 512, bytes: 'LABELONE' }],
    kind: 'lvm2',
    evidence: 'LVM2 physical volume label at offset 512 (0x200)',
  },
  {
    name: 'md 0.90 superblock near the end',
    patches: [{ offset: END - 65536, bytes: Buffer.from('fc4e2ba9', 'hex') }],
    kind: 'mdraid',
    evidence: `Linux md 0.90 superblock at offset ${END - 65536} (0x${(END - 65536).toString(16)})`,
  },
  {
    name: 'md 1.2 superblock at 4 KiB',
    patches: [{ offset: 4096, bytes: Buffer.from('fc4e2ba9', 'hex') }],
    kind: 'mdraid',
    evidence: 'Linux md 1.2 superblock at offset 4096 (0x1000)',
  },
  {
    name: 'md 1.0 superblock 8 KiB before the end',
    patches: [{ offset: END - 8192, bytes: Buffer.from('fc4e2ba9', 'hex') }],
    kind: 'mdraid',
    evidence: `Linux md 1.0 superblock at offset ${END - 8192} (0x${(END - 8192).toString(16)})`,
  },
  {
    name: 'swap',
    patches: [{ offset: 4086, bytes: 'SWAPSPACE2' }],
    kind: 'swap',
    evidence: 'swap signature (4 KiB pages) at offset 4086 (0xff6)',
  },
  {
    name: 'LUKS',
    patches: [{ offset: 0, bytes: Buffer.from('4c554b53babe', 'hex') }],
    kind: 'luks',
    evidence: 'LUKS header at offset 0 (0x0)',
  },
  {
    name: 'FAT32 boot sector',
    patches: [{ offset: 82, bytes: 'FAT32   ' }],
    kind: 'vfat',
    evidence: 'FAT32 boot sector at offset 0 (0x0)',
  },
  {
    name: 'FAT16 boot sector',
    patches: [{ offset: 54, bytes: 'FAT16   ' }],
    kind: 'vfat',
    evidence: 'FAT12/16 boot sector at offset 0 (0x0)',
  },
  {
    name: 'NTFS boot sector',
    patches: [{ offset: 3, bytes: 'NTFS    ' }],
    kind: 'ntfs',
    evidence: 'NTFS boot sector at offset 0 (0x0)',
  },
  {
    name: 'exFAT boot sector',
    patches: [{ offset: 3, bytes: 'EXFAT   ' }],
    kind: 'exfat',
    evidence: 'exFAT boot sector at offset 0 (0x0)',
  },
  {
    name: 'ISO 9660',
    patches: [{ offset: 32769, bytes: 'CD001' }],
    kind: 'iso9660',
    evidence: 'ISO 9660 volume descriptor at offset 32768 (0x8000)',
  },
];

for (const signature of SIGNATURES) {
  t.test(`refuses a disk with: ${signature.name} (even with zeroed-edge checks off)`, async (t) => {
    const { state } = await inspectFake(t, { patches: signature.patches, safety: LENIENT });
    t.equal(state.state, 'not_empty');
    if (state.state !== 'not_empty') return;
    const finding = state.evidence.find((entry) => entry.kind === signature.kind);
    t.equal(finding?.description, signature.evidence);
    t.type(finding?.offset, 'number');
  });
}

t.test('zeroed edges: a stray byte in the first MiB', async (t) => {
  const patches = [{ offset: 123_457, bytes: Buffer.from([1]) }];
  const strict = await inspectFake(t, { patches });
  t.same(descriptions(strict.state), [
    'non-zero bytes at offset 123457 (0x1e241) (the first MiB must read as zeros)',
  ]);
  const lenient = await inspectFake(t, { patches, safety: LENIENT });
  t.equal(lenient.state.state, 'empty', 'without require_zeroed_edges only signatures count');
});

t.test('zeroed edges: a stray byte in the last MiB', async (t) => {
  const patches = [{ offset: SIZE - 1, bytes: Buffer.from([0xff]) }];
  const strict = await inspectFake(t, { patches });
  t.same(descriptions(strict.state), [
    `non-zero bytes at offset ${SIZE - 1} (0x${(SIZE - 1).toString(16)}) (the last MiB must read as zeros)`,
  ]);
  t.equal((await inspectFake(t, { patches, safety: LENIENT })).state.state, 'empty');
});

t.test('zeroed edges: data in the middle of the disk is not an edge', async (t) => {
  const { state } = await inspectFake(t, { patches: [{ offset: 64 * MiB, bytes: 'hello' }] });
  t.equal(state.state, 'empty');
});

t.test('a tiny disk: head and tail overlap without double reports', async (t) => {
  const { state } = await inspectFake(t, { sizeBytes: MiB, patches: [{ offset: 100, bytes: 'x' }] });
  t.same(descriptions(state), ['non-zero bytes at offset 100 (0x64) (the first MiB must read as zeros)']);
});

t.test('blkid -p does not run on the whole disk: what it would say, wipefs lists', async (t) => {
  const { state, calls } = await inspectFake(t, {
    respond: (argv) =>
      argv[0] === 'blkid' ? { exitCode: 0, stdout: 'DEVNAME=/dev/vdb\nTYPE=zfs_member\n' } : undefined,
  });
  t.equal(state.state, 'empty', 'a blkid answer changes nothing: blkid was not asked');
  t.notOk(calls.some((argv) => argv[0] === 'blkid'));
});

const LVM_ONLY_WIPEFS = JSON.stringify({
  signatures: [{ device: 'vdb', offset: '0x218', type: 'LVM2_member', uuid: null, label: null }],
});

/**
 * Inspects an all-zero fake vdb whose reads go through `onRead` (called with the read's number before it is made)
 * and whose wipefs answers LVM_ONLY_WIPEFS once `wipefsWaits` resolves (or after 3 s). Returns the outcome and
 * the order of events: `start wipefs`, `answer wipefs`, and `rejected`/`resolved` for the inspection itself.
 */
async function inspectBesideWipefs(
  t: Test,
  options: { onRead: (count: number) => void; wipefsWaits: Promise<void> },
) {
  const dir = await makeScratchDir(t);
  const file = path.join(dir, 'dev', 'vdb');
  await writeSparseImage(file, SIZE);
  await addSysfsDisk(path.join(dir, 'sys'), 'vdb', SIZE);
  const events: string[] = [];
  let reads = 0;
  const real = await import('./open-device-reader.ts');
  const { inspectDisks: inspectCounted } = await t.mockImport<typeof import('./inspect-disks.ts')>(
    './inspect-disks.ts',
    {
      './open-device-reader.ts': {
        openDeviceReader: async (device: string) => {
          const reader = await real.openDeviceReader(device);
          const counted =
            (read: typeof reader.read): typeof reader.read =>
            async (offset, length) => {
              reads += 1;
              options.onRead(reads);
              return read(offset, length);
            };
          return { ...reader, read: counted(reader.read), readQueued: counted(reader.readQueued) };
        },
      },
    },
  );
  let readsAtAnswer = 0;
  const runner = async (command: { argv: string[] }) => {
    events.push(`start ${command.argv[0]}`);
    await Promise.race([options.wipefsWaits, new Promise((resolve) => setTimeout(resolve, 3000))]);
    events.push(`answer ${command.argv[0]}`);
    readsAtAnswer = reads;
    return { exitCode: 0, stdout: LVM_ONLY_WIPEFS, stderr: '' };
  };
  const outcome = await inspectCounted({
    devices: [makeDevice('vdb', file, SIZE)],
    runner,
    sysRoot: path.join(dir, 'sys'),
    devRoot: path.join(dir, 'dev'),
    mounts: [],
    safety: STRICT,
  }).then(
    (states) => {
      events.push('resolved');
      return { state: states[0], error: null };
    },
    (error: unknown) => {
      events.push('rejected');
      return { state: undefined, error };
    },
  );
  return { ...outcome, events, readsAtAnswer: () => readsAtAnswer };
}

t.test('wipefs runs beside our reads: a signature only it finds, answered last, still refuses', async (t) => {
  let sawReads: () => void = () => undefined;
  const wipefsWaits = new Promise<void>((resolve) => (sawReads = resolve));
  // wipefs answers once 300 reads were made (our probes, about 100, and the 256 samples of the all-zero disk):
  // run one after the other, no read would come before its answer.
  const { state, events, readsAtAnswer } = await inspectBesideWipefs(t, {
    onRead: (count) => count === 300 && sawReads(),
    wipefsWaits,
  });
  t.same(events, ['start wipefs', 'answer wipefs', 'resolved']);
  t.ok(readsAtAnswer() >= 300, `our reads ran before wipefs answered (${readsAtAnswer()} of them)`);
  t.equal(state?.state, 'not_empty');
  if (state?.state !== 'not_empty') return;
  t.same(
    state.evidence.map((finding) => finding.kind),
    ['wipefs:LVM2_member'],
    "the scan's result (nothing) does not count once wipefs found something",
  );
});

t.test('a read error of our probes waits for wipefs to end, then is the error', async (t) => {
  const { error, events } = await inspectBesideWipefs(t, {
    onRead: (count) => {
      if (count === 5) throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    },
    wipefsWaits: new Promise((resolve) => setTimeout(resolve, 200)),
  });
  t.match(error, { code: 'EIO' });
  t.same(events, ['start wipefs', 'answer wipefs', 'rejected'], 'no command outlives the inspection');
});

t.test('a read error of the emptiness scan does not count when wipefs finds a signature', async (t) => {
  let reads = 0;
  let scanFailed: () => void = () => undefined;
  const wipefsWaits = new Promise<void>((resolve) => (scanFailed = resolve));
  const { state, error, events } = await inspectBesideWipefs(t, {
    onRead: (count) => {
      reads = count;
      // Past our probes (about 100 reads): a sample read fails; wipefs answers after it.
      if (count === 200) {
        setTimeout(scanFailed, 50);
        throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
      }
    },
    wipefsWaits,
  });
  t.equal(error, null);
  t.ok(reads >= 200, `the scan had started (${reads} reads)`);
  t.same(events, ['start wipefs', 'answer wipefs', 'resolved']);
  t.same(state?.state === 'not_empty' ? state.evidence.map((finding) => finding.kind) : state?.state, [
    'wipefs:LVM2_member',
  ]);
});

t.test('wipefs signatures are evidence with their offsets', async (t) => {
  const stdout = JSON.stringify({
    signatures: [{ device: 'vdb', offset: '0x218', type: 'LVM2_member', uuid: 'abc', label: null }],
  });
  const { state } = await inspectFake(t, {
    respond: (argv) => (argv[0] === 'wipefs' ? { exitCode: 0, stdout } : undefined),
  });
  t.equal(state.state, 'not_empty');
  if (state.state !== 'not_empty') return;
  t.same(state.evidence, [
    {
      kind: 'wipefs:LVM2_member',
      description: 'wipefs finds a LVM2_member signature at offset 536 (0x218) (UUID=abc)',
      offset: 536,
    },
  ]);
});

t.test('a missing or failing probe tool never lets a disk pass', async (t) => {
  await t.rejects(inspectFake(t, { respond: (argv) => (argv[0] === 'wipefs' ? 'missing' : undefined) }), {
    code: 'TOOL_MISSING',
    message: /wipefs is needed to prove the target disks empty/,
  });
  await t.rejects(
    inspectFake(t, {
      respond: (argv) => (argv[0] === 'wipefs' ? { exitCode: 1, stderr: 'probing failed' } : undefined),
    }),
    { code: 'TOOL_FAILED', message: /wipefs --no-act failed .*probing failed/ },
  );
  await t.rejects(
    inspectFake(t, {
      respond: (argv) => (argv[0] === 'wipefs' ? { exitCode: 0, stdout: 'DEVICE OFFSET' } : undefined),
    }),
    { code: 'TOOL_FAILED', message: /not JSON/ },
  );
});

t.test('child partitions and holders in sysfs', async (t) => {
  const { state } = await inspectFake(t, {
    sysfs: { partitions: [1], holders: { vdb1: ['dm-0'], vdb: ['md0'] } },
  });
  t.same(descriptions(state), [
    'partition vdb1 exists in sysfs',
    'vdb is held by md0 (sysfs holders/md0)',
    'vdb1 is held by dm-0 (sysfs vdb1/holders/dm-0)',
  ]);
});

t.test('mounted disk or partition (mounts and mountinfo formats)', async (t) => {
  const disk = await inspectFake(t, { mounts: (dev) => `${dev}/vdb /mnt/data ext4 rw 0 0\n` });
  t.same(descriptions(disk.state), ['vdb is mounted at /mnt/data (ext4)']);
  const partition = await inspectFake(t, {
    sysfs: { partitions: [2] },
    mounts: (dev) => `36 25 254:2 / /srv/my\\040data rw,relatime shared:1 - xfs ${dev}/vdb2 rw\n`,
  });
  t.same(descriptions(partition.state), [
    'partition vdb2 exists in sysfs',
    'vdb2 is mounted at /srv/my data (xfs)',
  ]);
  const byLink = await inspectFake(t, {
    links: { 'by-label-data': 'vdb' },
    mounts: (dev) => `${dev}/by-label-data /data btrfs rw 0 0\n`,
  });
  t.same(descriptions(byLink.state), ['vdb is mounted at /data (btrfs)'], 'a symlinked source is resolved');
});

t.test("with a fake dev root, the host's own mounts never match", async (t) => {
  const { state } = await inspectFake(t, {
    sysfs: { partitions: [1] },
    mounts: () => '/dev/vdb1 / ext4 rw 0 0\n36 25 254:1 / /boot rw - ext4 /dev/vdb1 rw\n',
  });
  t.same(descriptions(state), ['partition vdb1 exists in sysfs']);
});

t.test('a missing device node is a clear error', async (t) => {
  const dir = t.testdir({ sys: {}, mounts: '' });
  await addSysfsDisk(path.join(dir, 'sys'), 'vdz', SIZE);
  const runner = createProbeRunner();
  await t.rejects(
    inspectDisks({
      devices: [makeDevice('vdz', path.join(dir, 'vdz'), SIZE)],
      runner,
      sysRoot: path.join(dir, 'sys'),
      devRoot: dir,
      mounts: parseMounts(readFileSync(path.join(dir, 'mounts'), 'utf8')),
      safety: STRICT,
    }),
    { code: 'USAGE', message: /cannot open .*vdz read-only .*ENOENT/ },
  );
});

t.test('the partitioned-disk fixture: vda empty, vdb refused for its partition and holder', async (t) => {
  const sysRoot = fileURLToPath(new URL('../../../fixtures/sysfs/partitioned-disk/', import.meta.url));
  const dir = await makeScratchDir(t);
  await writeFile(path.join(dir, 'mounts'), '');
  const devices = [];
  for (const name of ['vda', 'vdb']) {
    await writeSparseImage(path.join(dir, name), 40 * 1024 * MiB);
    devices.push(makeDevice(name, path.join(dir, name), 40 * 1024 * MiB));
  }
  const runner = createProbeRunner();
  const states = await inspectDisks({
    devices,
    runner,
    sysRoot,
    devRoot: dir,
    mounts: parseMounts(readFileSync(path.join(dir, 'mounts'), 'utf8')),
    safety: STRICT,
  });
  t.equal(states[0]?.state, 'empty');
  t.same(descriptions(states[1] as DiskState), [
    'partition vdb1 exists in sysfs',
    'vdb1 is held by dm-0 (sysfs vdb1/holders/dm-0)',
  ]);
});
