// Reads an ELF core file (the kernel's, gdb's gcore or rdb's own): its threads' registers, the
// signal, the process's names, the mapped files (NT_FILE) and its memory. Every size and offset
// in the file is checked before use: bad input is a CoreFormatError, never a crash, and nothing
// is allocated by what the file claims, only by what it holds.
import * as fs from 'fs';
import type { Regs } from './native';
import { GREG_ORDER, NT_AUXV, NT_FILE, NT_FPREGSET, NT_PRPSINFO, NT_PRSTATUS, NT_SIGINFO, NT_X86_XSTATE, PR_REG, PRPSINFO_SIZE, PRSTATUS_SIZE, PT_LOAD,
  PT_NOTE } from './coreLayout';
import { addImageNote, RDB_NOTE, type ImageNotes } from './imageNotes';

const PN_XNUM = 0xffff;
const AT_PHDR = 3n;
/** The most of the notes rdb reads: a process with a million mappings has a few tens of MB. */
const MAX_NOTES = 256 << 20;
/** The most memory one read returns (callers ask for a few pages at most). */
const MAX_READ = 64 << 20;
const ADDRESS_END = 1n << 64n;


/** The file is not a core rdb can read; the message says why. */
export class CoreFormatError extends Error {
  constructor(file: string, reason: string) {
    super(`"${file}" is not a core dump: ${reason}`);
    this.name = 'CoreFormatError';
  }
}

/** Where the bytes of a core come from: a file, or (for tests) a buffer. */
export interface ByteSource {
  readonly size: number;
  /** Up to `len` bytes at `offset` (fewer only at the end). */
  read(offset: number, len: number): Buffer;
  close(): void;
}

export function fileSource(file: string): ByteSource {
  const fd = fs.openSync(file, 'r');
  const size = fs.fstatSync(fd).size;
  return {
    size,
    read: (offset, len) => {
      const n = Math.max(0, Math.min(len, size - offset));
      const b = Buffer.alloc(n);
      let done = 0;
      while (done < n) {
        const got = fs.readSync(fd, b, done, n - done, offset + done);
        if (got === 0) break;
        done += got;
      }
      return done === n ? b : b.subarray(0, done);
    },
    close: () => fs.closeSync(fd),
  };
}

/** The `size` bytes of `src` from `at` on, as a source of their own (an image inside an image). */
export function sliceSource(src: ByteSource, at: number, size: number): ByteSource {
  return { size, read: (offset, len) => src.read(at + offset, Math.max(0, Math.min(len, size - offset))), close: () => undefined };
}

export function bufferSource(data: Buffer): ByteSource {
  return { size: data.length, read: (offset, len) => data.subarray(offset, Math.min(data.length, offset + len)), close: () => undefined };
}

export interface CoreThreadState {
  tid: number;
  /** The signal the thread stopped with (pr_cursig). */
  signal: number;
  regs: Regs;
  /** NT_FPREGSET (the FXSAVE area) and NT_X86_XSTATE, when the core has them. */
  fpregs?: Buffer;
  xstate?: Buffer;
}

/** A PT_LOAD: memory [vaddr, vaddr + memsz), of which the first filesz bytes are in the core. */
export interface CoreLoad { vaddr: bigint; memsz: bigint; offset: number; filesz: number; flags: number }

/** An NT_FILE entry: [start, end) maps `path` from byte `offset`. */
export interface CoreMappedFile { start: bigint; end: bigint; offset: bigint; path: string }

export interface CoreInfo {
  threads: CoreThreadState[];
  /** Sorted by address, not overlapping. */
  loads: CoreLoad[];
  files: CoreMappedFile[];
  /** NT_SIGINFO's siginfo_t, if present. */
  siginfo?: Buffer;
  auxv: Array<[bigint, bigint]>;
  /** NT_PRPSINFO: the pid, the command's name and its arguments as ps shows them. */
  pid?: number;
  fname?: string;
  args?: string;
  /** rdb's own notes (imageNotes.ts), in images rdb wrote. */
  rdb?: ImageNotes;
}

/** Parses the headers and notes of a core; throws CoreFormatError. */
export function parseCore(name: string, src: ByteSource): CoreInfo {
  const bad = (reason: string): never => { throw new CoreFormatError(name, reason); };
  const at = (offset: number, len: number, what: string): Buffer => {
    if (offset < 0 || len < 0 || offset + len > src.size) bad(`${what} (${len} bytes at offset ${offset}) lies outside the file (${src.size} bytes)`);
    return src.read(offset, len);
  };
  if (src.size < 64) bad(`the file has ${src.size} bytes, fewer than an ELF header`);
  const eh = src.read(0, 64);
  if (eh.readUInt32BE(0) !== 0x7f454c46) bad('no ELF magic number');
  if (eh[4] !== 2 || eh[5] !== 1) bad('not a 64-bit little-endian ELF file');
  const type = eh.readUInt16LE(16);
  if (type !== 4) bad(`an ELF file of type ${type}, not ET_CORE`);
  const machine = eh.readUInt16LE(18);
  if (machine !== 62) bad(`made for machine ${machine}, not x86-64`);
  const phoff = safeNumber(eh.readBigUInt64LE(32)) ?? bad('program header offset too large');
  const phentsize = eh.readUInt16LE(54);
  let phnum = eh.readUInt16LE(56);
  if (phnum === PN_XNUM) {
    // More than 65534 segments: the count is section header 0's sh_info.
    const shoff = safeNumber(eh.readBigUInt64LE(40)) ?? bad('section header offset too large');
    phnum = at(shoff, 64, 'section header 0').readUInt32LE(44);
  }
  if (phentsize !== 56) bad(`program headers of ${phentsize} bytes, not 56`);
  const ph = at(phoff, phnum * 56, `${phnum} program headers`);
  const loads: CoreLoad[] = [];
  const noteSegments: Array<{ offset: number; size: number }> = [];
  for (let i = 0; i < phnum; i++) {
    const o = i * 56;
    const ptype = ph.readUInt32LE(o);
    if (ptype !== PT_LOAD && ptype !== PT_NOTE) continue;
    const offset = safeNumber(ph.readBigUInt64LE(o + 8));
    const vaddr = ph.readBigUInt64LE(o + 16);
    const filesz = safeNumber(ph.readBigUInt64LE(o + 32));
    const memsz = ph.readBigUInt64LE(o + 40);
    if (offset === undefined || filesz === undefined || offset + filesz > src.size) {
      bad(`segment ${i} (${ph.readBigUInt64LE(o + 32)} bytes at offset ${ph.readBigUInt64LE(o + 8)}) ends past the end of the file (${src.size} bytes): truncated?`);
    }
    if (ptype === PT_NOTE) {
      noteSegments.push({ offset: offset!, size: filesz! });
      continue;
    }
    if (BigInt(filesz!) > memsz) bad(`segment ${i} holds more bytes (${filesz}) than it maps (${memsz})`);
    if (vaddr + memsz > ADDRESS_END) bad(`segment ${i} at 0x${vaddr.toString(16)} of 0x${memsz.toString(16)} bytes runs past the address space`);
    if (memsz > 0n) loads.push({ vaddr, memsz, offset: offset!, filesz: filesz!, flags: ph.readUInt32LE(o + 4) });
  }
  loads.sort((a, b) => (a.vaddr < b.vaddr ? -1 : a.vaddr > b.vaddr ? 1 : 0));
  for (let i = 1; i < loads.length; i++) {
    const p = loads[i - 1];
    if (p.vaddr + p.memsz > loads[i].vaddr) bad(`memory segments at 0x${p.vaddr.toString(16)} and 0x${loads[i].vaddr.toString(16)} overlap`);
  }
  if (noteSegments.length === 0) bad('no PT_NOTE segment');
  if (noteSegments.reduce((n, s) => n + s.size, 0) > MAX_NOTES) bad(`notes of more than ${MAX_NOTES >> 20} MB`);
  const info: CoreInfo = { threads: [], loads, files: [], auxv: [] };
  for (const seg of noteSegments) readNotes(src.read(seg.offset, seg.size), info, bad);
  if (info.threads.length === 0) bad('no thread (NT_PRSTATUS note)');
  const h = info.rdb?.history;
  if (h && (h.baseAt + h.baseSize > src.size || h.dataAt + h.dataSize > src.size || h.baseSize < 64)) {
    bad(`its recorded history (${h.baseSize} + ${h.dataSize} bytes at offsets ${h.baseAt} and ${h.dataAt}) lies outside the file (${src.size} bytes): truncated?`);
  }
  return info;
}

function safeNumber(v: bigint): number | undefined {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
}

function readNotes(notes: Buffer, info: CoreInfo, bad: (reason: string) => never): void {
  // (Plain arithmetic: the sizes are 32-bit unsigned, beyond what `&` keeps.)
  const align4 = (n: number): number => n + ((4 - (n % 4)) % 4);
  for (let o = 0; o + 12 <= notes.length;) {
    const namesz = notes.readUInt32LE(o);
    const descsz = notes.readUInt32LE(o + 4);
    const type = notes.readUInt32LE(o + 8);
    const nameAt = o + 12;
    const descAt = nameAt + align4(namesz);
    if (descAt > notes.length || descAt + descsz > notes.length) bad(`a note (type 0x${type.toString(16)}) runs past its segment`);
    const name = notes.toString('latin1', nameAt, nameAt + namesz).replace(/\0+$/, '');
    const desc = notes.subarray(descAt, descAt + descsz);
    o = descAt + align4(descsz);
    const thread = info.threads[info.threads.length - 1];
    if (name === 'CORE' && type === NT_PRSTATUS) info.threads.push(prstatus(desc, bad));
    else if (name === 'CORE' && type === NT_PRPSINFO) prpsinfo(desc, info, bad);
    else if (name === 'CORE' && type === NT_FPREGSET && thread) thread.fpregs = Buffer.from(desc);
    else if (name === 'LINUX' && type === NT_X86_XSTATE && thread) thread.xstate = Buffer.from(desc);
    else if (name === 'CORE' && type === NT_SIGINFO) info.siginfo = Buffer.from(desc);
    else if (name === 'CORE' && type === NT_AUXV) {
      for (let i = 0; i + 16 <= desc.length; i += 16) info.auxv.push([desc.readBigUInt64LE(i), desc.readBigUInt64LE(i + 8)]);
    } else if (name === 'CORE' && type === NT_FILE) info.files = fileNote(desc, bad);
    else if (name === RDB_NOTE) info.rdb = addImageNote(info.rdb, type, desc, bad);
  }
}

function prstatus(desc: Buffer, bad: (reason: string) => never): CoreThreadState {
  if (desc.length < PRSTATUS_SIZE) bad(`an NT_PRSTATUS note of ${desc.length} bytes, not ${PRSTATUS_SIZE}`);
  const regs = {} as Regs;
  GREG_ORDER.forEach((r, i) => { regs[r] = desc.readBigUInt64LE(PR_REG + i * 8); });
  return { tid: desc.readInt32LE(32), signal: desc.readInt16LE(12), regs };
}

function prpsinfo(desc: Buffer, info: CoreInfo, bad: (reason: string) => never): void {
  if (desc.length < PRPSINFO_SIZE) bad(`an NT_PRPSINFO note of ${desc.length} bytes, not ${PRPSINFO_SIZE}`);
  const text = (from: number, len: number): string => desc.toString('latin1', from, from + len).split('\0')[0];
  info.pid = desc.readInt32LE(24);
  info.fname = text(40, 16);
  info.args = text(56, 80).trimEnd();
}

function fileNote(desc: Buffer, bad: (reason: string) => never): CoreMappedFile[] {
  if (desc.length < 16) bad(`an NT_FILE note of ${desc.length} bytes`);
  const count = desc.readBigUInt64LE(0);
  const page = desc.readBigUInt64LE(8);
  if (count > BigInt(Math.floor((desc.length - 16) / 24))) bad(`the NT_FILE note claims ${count} files but has room for fewer`);
  const n = Number(count);
  const names = desc.toString('latin1', 16 + n * 24).split('\0');
  if (names.length < n) bad(`the NT_FILE note names ${names.length - 1} of its ${n} files`);
  const out: CoreMappedFile[] = [];
  for (let i = 0; i < n; i++) {
    const o = 16 + i * 24;
    const start = desc.readBigUInt64LE(o);
    const end = desc.readBigUInt64LE(o + 8);
    if (end < start) bad(`the NT_FILE note maps ${names[i]} from 0x${start.toString(16)} back to 0x${end.toString(16)}`);
    out.push({ start, end, offset: desc.readBigUInt64LE(o + 16) * page, path: names[i] });
  }
  return out;
}

/** The memory of a core: what its segments hold, and for file-backed mappings the core left out
 * (code, read-only data) the mapped files' bytes, as gdb reads them. */
export class CoreMemory {
  private readonly opened = new Map<string, ByteSource | undefined>();

  constructor(private readonly src: ByteSource, private readonly info: CoreInfo) {}

  /** Up to `len` bytes at `addr`: fewer only where readable memory ends; throws where none is. */
  read(addr: bigint, len: number): Buffer {
    const want = Math.min(len, MAX_READ);
    const parts: Buffer[] = [];
    let done = 0;
    while (done < want) {
      const a = addr + BigInt(done);
      if (a >= ADDRESS_END) break;
      const piece = this.readPiece(a, want - done);
      if (!piece || piece.length === 0) break;
      parts.push(piece);
      done += piece.length;
    }
    if (done === 0 && len > 0) {
      const e = new Error(`Cannot access memory at address 0x${addr.toString(16)}`) as NodeJS.ErrnoException;
      e.code = 'EIO';
      throw e;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  /** The bytes the core itself holds at [addr, addr + len), none from mapped files. */
  readOwn(addr: bigint, len: number): Buffer | undefined {
    const load = this.loadAt(addr);
    if (!load || addr + BigInt(len) > load.vaddr + BigInt(load.filesz)) return undefined;
    return this.src.read(load.offset + Number(addr - load.vaddr), len);
  }

  /** The bytes at `addr` up to the end of the segment (or file mapping) holding it. */
  private readPiece(addr: bigint, len: number): Buffer | undefined {
    const load = this.loadAt(addr);
    if (load) {
      const inner = Number(addr - load.vaddr);
      if (inner < load.filesz) return this.src.read(load.offset + inner, Math.min(len, load.filesz - inner));
    }
    const file = this.info.files.find((f) => f.start <= addr && addr < f.end);
    if (!file) return undefined;
    const source = this.mappedFile(file.path);
    if (!source) return undefined;
    // Stop where the segment's own bytes resume, or where the mapping ends.
    let limit = file.end - addr;
    const next = this.info.loads.find((l) => l.vaddr > addr && l.filesz > 0);
    if (next && next.vaddr - addr < limit) limit = next.vaddr - addr;
    const pos = file.offset + (addr - file.start);
    if (pos >= BigInt(source.size)) return undefined;
    return source.read(Number(pos), Number(limit < BigInt(len) ? limit : BigInt(len)));
  }

  private loadAt(addr: bigint): CoreLoad | undefined {
    const loads = this.info.loads;
    let lo = 0;
    let hi = loads.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (loads[mid].vaddr + loads[mid].memsz <= addr) lo = mid + 1; else hi = mid;
    }
    const l = loads[lo];
    return l && l.vaddr <= addr ? l : undefined;
  }

  private mappedFile(p: string): ByteSource | undefined {
    if (!this.opened.has(p)) {
      let s: ByteSource | undefined;
      try {
        s = plainFile(p) ? fileSource(p) : undefined;
      } catch {
        s = undefined; // gone: its bytes are unreadable, as in gdb without the file
      }
      this.opened.set(p, s);
    }
    return this.opened.get(p);
  }

  close(): void {
    for (const s of this.opened.values()) s?.close();
    this.opened.clear();
    this.src.close();
  }
}

/** Whether the file a core names is one to read: a regular file outside /proc, /sys and /dev (a
 * hostile core could name a FIFO, a device or /proc/kcore, and reading it would block or be
 * endless). */
export function plainFile(p: string): boolean {
  try {
    const real = fs.realpathSync(p);
    return fs.statSync(real).isFile() && !/^\/(proc|sys|dev)\//.test(real);
  } catch {
    return false;
  }
}

/** The executable of a core: the mapped file holding the program headers (AT_PHDR), else the
 * first file mapped. */
export function coreExecutable(info: CoreInfo): string | undefined {
  const phdr = info.auxv.find(([k]) => k === AT_PHDR)?.[1];
  const holding = phdr !== undefined ? info.files.find((f) => f.start <= phdr && phdr < f.end) : undefined;
  return holding?.path ?? info.files[0]?.path;
}
