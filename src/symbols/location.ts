// DWARF expression evaluation: location descriptions (variables, frame bases) and CFI rules,
// against registers and memory supplied by the caller. Arithmetic is modulo 2^64, as on the target.
import type { LocEntry, Op } from './native';
import { OP } from './dwarfConstants';

export interface LocationPiece { size: number; location: Location }

export type Location =
  | { kind: 'memory'; address: bigint }
  | { kind: 'register'; regno: number }
  | { kind: 'value'; bytes: Buffer }
  | { kind: 'pieces'; pieces: LocationPiece[] }
  | { kind: 'optimizedOut' };

/** Reads target memory; throws (any Error) when the address is not readable. */
export type ReadMemory = (address: bigint, length: number) => Buffer;

/** What an expression may consult. Every field is optional: an expression that needs a missing
 * one fails with a LocationError (evalLocation turns that into optimizedOut). */
export interface ExprContext {
  /** The runtime pc, for location-list selection. */
  pc?: bigint;
  /** Load bias of the module the expression comes from: added to DW_OP_addr, subtracted from pc. */
  bias?: bigint;
  /** Register values keyed by DWARF number (0..16 = rax..r15, rip). */
  regs?: Map<number, bigint>;
  read?: ReadMemory;
  /** The canonical frame address (DW_OP_call_frame_cfa); a function so it is computed on demand. */
  cfa?: () => bigint | undefined;
  /** The function's frame base (DW_OP_fbreg). */
  frameBase?: () => bigint | undefined;
  /** A register's value on entry to the function (DW_OP_entry_value), when the caller recorded it. */
  entryValue?: (regno: number) => bigint | undefined;
  /** Values pushed before the first operation (CFI register rules push the CFA). */
  initialStack?: bigint[];
  /** The current thread's thread-local storage block of the expression's module. */
  tlsBlock?: () => bigint | undefined;
  /** The base type DW_OP_convert names by its offset in the expression's compile unit. */
  baseType?: (unitOffset: number) => StackType | undefined;
}

/** The type of a typed DWARF stack entry (DWARF 5's DW_OP_convert): integers only here. */
export interface StackType { size: number; signed: boolean; float: boolean }

export class LocationError extends Error {
  constructor(message: string) { super(message); this.name = 'LocationError'; }
}

const MASK = (1n << 64n) - 1n;
const u64 = (v: bigint): bigint => v & MASK;
const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const ALWAYS_HIGH = MASK;

/** Picks the expression valid at ctx.pc from a location description (single expression or list). */
export function selectEntry(entries: LocEntry[], pc: bigint | undefined, bias = 0n): Op[] | undefined {
  if (entries.length === 1 && entries[0].low === 0n && entries[0].high === ALWAYS_HIGH) return entries[0].ops;
  if (pc === undefined) return undefined;
  const filePc = pc - bias;
  return entries.find((e) => e.low <= filePc && filePc < e.high)?.ops;
}

/** Evaluates a location description; optimizedOut when nothing covers pc or a needed input is missing. */
export function evalLocation(entries: LocEntry[] | undefined, ctx: ExprContext): Location {
  if (!entries) return { kind: 'optimizedOut' };
  const ops = selectEntry(entries, ctx.pc, ctx.bias);
  if (!ops || ops.length === 0) return { kind: 'optimizedOut' };
  try {
    return evalExpression(ops, ctx);
  } catch (e) {
    if (e instanceof LocationError) return { kind: 'optimizedOut' };
    throw e;
  }
}

/** Evaluates a DWARF expression to the value on top of the stack (CFA rules, frame bases, bounds). */
export function evalValue(ops: Op[], ctx: ExprContext): bigint {
  const loc = evalExpression(ops, ctx);
  if (loc.kind === 'memory') return loc.address;
  if (loc.kind === 'value') return loc.bytes.readBigUInt64LE(0);
  if (loc.kind === 'register') return register(ctx, loc.regno);
  throw new LocationError(`expression does not compute a value (${loc.kind})`);
}

function register(ctx: ExprContext, regno: number): bigint {
  const v = ctx.regs?.get(regno);
  if (v === undefined) throw new LocationError(`register ${regno} is not available`);
  return v;
}

function readWord(ctx: ExprContext, address: bigint, size: number): bigint {
  if (!ctx.read) throw new LocationError('memory is not available');
  let b: Buffer;
  try {
    b = ctx.read(address, size);
  } catch (e) {
    throw new LocationError(`cannot read memory at 0x${address.toString(16)}`);
  }
  if (b.length < size) throw new LocationError(`cannot read memory at 0x${address.toString(16)}`);
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}

function valueBytes(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(u64(v));
  return b;
}

/** Evaluates a single expression (no list selection). Throws LocationError on missing inputs. */
export function evalExpression(ops: Op[], ctx: ExprContext): Location {
  const stack: bigint[] = [...(ctx.initialStack ?? [])];
  // Entries converted to an unsigned type divide and compare unsigned (generic ones: signed).
  const unsigned: boolean[] = stack.map(() => false);
  const pieces: LocationPiece[] = [];
  let current: Location | undefined;
  const pop = (): bigint => {
    const v = stack.pop();
    if (v === undefined) throw new LocationError('DWARF expression stack underflow');
    unsigned.pop();
    return v;
  };
  const push = (v: bigint, isUnsigned = false): void => { stack.push(u64(v)); unsigned.push(isUnsigned); };
  const byOffset = new Map<number, number>(ops.map((o, i) => [o.offset, i]));
  const jump = (i: number): number => {
    // Branch targets are relative to the end of the branch op; libdw records each op's offset,
    // and a 2-byte signed operand (which libdw may leave unextended) follows the 1-byte opcode.
    const target = ops[i].offset + 3 + Number(BigInt.asIntN(16, ops[i].number));
    const j = byOffset.get(target);
    if (j === undefined) {
      if (target === (ops.length ? ops[ops.length - 1].offset + 1 : 0)) return ops.length;
      throw new LocationError('DWARF expression branch to a non-operation');
    }
    return j;
  };
  let budget = 100000;
  for (let i = 0; i < ops.length; i++) {
    if (--budget === 0) throw new LocationError('DWARF expression did not terminate');
    const op = ops[i];
    const a = op.atom;
    if (a >= OP.lit0 && a <= OP.lit31) { push(BigInt(a - OP.lit0)); continue; }
    if (a >= OP.reg0 && a <= OP.reg31) { current = { kind: 'register', regno: a - OP.reg0 }; continue; }
    if (a >= OP.breg0 && a <= OP.breg31) { push(register(ctx, a - OP.breg0) + s64(op.number)); continue; }
    switch (a) {
      case OP.addr: push(op.number + (ctx.bias ?? 0n)); break;
      case OP.const1u: case OP.const2u: case OP.const4u: case OP.const8u: case OP.constu: push(op.number); break;
      case OP.const1s: case OP.const2s: case OP.const4s: case OP.const8s: case OP.consts: push(op.number); break;
      case OP.regx: current = { kind: 'register', regno: Number(op.number) }; break;
      case OP.bregx: push(register(ctx, Number(op.number)) + s64(op.number2)); break;
      case OP.fbreg: {
        const fb = ctx.frameBase?.();
        if (fb === undefined) throw new LocationError('frame base is not available');
        push(fb + s64(op.number));
        break;
      }
      case OP.call_frame_cfa: {
        const cfa = ctx.cfa?.();
        if (cfa === undefined) throw new LocationError('CFA is not available');
        push(cfa);
        break;
      }
      case OP.form_tls_address: case OP.GNU_push_tls_address: {
        const block = ctx.tlsBlock?.();
        if (block === undefined) throw new LocationError('thread-local storage is not available');
        push(block + pop());
        break;
      }
      case OP.dup: { const v = pop(); push(v); push(v); break; }
      case OP.drop: pop(); break;
      case OP.over: { if (stack.length < 2) throw new LocationError('stack underflow'); push(stack[stack.length - 2]); break; }
      case OP.pick: {
        const idx = stack.length - 1 - Number(op.number);
        if (idx < 0) throw new LocationError('stack underflow');
        push(stack[idx]);
        break;
      }
      case OP.swap: { const x = pop(); const y = pop(); push(x); push(y); break; }
      case OP.rot: { const x = pop(); const y = pop(); const z = pop(); push(x); push(z); push(y); break; }
      case OP.deref: push(readWord(ctx, pop(), 8)); break;
      case OP.deref_size: push(readWord(ctx, pop(), Number(op.number))); break;
      case OP.abs: { const v = s64(pop()); push(v < 0n ? -v : v); break; }
      case OP.neg: push(-s64(pop())); break;
      case OP.not: push(~pop()); break;
      case OP.plus_uconst: push(pop() + op.number); break;
      case OP.and: case OP.or: case OP.xor: case OP.plus: case OP.minus: case OP.mul: case OP.div: case OP.mod:
      case OP.shl: case OP.shr: case OP.shra: case OP.eq: case OP.ne: case OP.lt: case OP.le: case OP.gt: case OP.ge: {
        const typed = unsigned[unsigned.length - 1] || unsigned[unsigned.length - 2];
        const y = pop();
        const x = pop();
        push(binary(a, x, y, typed), typed);
        break;
      }
      case OP.convert: case OP.GNU_convert: case OP.reinterpret: case OP.GNU_reinterpret: {
        const v = pop();
        if (op.number === 0n) { push(v); break; } // the generic type
        const t = ctx.baseType?.(Number(op.number));
        if (!t || t.float || t.size > 8) throw new LocationError('DWARF stack conversion to an unsupported type');
        const bits = BigInt(t.size * 8);
        const reinterpret = a === OP.reinterpret || a === OP.GNU_reinterpret;
        push(reinterpret || !t.signed ? BigInt.asUintN(Number(bits), v) : BigInt.asIntN(Number(bits), v), !t.signed);
        break;
      }
      case OP.skip: i = jump(i) - 1; break;
      case OP.bra: if (pop() !== 0n) i = jump(i) - 1; break;
      case OP.nop: break;
      case OP.entry_value: case OP.GNU_entry_value: {
        const regno = op.block ? entryRegister(op.block) : undefined;
        const v = regno === undefined ? undefined : ctx.entryValue?.(regno);
        if (v === undefined) throw new LocationError('entry value is not available');
        push(v);
        break;
      }
      case OP.stack_value: current = { kind: 'value', bytes: valueBytes(pop()) }; break;
      case OP.implicit_value:
        if (!op.block) throw new LocationError('DW_OP_implicit_value without its block');
        current = { kind: 'value', bytes: Buffer.from(op.block) };
        break;
      case OP.piece: {
        const size = Number(op.number);
        const loc = current ?? (stack.length ? { kind: 'memory' as const, address: pop() } : { kind: 'optimizedOut' as const });
        pieces.push({ size, location: loc });
        current = undefined;
        break;
      }
      default:
        throw new LocationError(`unsupported DWARF operation 0x${a.toString(16)}`);
    }
  }
  if (pieces.length) return { kind: 'pieces', pieces };
  if (current) return current;
  if (stack.length === 0) return { kind: 'optimizedOut' };
  return { kind: 'memory', address: stack[stack.length - 1] };
}

/** The register of a DW_OP_entry_value block holding just DW_OP_regN or DW_OP_regx N. */
function entryRegister(block: Buffer): number | undefined {
  if (block.length === 1 && block[0] >= OP.reg0 && block[0] <= OP.reg31) return block[0] - OP.reg0;
  if (block.length >= 2 && block[0] === OP.regx) {
    let v = 0;
    for (let i = 1, shift = 0; i < block.length; i++, shift += 7) {
      v |= (block[i] & 0x7f) << shift;
      if (!(block[i] & 0x80)) return i === block.length - 1 ? v : undefined;
    }
  }
  return undefined;
}

function binary(a: number, x: bigint, y: bigint, isUnsigned = false): bigint {
  if (isUnsigned) {
    switch (a) {
      case OP.div: if (y === 0n) throw new LocationError('division by zero'); return x / y;
      case OP.lt: return x < y ? 1n : 0n;
      case OP.le: return x <= y ? 1n : 0n;
      case OP.gt: return x > y ? 1n : 0n;
      case OP.ge: return x >= y ? 1n : 0n;
      default: break;
    }
  }
  switch (a) {
    case OP.and: return x & y;
    case OP.or: return x | y;
    case OP.xor: return x ^ y;
    case OP.plus: return x + y;
    case OP.minus: return x - y;
    case OP.mul: return x * y;
    case OP.div: if (y === 0n) throw new LocationError('division by zero'); return s64(x) / s64(y);
    case OP.mod: if (y === 0n) throw new LocationError('division by zero'); return x % y;
    case OP.shl: return y >= 64n ? 0n : x << y;
    case OP.shr: return y >= 64n ? 0n : x >> y;
    case OP.shra: return s64(x) >> (y >= 64n ? 63n : y);
    case OP.eq: return x === y ? 1n : 0n;
    case OP.ne: return x !== y ? 1n : 0n;
    case OP.lt: return s64(x) < s64(y) ? 1n : 0n;
    case OP.le: return s64(x) <= s64(y) ? 1n : 0n;
    case OP.gt: return s64(x) > s64(y) ? 1n : 0n;
    case OP.ge: return s64(x) >= s64(y) ? 1n : 0n;
    default: throw new LocationError(`not a binary operation 0x${a.toString(16)}`);
  }
}
