// Reads the dynamic-linking facts of a 64-bit little-endian ELF file: NEEDED libraries, RUNPATH, interpreter.

export interface ElfDynamicInfo {
  /** False for scripts and other non-ELF files. */
  isElf: boolean;
  needed: string[];
  runpath: string[];
  interpreter: string | null;
}

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NEEDED = 1n;
const DT_STRTAB = 5n;
const DT_RPATH = 15n;
const DT_RUNPATH = 29n;

function readCString(data: Buffer, offset: number): string {
  const end = data.indexOf(0, offset);
  return data.toString('utf8', offset, end < 0 ? data.length : end);
}

/** Parses the program headers and dynamic section of an ELF64 LE image. Pure. */
export function readElfDynamicInfo(data: Buffer): ElfDynamicInfo {
  const none: ElfDynamicInfo = { isElf: false, needed: [], runpath: [], interpreter: null };
  if (data.length < 64 || data.readUInt32BE(0) !== 0x7f454c46) return none;
  if (data[4] !== 2 || data[5] !== 1) throw new Error('only 64-bit little-endian ELF files are supported');
  const phoff = Number(data.readBigUInt64LE(0x20));
  const phentsize = data.readUInt16LE(0x36);
  const phnum = data.readUInt16LE(0x38);
  const loads: { vaddr: number; offset: number; filesz: number }[] = [];
  let dynamic: { offset: number; size: number } | null = null;
  let interpreter: string | null = null;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    const type = data.readUInt32LE(at);
    const offset = Number(data.readBigUInt64LE(at + 8));
    const vaddr = Number(data.readBigUInt64LE(at + 16));
    const filesz = Number(data.readBigUInt64LE(at + 32));
    if (type === PT_LOAD) loads.push({ vaddr, offset, filesz });
    if (type === PT_DYNAMIC) dynamic = { offset, size: filesz };
    if (type === PT_INTERP) interpreter = readCString(data, offset);
  }
  if (!dynamic) return { isElf: true, needed: [], runpath: [], interpreter };
  const entries: { tag: bigint; value: bigint }[] = [];
  for (let at = dynamic.offset; at + 16 <= dynamic.offset + dynamic.size; at += 16) {
    const tag = data.readBigInt64LE(at);
    if (tag === 0n) break;
    entries.push({ tag, value: data.readBigUInt64LE(at + 8) });
  }
  const strtabAddr = Number(entries.find((entry) => entry.tag === DT_STRTAB)?.value ?? 0n);
  const segment = loads.find((load) => strtabAddr >= load.vaddr && strtabAddr < load.vaddr + load.filesz);
  if (!segment) throw new Error('ELF dynamic string table is outside every loadable segment');
  const strtab = strtabAddr - segment.vaddr + segment.offset;
  const text = (tag: bigint) =>
    entries
      .filter((entry) => entry.tag === tag)
      .map((entry) => readCString(data, strtab + Number(entry.value)));
  const runpath = [...text(DT_RUNPATH), ...text(DT_RPATH)]
    .flatMap((value) => value.split(':'))
    .filter(Boolean);
  return { isElf: true, needed: text(DT_NEEDED), runpath, interpreter };
}
