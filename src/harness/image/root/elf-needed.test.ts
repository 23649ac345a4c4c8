import t from 'tap';
import { readFileSync } from 'node:fs';
import { readElfDynamicInfo } from './elf-needed.ts';

t.test('a dynamic host binary names libc and the x86-64 loader', async (t) => {
  const info = readElfDynamicInfo(readFileSync(process.execPath));
  t.equal(info.isElf, true);
  t.ok(info.needed.includes('libc.so.6'), `needed: ${info.needed.join(', ')}`);
  t.equal(info.interpreter, '/lib64/ld-linux-x86-64.so.2');
});

t.test('a shared library has NEEDED entries but no interpreter', async (t) => {
  const libm = ['/lib/x86_64-linux-gnu/libm.so.6', '/usr/lib/x86_64-linux-gnu/libm.so.6'].find((p) => {
    try {
      readFileSync(p);
      return true;
    } catch {
      return false;
    }
  });
  if (!libm) return t.pass('no libm.so.6 on this host');
  const info = readElfDynamicInfo(readFileSync(libm));
  t.ok(info.needed.includes('libc.so.6'));
  t.equal(info.interpreter, null);
});

t.test('scripts and short files are not ELF; 32-bit ELF is refused', async (t) => {
  t.same(readElfDynamicInfo(Buffer.from('#!/bin/sh\necho hi\n'.padEnd(80, ' '))), {
    isElf: false,
    needed: [],
    runpath: [],
    interpreter: null,
  });
  t.equal(readElfDynamicInfo(Buffer.from('\x7fELF')).isElf, false);
  const elf32 = Buffer.alloc(64);
  elf32.write('\x7fELF', 0, 'latin1');
  elf32[4] = 1;
  elf32[5] = 1;
  t.throws(() => readElfDynamicInfo(elf32), /64-bit little-endian/);
});
