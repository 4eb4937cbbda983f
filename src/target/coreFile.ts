// Writes an ELF core file of a stopped process, the way the kernel lays one out, so that gdb and
// eu-stack read it as an ordinary core: a PT_NOTE (NT_PRSTATUS, NT_FPREGSET and NT_X86_XSTATE per
// thread, NT_PRPSINFO, NT_SIGINFO, NT_AUXV, NT_FILE) and a PT_LOAD per mapping. Memory is
// streamed in chunks; file-backed mappings the process never wrote keep only their first page
// (the ELF header that names the file's build-id), as the kernel's default coredump_filter does.
import * as fs from 'fs';
import type { Regs } from './native';
import type { Mapping } from './maps';

const PAGE = 4096n;
const CHUNK = 8 << 20;
import { GREG_ORDER, NT_AUXV, NT_FILE, NT_FPREGSET, NT_PRPSINFO, NT_PRSTATUS, NT_SIGINFO, NT_X86_XSTATE, PR_REG, PRPSINFO_SIZE, PRSTATUS_SIZE, PT_LOAD,
  PT_NOTE } from './coreLayout';

/** One thread as the core records it. */
export interface CoreThread { tid: number; regs: Regs; xstate: Buffer }

/** What a core file is made of: the process's threads (the one that stopped first), its
 * mappings, memory, and what /proc tells of it. */
export interface CoreSource {
  threads: CoreThread[];
  maps: Mapping[];
  /** Starts of the file-backed mappings the process has written (they hold anonymous pages, as
   * relocated data made read-only again does): kept whole. */
  written: Set<bigint>;
  /** Reads memory; throws where nothing can be read. */
  read(addr: bigint, len: number): Buffer;
  /** Reads memory into `buf` (no copy: the large reads of a dump); returns the bytes read. */
  readInto?(addr: bigint, buf: Buffer): number;
  /** The signal the process stopped with (0: none) and its siginfo_t, if any. */
  signal: number;
  siginfo?: Buffer;
  auxv: Buffer;
  ids: { pid: number; ppid: number; pgrp: number; sid: number; uid: number; gid: number };
  /** The command's name (comm) and its arguments, as ps shows them. */
  fname: string;
  args: string;
  state: string;
  /** Notes of other vendors (rdb's own, imageNotes.ts), written after the kernel's. */
  vendorNotes?: Array<{ name: string; type: number; desc: Buffer }>;
}

function note(type: number, name: string, desc: Buffer): Buffer {
  const n = Buffer.from(`${name}\0`);
  const pad = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  const head = Buffer.alloc(12);
  head.writeUInt32LE(n.length, 0);
  head.writeUInt32LE(desc.length, 4);
  head.writeUInt32LE(type >>> 0, 8);
  return Buffer.concat([head, pad(n), pad(desc)]);
}

/** struct elf_prstatus (x86-64, 336 bytes). */
function prstatus(t: CoreThread, src: CoreSource): Buffer {
  const b = Buffer.alloc(PRSTATUS_SIZE);
  b.writeInt32LE(src.signal, 0); // pr_info.si_signo
  b.writeInt16LE(src.signal, 12); // pr_cursig
  b.writeInt32LE(t.tid, 32);
  b.writeInt32LE(src.ids.ppid, 36);
  b.writeInt32LE(src.ids.pgrp, 40);
  b.writeInt32LE(src.ids.sid, 44);
  GREG_ORDER.forEach((r, i) => b.writeBigUInt64LE(BigInt.asUintN(64, t.regs[r]), PR_REG + i * 8));
  b.writeInt32LE(1, 328); // pr_fpvalid
  return b;
}

/** struct elf_prpsinfo (x86-64, 136 bytes). */
function prpsinfo(src: CoreSource): Buffer {
  const b = Buffer.alloc(PRPSINFO_SIZE);
  const states = 'RSDTZW';
  const s = src.state[0] ?? 'R';
  b.writeInt8(Math.max(0, states.indexOf(s)), 0);
  b.write(s, 1, 'latin1');
  b.writeUInt32LE(src.ids.uid, 16);
  b.writeUInt32LE(src.ids.gid, 20);
  b.writeInt32LE(src.ids.pid, 24);
  b.writeInt32LE(src.ids.ppid, 28);
  b.writeInt32LE(src.ids.pgrp, 32);
  b.writeInt32LE(src.ids.sid, 36);
  Buffer.from(src.fname).copy(b, 40, 0, 15);
  Buffer.from(src.args).copy(b, 56, 0, 79);
  return b;
}

/** NT_FILE: the file-backed mappings, their offsets in pages, and the files' names. */
function fileNote(maps: Mapping[]): Buffer {
  const files = maps.filter((m) => m.path !== undefined && m.path.startsWith('/'));
  const head = Buffer.alloc(16 + files.length * 24);
  head.writeBigUInt64LE(BigInt(files.length), 0);
  head.writeBigUInt64LE(PAGE, 8);
  files.forEach((m, i) => {
    head.writeBigUInt64LE(m.start, 16 + i * 24);
    head.writeBigUInt64LE(m.end, 24 + i * 24);
    head.writeBigUInt64LE(m.offset / PAGE, 32 + i * 24);
  });
  return Buffer.concat([head, ...files.map((m) => Buffer.from(`${m.path}\0`))]);
}

/** How much of a mapping the core holds: none of what cannot be read, the first page of a file
 * mapped read-only (its ELF header), all of the rest. */
function dumpedSize(m: Mapping, written: Set<bigint>): bigint {
  if (!m.readable || m.path === '[vvar]' || m.path === '[vsyscall]') return 0n;
  const fileBacked = m.path !== undefined && m.path.startsWith('/');
  if (fileBacked && !m.writable && !written.has(m.start)) return m.offset === 0n ? PAGE : 0n;
  return m.end - m.start;
}

function flagsOf(m: Mapping): number {
  return (m.readable ? 4 : 0) | (m.writable ? 2 : 0) | (m.executable ? 1 : 0);
}

/** Where everything of a core goes: its headers and notes, each mapping's bytes, its size. */
interface Layout { header: Buffer; notes: Buffer; loads: Array<{ m: Mapping; at: bigint; size: bigint }>; end: bigint }

/** The layout of `src`'s core, its memory starting `reserve` bytes after its notes' page. */
function layOut(src: CoreSource, reserve = 0n): Layout {
  const [first, ...others] = src.threads;
  const notes = Buffer.concat([
    note(NT_PRSTATUS, 'CORE', prstatus(first, src)),
    note(NT_PRPSINFO, 'CORE', prpsinfo(src)),
    ...(src.siginfo && src.siginfo.length ? [note(NT_SIGINFO, 'CORE', src.siginfo)] : []),
    note(NT_AUXV, 'CORE', src.auxv),
    note(NT_FILE, 'CORE', fileNote(src.maps)),
    note(NT_FPREGSET, 'CORE', first.xstate.subarray(0, 512)),
    note(NT_X86_XSTATE, 'LINUX', first.xstate),
    ...others.flatMap((t) => [note(NT_PRSTATUS, 'CORE', prstatus(t, src)), note(NT_FPREGSET, 'CORE', t.xstate.subarray(0, 512)),
      note(NT_X86_XSTATE, 'LINUX', t.xstate)]),
    ...(src.vendorNotes ?? []).map((n) => note(n.type, n.name, n.desc)),
  ]);
  const phnum = 1 + src.maps.length;
  const notesAt = 64 + phnum * 56;
  let offset = pageUp(BigInt(notesAt + notes.length)) + reserve;
  const loads = src.maps.map((m) => {
    const size = dumpedSize(m, src.written);
    const at = offset;
    offset += size;
    return { m, at, size };
  });
  const header = Buffer.alloc(notesAt);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(header, 0);
  header.writeUInt16LE(4, 16); // ET_CORE
  header.writeUInt16LE(62, 18); // EM_X86_64
  header.writeUInt32LE(1, 20);
  header.writeBigUInt64LE(64n, 32); // e_phoff
  header.writeUInt16LE(64, 52); // e_ehsize
  header.writeUInt16LE(56, 54); // e_phentsize
  header.writeUInt16LE(phnum, 56);
  header.writeUInt16LE(64, 58); // e_shentsize
  const ph = (i: number, type: number, flags: number, off: bigint, vaddr: bigint, filesz: bigint, memsz: bigint, align: bigint): void => {
    const o = 64 + i * 56;
    header.writeUInt32LE(type, o);
    header.writeUInt32LE(flags, o + 4);
    header.writeBigUInt64LE(off, o + 8);
    header.writeBigUInt64LE(vaddr, o + 16);
    header.writeBigUInt64LE(filesz, o + 32);
    header.writeBigUInt64LE(memsz, o + 40);
    header.writeBigUInt64LE(align, o + 48);
  };
  ph(0, PT_NOTE, 0, BigInt(notesAt), 0n, BigInt(notes.length), 0n, 4n);
  loads.forEach(({ m, at, size }, i) => ph(i + 1, PT_LOAD, flagsOf(m), at, m.start, size, m.end - m.start, PAGE));
  return { header, notes, loads, end: offset };
}

function pageUp(n: bigint): bigint { return (n + PAGE - 1n) / PAGE * PAGE; }

/** Writes `lay` of `src` into `fd` from byte `base` on; `progress` is told the memory bytes
 * written, counted from `done`. */
function emit(fd: number, base: bigint, lay: Layout, src: CoreSource, progress: ((done: bigint) => void) | undefined): void {
  fs.writeSync(fd, lay.header, 0, lay.header.length, Number(base));
  fs.writeSync(fd, lay.notes, 0, lay.notes.length, Number(base) + lay.header.length);
  let done = 0n;
  const chunk = Buffer.allocUnsafe(CHUNK);
  for (const { m, at, size } of lay.loads) {
    for (let pos = 0n; pos < size; pos += BigInt(CHUNK)) {
      const len = Number(size - pos < BigInt(CHUNK) ? size - pos : BigInt(CHUNK));
      fs.writeSync(fd, readChunk(src, m.start + pos, chunk.subarray(0, len)), 0, len, Number(base + at + pos));
      done += BigInt(len);
      progress?.(done);
    }
  }
}

const memoryOf = (lay: Layout): bigint => lay.loads.reduce((n, l) => n + l.size, 0n);

/** Writes the core of `src` to `file`; `progress` is told the bytes of memory written so far. */
export function writeCore(file: string, src: CoreSource, progress?: (done: bigint, total: bigint) => void): void {
  writeImage(file, src, undefined, progress);
}

/** What an image carries after its own core: the core of an earlier copy of the process (its
 * base) and bytes that tell how to go from there to the image (rdb's recorded history). */
export interface Appendix {
  base: CoreSource;
  data: Buffer;
  /** The note, naming where the base core and the data lie ([at, size] each), that goes into
   * the image's own notes (its size must not depend on the numbers). */
  note: (baseAt: bigint, baseSize: bigint, dataAt: bigint, dataSize: bigint) => { name: string; type: number; desc: Buffer };
}

/** Writes the core of `src` to `file`, with the appendix's base core and data (at page
 * boundaries) between its notes and its memory, where readers of ordinary cores never look; a
 * file cut short loses memory segments first, which every reader notices. */
export function writeImage(file: string, src: CoreSource, appendix?: Appendix, progress?: (done: bigint, total: bigint) => void): void {
  const withNote = (note?: { name: string; type: number; desc: Buffer }): CoreSource => (note ? { ...src, vendorNotes: [...(src.vendorNotes ?? []), note] } : src);
  let lay = layOut(withNote(appendix?.note(0n, 0n, 0n, 0n)));
  const base = appendix && layOut(appendix.base);
  let baseAt = 0n;
  let dataAt = 0n;
  if (appendix && base) {
    baseAt = pageUp(BigInt(lay.header.length + lay.notes.length));
    dataAt = pageUp(baseAt + base.end);
    const size = BigInt(appendix.data.length);
    // (The note is as long whatever its numbers: the notes end where they did.)
    lay = layOut(withNote(appendix.note(baseAt, base.end, dataAt, size)), pageUp(dataAt + size) - baseAt);
  }
  const total = memoryOf(lay) + (base ? memoryOf(base) : 0n);
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    const before = base ? memoryOf(base) : 0n;
    if (appendix && base) {
      emit(fd, baseAt, base, appendix.base, progress && ((d) => progress(d, total)));
      fs.writeSync(fd, appendix.data, 0, appendix.data.length, Number(dataAt));
    }
    emit(fd, 0n, lay, src, progress && ((d) => progress(before + d, total)));
    // A core whose last mapping holds nothing still ends where the headers say.
    if (fs.fstatSync(fd).size < Number(lay.end)) fs.ftruncateSync(fd, Number(lay.end));
  } finally {
    fs.closeSync(fd);
  }
}

/** Memory at `addr` for all of `into` (read into it where the source can), else as readOrZeros. */
function readChunk(src: CoreSource, addr: bigint, into: Buffer): Buffer {
  if (src.readInto) {
    try {
      if (src.readInto(addr, into) === into.length) return into;
    } catch {
      // page by page below
    }
  }
  return readOrZeros(src, addr, into.length);
}

/** Memory of [addr, addr + len), page by page where a whole chunk cannot be read (zeros there). */
function readOrZeros(src: CoreSource, addr: bigint, len: number): Buffer {
  try {
    const b = src.read(addr, len);
    if (b.length === len) return b;
  } catch {
    // page by page below
  }
  const out = Buffer.alloc(len);
  for (let off = 0; off < len; off += Number(PAGE)) {
    const n = Math.min(Number(PAGE), len - off);
    try {
      src.read(addr + BigInt(off), n).copy(out, off);
    } catch {
      // left as zeros: the kernel's core has zeros where it could not read either
    }
  }
  return out;
}
