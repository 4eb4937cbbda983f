// The recorded history an image carries, as bytes: the system calls (with the memory they wrote)
// and clock reads from the image's base copy up to the image itself, and what recognises the
// image's moment in a replay from that base. Decoding checks every count against the bytes
// there: a damaged or hostile image is a HistoryFormatError, never a crash or an allocation
// larger than the file.
import type { Regs } from '../target/native';
import { GREG_ORDER } from '../target/coreLayout';
import { SyscallLog, type SyscallRecord } from './syscalls';

const MAGIC = 0x48424452; // "RDBH"
const VERSION = 1;
const HAS_SIGNAL = 1;
const HAS_FILE = 2;
const MAX_PATH = 4096;
const MAX_ARGS = 6;

/** The part of a run an image holds: the calls and clock reads after its base copy, and the
 * image's own moment (its registers and the bytes at its stack pointer) as the run reached it. */
export interface ImageHistory {
  log: SyscallLog;
  /** The registers at the image's moment and the bytes at its stack pointer. */
  regs: Regs;
  stack: Buffer;
}

export class HistoryFormatError extends Error {
  constructor(reason: string) {
    super(`the image's recorded history is damaged: ${reason}`);
    this.name = 'HistoryFormatError';
  }
}

class Writer {
  private readonly parts: Buffer[] = [];
  u32(v: number): void { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); this.parts.push(b); }
  u64(v: bigint): void { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt.asUintN(64, v)); this.parts.push(b); }
  bytes(b: Buffer): void { this.u32(b.length); this.parts.push(b); }
  text(s: string): void { this.bytes(Buffer.from(s)); }
  done(): Buffer { return Buffer.concat(this.parts); }
}

class Reader {
  private at = 0;
  constructor(private readonly b: Buffer) {}
  private need(n: number, what: string): void {
    if (n < 0 || this.at + n > this.b.length) throw new HistoryFormatError(`${what} runs past its end (${this.b.length} bytes)`);
  }
  u32(what: string): number { this.need(4, what); const v = this.b.readUInt32LE(this.at); this.at += 4; return v; }
  u64(what: string): bigint { this.need(8, what); const v = this.b.readBigUInt64LE(this.at); this.at += 8; return v; }
  i64(what: string): bigint { return BigInt.asIntN(64, this.u64(what)); }
  bytes(what: string, max = Infinity): Buffer {
    const n = this.u32(`the length of ${what}`);
    if (n > max) throw new HistoryFormatError(`${what} of ${n} bytes`);
    this.need(n, what);
    const out = Buffer.from(this.b.subarray(this.at, this.at + n));
    this.at += n;
    return out;
  }
  text(what: string, max: number): string { return this.bytes(what, max).toString(); }
  /** A count of items each at least `size` bytes long, checked against what is left. */
  count(what: string, size: number): number {
    const n = this.u32(`the number of ${what}`);
    if (n * size > this.b.length - this.at) throw new HistoryFormatError(`${n} ${what} claimed, room for fewer`);
    return n;
  }
  get end(): boolean { return this.at === this.b.length; }
}

/** The bytes of the calls `from`..`to` and clock reads `tscFrom`..`tscTo` of `log`, with the moment. */
export function encodeHistory(log: SyscallLog, from: number, to: number, tscFrom: number, tscTo: number, regs: Regs, stack: Buffer): Buffer {
  const w = new Writer();
  w.u32(MAGIC);
  w.u32(VERSION);
  w.u32(log.pid);
  w.u32(to - from);
  for (const r of log.records.slice(from, to)) {
    w.u32(r.nr);
    w.u32((r.signal !== undefined ? HAS_SIGNAL : 0) | (r.file ? HAS_FILE : 0));
    w.u32(r.args.length);
    for (const a of r.args) w.u64(a);
    w.u64(r.ret);
    if (r.signal !== undefined) w.u32(r.signal);
    if (r.file) {
      w.text(r.file.path);
      w.u64(r.file.offset);
    }
    w.u32(r.writes.length);
    for (const x of r.writes) {
      w.u64(x.addr);
      w.bytes(x.data);
    }
  }
  w.u32(tscTo - tscFrom);
  for (const v of log.tsc.slice(tscFrom, tscTo)) w.u64(v);
  w.u32(log.heldSignals);
  for (const k of GREG_ORDER) w.u64(regs[k]);
  w.bytes(stack);
  return w.done();
}

/** The history `data` holds; throws HistoryFormatError. */
export function decodeHistory(data: Buffer): ImageHistory {
  const r = new Reader(data);
  if (r.u32('the magic number') !== MAGIC) throw new HistoryFormatError('no RDBH magic number');
  const version = r.u32('the version');
  if (version !== VERSION) throw new HistoryFormatError(`version ${version}, this rdb reads version ${VERSION}`);
  const log = new SyscallLog(r.u32('the pid'));
  // A record is at least nr, flags, argument count, result and write count: 24 bytes.
  const n = r.count('system calls', 24);
  for (let i = 0; i < n; i++) {
    const what = `system call #${i + 1}`;
    const nr = r.u32(what);
    const flags = r.u32(what);
    const nargs = r.u32(what);
    if (nargs > MAX_ARGS) throw new HistoryFormatError(`${what} has ${nargs} arguments`);
    const args: bigint[] = [];
    for (let a = 0; a < nargs; a++) args.push(r.u64(what));
    const rec: SyscallRecord = { nr, args, ret: r.i64(what), writes: [] };
    if (flags & HAS_SIGNAL) rec.signal = r.u32(what);
    if (flags & HAS_FILE) rec.file = { path: r.text(`${what}'s file`, MAX_PATH), offset: r.u64(what) };
    const writes = r.count(`memory writes of ${what}`, 12);
    for (let k = 0; k < writes; k++) rec.writes.push({ addr: r.u64(what), data: r.bytes(`a memory write of ${what}`) });
    log.records.push(rec);
  }
  const tsc = r.count('clock reads', 8);
  for (let i = 0; i < tsc; i++) log.tsc.push(r.u64('a clock read'));
  log.heldSignals = r.u32('the held signals');
  const regs = {} as Regs;
  for (const k of GREG_ORDER) regs[k] = r.u64('the registers');
  const stack = r.bytes('the stack', 1 << 20);
  if (!r.end) throw new HistoryFormatError('bytes after its end');
  return { log, regs, stack };
}
