// Memory and code as front ends with memory and disassembly views see them (DAP's readMemory,
// disassemble and memory references): reads that end at the first unreadable byte, the address
// a value refers to, and instructions counted from an address in either direction.
import * as expr from '../expr';
import type { Value } from '../expr/context';
import { resolve, sizeOf } from '../symbols/types';
import { disassemble, type Instruction } from './disassemble';

const PAGE = 4096n;

/** Reads [address, address + count): the bytes up to the first that cannot be read, and how
 * many of the rest could not. `read` may throw or return fewer bytes where memory ends. */
export function readReadable(read: (a: bigint, n: number) => Buffer, address: bigint, count: number): { data: Buffer; unreadable: number } {
  const whole = tryRead(read, address, count);
  if (whole.length === count) return { data: whole, unreadable: 0 };
  // Mappings are whole pages: read page by page up to the first one that fails.
  const parts: Buffer[] = [];
  let got = 0;
  for (let a = address; got < count;) {
    const n = Math.min(count - got, Number(PAGE - (a % PAGE)));
    const part = tryRead(read, a, n);
    parts.push(part);
    got += part.length;
    if (part.length < n) break;
    a += BigInt(n);
  }
  return { data: Buffer.concat(parts), unreadable: count - got };
}

function tryRead(read: (a: bigint, n: number) => Buffer, a: bigint, n: number): Buffer {
  try {
    return read(a, n).subarray(0, n);
  } catch {
    return Buffer.alloc(0);
  }
}

/** The address a value refers to: a pointer's target, an array's or a function's start, an
 * object's storage; undefined for values not in memory. */
export function referencedAddress(v: Value, ctx: expr.EvalContext): bigint | undefined {
  const r = resolve(v.type);
  if (r.kind === 'pointer') return BigInt.asUintN(64, expr.toBigInt(v, ctx));
  return v.lval?.kind === 'memory' ? v.lval.address : undefined;
}

/** Where a value is stored and its size, or why it cannot be watched by the debug registers. */
export function watchableStorage(v: Value): { address: bigint; length: number } | { problem: string } {
  if (v.lval?.kind !== 'memory') return { problem: 'It is not stored in memory (a constant, a register or a computed value).' };
  const length = sizeOf(v.type);
  if (![1, 2, 4, 8].includes(length)) return { problem: `Its ${length} bytes do not fit one hardware watchpoint (1, 2, 4 or 8 bytes).` };
  return { address: v.lval.address, length };
}

/** An instruction of a disassembly view; `invalid` where memory could not be read or decoded. */
export interface ViewInstruction extends Partial<Instruction> {
  address: bigint; bytes: string; text: string; invalid?: boolean;
  /** The symbol the instruction is in (a function's name, no offset). */
  symbol?: string;
}

/**
 * `count` instructions starting `offset` instructions from the one at `address` (negative:
 * before it). Decoding backwards starts from the function holding the place before (x86 code
 * cannot be decoded backwards), else from far enough before it that decoding has resynchronised.
 */
export function instructionsAround(read: (a: bigint, n: number) => Buffer, functionStart: (a: bigint) => bigint | undefined,
  symbolize: (a: bigint) => string | undefined, address: bigint, offset: number, count: number): ViewInstruction[] {
  const before = Math.max(0, -offset);
  let start = address - BigInt(before * 15 + 64);
  if (start < 0n) start = 0n;
  const fn = functionStart(start);
  if (fn !== undefined && fn <= start && start - fn < 65536n) start = fn;
  if (before === 0) start = address;
  const after = Math.max(0, offset + count);
  const end = address + BigInt(after * 15 + 16);
  const { data } = readReadable(read, start, Number(end - start));
  const decoded = data.length ? disassemble(data, start, Number.MAX_SAFE_INTEGER, symbolize) : [];
  // Instructions cut off by the end of what was read are not shown as decoded.
  const complete = decoded.filter((i) => i.address + BigInt(i.length) <= start + BigInt(data.length) && !/\(bad\)/.test(i.text));
  let at = complete.findIndex((i) => i.address >= address);
  if (at < 0) at = complete.length;
  const out: ViewInstruction[] = [];
  for (let k = at + offset; out.length < count; k++) {
    const insn = k >= 0 ? complete[k] : undefined;
    if (insn) {
      const raw = data.subarray(Number(insn.address - start), Number(insn.address - start) + insn.length);
      out.push({ ...insn, bytes: [...raw].map((b) => b.toString(16).padStart(2, '0')).join(' '), symbol: symbolize(insn.address)?.replace(/\+\d+$/, '') });
    } else {
      // Past what could be decoded: placeholders a byte apart, as DAP asks for.
      const edge = k < 0 ? (complete[0]?.address ?? address) - BigInt(-k) : (complete.length ? complete[complete.length - 1].address + BigInt(complete[complete.length - 1].length) : address) + BigInt(k - complete.length);
      out.push({ address: edge < 0n ? 0n : edge, bytes: '', text: '??', invalid: true });
    }
  }
  return out;
}
