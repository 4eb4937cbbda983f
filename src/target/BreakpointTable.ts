// Software breakpoints of one process: int3 bytes, the original bytes they replace, and reference
// counts, so reads can show the original code and writes over a breakpoint keep it inserted.

const INT3 = 0xcc;

/** Raw memory access, below the breakpoint layer. */
export interface RawMemory {
  read(addr: bigint, len: number): Buffer;
  write(addr: bigint, data: Buffer): void;
}

interface Inserted {
  original: number;
  refs: number;
}

export class BreakpointTable {
  private readonly inserted = new Map<bigint, Inserted>();

  constructor(private readonly mem: RawMemory) {}

  has(addr: bigint): boolean { return this.inserted.has(addr); }

  get size(): number { return this.inserted.size; }

  addresses(): bigint[] { return [...this.inserted.keys()]; }

  /** The inserted breakpoints with the bytes they replaced. */
  originals(): Array<{ addr: bigint; original: number }> {
    return [...this.inserted].map(([addr, b]) => ({ addr, original: b.original }));
  }

  /** Inserts an int3 at `addr`, or adds a reference to the one there. */
  insert(addr: bigint): void {
    const bp = this.inserted.get(addr);
    if (bp) {
      bp.refs++;
      return;
    }
    const original = this.mem.read(addr, 1)[0];
    this.mem.write(addr, Buffer.of(INT3));
    this.inserted.set(addr, { original, refs: 1 });
  }

  /** Drops a reference; restores the original byte with the last one. False if none was there. */
  remove(addr: bigint): boolean {
    const bp = this.inserted.get(addr);
    if (!bp) return false;
    if (--bp.refs > 0) return true;
    this.mem.write(addr, Buffer.of(bp.original));
    this.inserted.delete(addr);
    return true;
  }

  /** Temporarily puts the original byte back (to execute the instruction under a breakpoint). */
  lift(addr: bigint): void {
    const bp = this.inserted.get(addr);
    if (bp) this.mem.write(addr, Buffer.of(bp.original));
  }

  /** Whether the (lifted or inserted) breakpoint at `addr` sits on a `syscall` instruction. */
  isSyscallInstruction(addr: bigint): boolean {
    const bp = this.inserted.get(addr);
    return bp !== undefined && bp.original === 0x0f && this.mem.read(addr + 1n, 1)[0] === 0x05;
  }

  /** Re-inserts the int3 after `lift`, if the breakpoint still exists. */
  restore(addr: bigint): void {
    if (this.inserted.has(addr)) this.mem.write(addr, Buffer.of(INT3));
  }

  /** Forgets every breakpoint without touching memory (the image was replaced by exec). */
  forgetAll(): void { this.inserted.clear(); }

  /** Replaces int3 bytes in `buf` (read from `addr`) by the original bytes. */
  hide(addr: bigint, buf: Buffer): Buffer {
    const end = addr + BigInt(buf.length);
    for (const [a, bp] of this.inserted) if (a >= addr && a < end) buf[Number(a - addr)] = bp.original;
    return buf;
  }

  /** Writes `data` at `addr`; bytes that fall on a breakpoint update its saved original byte. */
  write(addr: bigint, data: Buffer): void {
    const end = addr + BigInt(data.length);
    let out = data;
    for (const [a, bp] of this.inserted) {
      if (a < addr || a >= end) continue;
      if (out === data) out = Buffer.from(data);
      bp.original = data[Number(a - addr)];
      out[Number(a - addr)] = INT3;
    }
    this.mem.write(addr, out);
  }
}
