// Values as bytes: gdb's builtin types, constructing values, reading them as integers or
// floats, fetching lazy values and bit-fields.
import { resolve, sizeOf, type BaseEncoding, type Type } from '../symbols/types';
import { EvalError, type EvalContext, type Value } from './context';
import { unknownTypeMessage } from './nodebug';

function base(name: string, size: number, encoding: BaseEncoding): Type {
  return { kind: 'base', name, size, encoding };
}

/** gdb's builtin types, used for literals and results of arithmetic. */
export const T = {
  int: base('int', 4, 'signed'),
  uint: base('unsigned int', 4, 'unsigned'),
  long: base('long', 8, 'signed'),
  ulong: base('unsigned long', 8, 'unsigned'),
  longlong: base('long long', 8, 'signed'),
  ulonglong: base('unsigned long long', 8, 'unsigned'),
  short: base('short', 2, 'signed'),
  ushort: base('unsigned short', 2, 'unsigned'),
  char: base('char', 1, 'signed_char'),
  schar: base('signed char', 1, 'signed_char'),
  uchar: base('unsigned char', 1, 'unsigned_char'),
  bool: base('_Bool', 1, 'bool'),
  float: base('float', 4, 'float'),
  double: base('double', 8, 'float'),
  longdouble: base('long double', 16, 'float'),
  void: { kind: 'void' } as Type,
};

const builtinByName: Record<string, Type> = {
  'int': T.int, 'unsigned int': T.uint, 'long': T.long, 'unsigned long': T.ulong, 'long long': T.longlong,
  'unsigned long long': T.ulonglong, 'short': T.short, 'unsigned short': T.ushort, 'char': T.char,
  'signed char': T.schar, 'unsigned char': T.uchar, '_Bool': T.bool, 'float': T.float, 'double': T.double,
  'long double': T.longdouble, 'void': T.void,
};

export function builtinType(name: string): Type | undefined { return builtinByName[name]; }

export function pointerTo(target: Type): Type { return { kind: 'pointer', size: 8, target }; }

export function isIntegral(t: Type): boolean {
  const r = resolve(t);
  return (r.kind === 'base' && r.encoding !== 'float' && r.encoding !== 'complex_float') || r.kind === 'enum';
}
export function isFloat(t: Type): boolean { const r = resolve(t); return r.kind === 'base' && r.encoding === 'float'; }
export function isPointer(t: Type): boolean { return resolve(t).kind === 'pointer'; }
export function isScalar(t: Type): boolean { return isIntegral(t) || isFloat(t) || isPointer(t); }

export function isSigned(t: Type): boolean {
  const r = resolve(t);
  if (r.kind === 'enum') return r.signed;
  return r.kind === 'base' && (r.encoding === 'signed' || r.encoding === 'signed_char' || r.encoding === 'float');
}

/** gdb's `max-value-size` default: larger values are never read whole. */
export const maxValueSize = 65536;

/** The bytes of a value, reading a lazy one from its lvalue. */
export function bytesOf(v: Value, ctx: EvalContext): Buffer {
  if (v.optimizedOut) throw new EvalError('value has been optimized out');
  if (v.unknownType !== undefined) throw new EvalError(unknownTypeMessage(v.unknownType));
  if (v.bytes && !v.lazy) return v.bytes;
  if (v.lval?.kind === 'memory') {
    const size = sizeOf(v.type);
    if (size > maxValueSize) throw new EvalError(`value requires ${size} bytes, which is more than max-value-size`);
    const b = ctx.readMemory(v.lval.address, size);
    v.bytes = b;
    v.lazy = false;
    return b;
  }
  if (v.bytes) return v.bytes;
  throw new EvalError('value is not available');
}

/** A copy of `v` whose bytes are read now (history values must not change later). */
export function fetch(v: Value, ctx: EvalContext): Value {
  if (v.optimizedOut) return v;
  if (v.unknownType !== undefined) throw new EvalError(unknownTypeMessage(v.unknownType));
  const r = resolve(v.type);
  if (r.kind === 'function' || (r.kind === 'array' && r.count === null)) return v;
  return { ...v, bytes: Buffer.from(bytesOf(v, ctx)), lazy: false };
}

function readUnsigned(b: Buffer, size: number): bigint {
  let n = 0n;
  for (let i = Math.min(size, b.length) - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]);
  return n;
}

/** The value as an integer: signed or unsigned per its type; bit-fields extracted. Floats truncate. */
export function toBigInt(v: Value, ctx: EvalContext): bigint {
  const b = bytesOf(v, ctx);
  if (isFloat(v.type)) return BigInt(Math.trunc(toNumber(v, ctx)));
  const size = sizeOf(v.type);
  if (v.bitSize !== undefined) {
    const raw = readUnsigned(b, b.length);
    const field = (raw >> BigInt(v.bitPos ?? 0)) & ((1n << BigInt(v.bitSize)) - 1n);
    return isSigned(v.type) ? BigInt.asIntN(v.bitSize, field) : field;
  }
  const u = readUnsigned(b, size);
  return isSigned(v.type) ? BigInt.asIntN(size * 8, u) : u;
}

/** The value as a JS number (floats read as IEEE, integers converted). */
export function toNumber(v: Value, ctx: EvalContext): number {
  if (isFloat(v.type)) {
    const b = bytesOf(v, ctx);
    const size = sizeOf(v.type);
    if (size === 4) return b.readFloatLE(0);
    if (size === 8) return b.readDoubleLE(0);
    return readX87(b);
  }
  return Number(toBigInt(v, ctx));
}

/** An 80-bit x87 extended float (long double) as a double. */
function readX87(b: Buffer): number {
  const mant = b.readBigUInt64LE(0);
  const se = b.readUInt16LE(8);
  const sign = se & 0x8000 ? -1 : 1;
  const exp = se & 0x7fff;
  if (exp === 0 && mant === 0n) return sign * 0;
  if (exp === 0x7fff) return (mant << 1n) === 0n ? sign * Infinity : NaN;
  return sign * Number(mant) * 2 ** (exp - 16383 - 63);
}

export function makeInt(type: Type, n: bigint): Value {
  const size = sizeOf(type);
  const b = Buffer.alloc(size);
  let u = BigInt.asUintN(size * 8, n);
  for (let i = 0; i < size; i++) { b[i] = Number(u & 0xffn); u >>= 8n; }
  return { type, lval: null, bytes: b };
}

export function makeFloat(type: Type, x: number): Value {
  const size = sizeOf(type);
  const b = Buffer.alloc(size);
  if (size === 4) b.writeFloatLE(x, 0);
  else if (size === 8) b.writeDoubleLE(x, 0);
  else writeX87(b, x);
  return { type, lval: null, bytes: b };
}

function writeX87(b: Buffer, x: number): void {
  const d = Buffer.alloc(8);
  d.writeDoubleLE(x, 0);
  const bits = d.readBigUInt64LE(0);
  const sign = Number(bits >> 63n);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  if (exp === 0 && frac === 0n) { b.writeUInt16LE(sign << 15, 8); return; }
  const e = exp === 0x7ff ? 0x7fff : exp - 1023 + 16383;
  b.writeBigUInt64LE((1n << 63n) | (frac << 11n), 0);
  b.writeUInt16LE((sign << 15) | e, 8);
}

/** Arrays decay to pointers to their first element, functions to function pointers. */
export function decay(v: Value): Value {
  const r = resolve(v.type);
  if (r.kind === 'array' || r.kind === 'function') {
    if (v.lval?.kind !== 'memory') throw new EvalError('Attempt to take address of value not located in memory.');
    return makeInt(pointerTo(r.kind === 'array' ? r.element : v.type), v.lval.address);
  }
  return v;
}

/** A value of `type` converted from `v` as C's cast does (ints, floats, pointers, enums, bool). */
export function convert(v: Value, type: Type, ctx: EvalContext): Value {
  const r = resolve(type);
  if (isFloat(type)) return makeFloat(type, toNumber(v, ctx));
  if (r.kind === 'base' && r.encoding === 'bool') {
    return makeInt(type, isFloat(v.type) ? BigInt(toNumber(v, ctx) !== 0) : BigInt(toBigInt(v, ctx) !== 0n));
  }
  if (isIntegral(type) || r.kind === 'pointer') {
    const src = resolve(v.type);
    if (src.kind === 'array' || src.kind === 'function') {
      if (v.lval?.kind !== 'memory') throw new EvalError('Attempt to take address of value not located in memory.');
      return makeInt(type, v.lval.address);
    }
    if (!isScalar(v.type)) throw new EvalError('Invalid cast.');
    if (isFloat(v.type)) {
      const x = toNumber(v, ctx);
      return makeInt(type, Number.isFinite(x) ? BigInt(Math.trunc(x)) : 0n);
    }
    return makeInt(type, toBigInt(v, ctx));
  }
  if (r.kind === 'void') return { type, lval: null, bytes: Buffer.alloc(0) };
  if ((r.kind === 'struct' || r.kind === 'union') && resolve(v.type) === r) return { ...v, type };
  throw new EvalError('Invalid cast.');
}

/** True for C's "nonzero". */
export function isTrue(v: Value, ctx: EvalContext): boolean {
  if (isFloat(v.type)) return toNumber(v, ctx) !== 0;
  const r = resolve(v.type);
  if (r.kind === 'array' || r.kind === 'function') return true;
  if (!isScalar(v.type)) throw new EvalError('Argument to arithmetic operation not a number or boolean.');
  return toBigInt(v, ctx) !== 0n;
}

/** The address a value designates for `x`, breakpoints, watchpoints: a pointer's or integer's
 * value, or the location of an array or function. */
export function toAddress(v: Value, ctx: EvalContext): bigint {
  const r = resolve(v.type);
  if ((r.kind === 'array' || r.kind === 'function') && v.lval?.kind === 'memory') return v.lval.address;
  if (r.kind === 'pointer' || isIntegral(v.type)) return BigInt.asUintN(64, toBigInt(v, ctx));
  if (isFloat(v.type)) return BigInt.asUintN(64, BigInt(Math.trunc(toNumber(v, ctx))));
  if (v.lval?.kind === 'memory') return v.lval.address;
  throw new EvalError("Value can't be converted to integer.");
}
