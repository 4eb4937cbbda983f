// Values as bytes: gdb's builtin types, constructing values, reading them as integers or
// floats, fetching lazy values and bit-fields.
import { resolve, sizeOf, type BaseEncoding, type Type } from '../symbols/types';
import { EvalError, type EvalContext, type Value } from './context';
import { unknownTypeMessage } from './nodebug';
import { decodeX87, encodeX87, fromBigInt, fromDouble, isZero, toDouble, toFloat, toInteger, type Ext } from './x87';

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

/** A long double (16 bytes, x87) rather than a float or double. */
export function isLongDouble(t: Type): boolean { return isFloat(t) && sizeOf(t) === 16; }

/** A number's exact value as an x87 extended float (integers of up to 64 bits are exact). */
export function toExt(v: Value, ctx: EvalContext): Ext {
  if (isLongDouble(v.type)) return decodeX87(bytesOf(v, ctx));
  if (isFloat(v.type)) return fromDouble(toNumber(v, ctx));
  return fromBigInt(toBigInt(v, ctx));
}

/** A long double value holding `x`. */
export function makeLongDouble(type: Type, x: Ext): Value {
  return { type, lval: null, bytes: encodeX87(x) };
}

/** The value as an integer: signed or unsigned per its type; bit-fields extracted. Floats
 * truncate, clamped to a 64-bit signed range as gdb does (NaN: the largest). */
export function toBigInt(v: Value, ctx: EvalContext): bigint {
  const b = bytesOf(v, ctx);
  if (isFloat(v.type)) return toInteger(isLongDouble(v.type) ? decodeX87(b) : fromDouble(toNumber(v, ctx)));
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
    return toDouble(decodeX87(b));
  }
  return Number(toBigInt(v, ctx));
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
  else return makeLongDouble(type, fromDouble(x));
  return { type, lval: null, bytes: b };
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
  // gdb casts numbers to a float type; a pointer (an array's too) of the same size gives its bits.
  if (isFloat(type) && !isIntegral(v.type) && !isFloat(v.type)) {
    const p = resolve(v.type).kind === 'array' ? decay(v) : v;
    if (resolve(p.type).kind !== 'pointer' || sizeOf(type) !== 8) throw new EvalError('Invalid cast.');
    return { type, lval: null, bytes: Buffer.from(bytesOf(p, ctx)) };
  }
  if (isLongDouble(type)) return makeLongDouble(type, toExt(v, ctx));
  // From a long double, one rounding to the narrower format (not two through a double).
  if (isFloat(type) && isLongDouble(v.type)) return makeFloat(type, sizeOf(type) === 4 ? toFloat(toExt(v, ctx)) : toDouble(toExt(v, ctx)));
  if (isFloat(type)) return makeFloat(type, toNumber(v, ctx));
  // gdb makes a bool of a float's integer part (0.5 is false).
  if (r.kind === 'base' && r.encoding === 'bool') return makeInt(type, BigInt(toBigInt(v, ctx) !== 0n));
  if (isIntegral(type) || r.kind === 'pointer') {
    const src = resolve(v.type);
    if (src.kind === 'array' || src.kind === 'function') {
      if (v.lval?.kind !== 'memory') throw new EvalError('Attempt to take address of value not located in memory.');
      return makeInt(type, v.lval.address);
    }
    if (!isScalar(v.type)) throw new EvalError('Invalid cast.');
    return makeInt(type, toBigInt(v, ctx));
  }
  if (r.kind === 'void') return { type, lval: null, bytes: Buffer.alloc(0) };
  if ((r.kind === 'struct' || r.kind === 'union') && resolve(v.type) === r) return { ...v, type };
  throw new EvalError('Invalid cast.');
}

/** True for C's "nonzero". */
export function isTrue(v: Value, ctx: EvalContext): boolean {
  if (isLongDouble(v.type)) return !isZero(toExt(v, ctx));
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
  if (isFloat(v.type)) return BigInt.asUintN(64, toBigInt(v, ctx));
  if (v.lval?.kind === 'memory') return v.lval.address;
  throw new EvalError("Value can't be converted to integer.");
}
