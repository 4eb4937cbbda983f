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

/** Writes the core of `src` to `file`; `progress` is told the bytes of memory written so far. */
export function writeCore(file: string, src: CoreSource, progress?: (done: bigint, total: bigint) => void): void {
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
  let offset = BigInt(notesAt + notes.length);
  offset = (offset + PAGE - 1n) / PAGE * PAGE;
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
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    fs.writeSync(fd, header);
    fs.writeSync(fd, notes);
    const total = loads.reduce((n, l) => n + l.size, 0n);
    let done = 0n;
    for (const { m, at, size } of loads) {
      for (let pos = 0n; pos < size; pos += BigInt(CHUNK)) {
        const len = Number(size - pos < BigInt(CHUNK) ? size - pos : BigInt(CHUNK));
        fs.writeSync(fd, readOrZeros(src, m.start + pos, len), 0, len, Number(at + pos));
        done += BigInt(len);
        progress?.(done, total);
      }
    }
    // A core whose last mapping holds nothing still ends where the headers say.
    if (fs.fstatSync(fd).size < Number(offset)) fs.ftruncateSync(fd, Number(offset));
  } finally {
    fs.closeSync(fd);
  }
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
