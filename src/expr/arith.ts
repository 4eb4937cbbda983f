// C arithmetic on Values: integer promotions, the usual arithmetic conversions, pointer
// arithmetic and comparisons, with gdb's error messages.
import { resolve, sizeOf, type Type } from '../symbols/types';
import type { BinaryOp } from './ast';
import { EvalError, type EvalContext, type Value } from './context';
import { convert, decay, isFloat, isIntegral, isLongDouble, isSigned, makeFloat, makeInt, makeLongDouble, T, toBigInt, toExt, toNumber } from './values';
import { arith, compareExt } from './x87';

/** C's integer promotion: types narrower than int (and bool, char, enums) become int. */
export function promotedType(t: Type): Type {
  const r = resolve(t);
  if (r.kind === 'enum') return r.size > 4 ? (r.signed ? T.long : T.ulong) : (r.signed || r.size < 4 ? T.int : T.uint);
  if (r.kind === 'base' && r.encoding !== 'float') {
    if (r.size < 4) return T.int;
    if (r.encoding === 'bool') return T.int;
    return t;
  }
  return t;
}

export function promote(v: Value, ctx: EvalContext): Value {
  if (!isIntegral(v.type)) throw new EvalError('Argument to arithmetic operation not a number or boolean.');
  const t = promotedType(v.type);
  return t === v.type && v.bitSize === undefined ? v : makeInt(t, toBigInt(v, ctx));
}

/** The common type of the usual arithmetic conversions. */
function commonType(a: Type, b: Type): Type {
  if (isFloat(a) || isFloat(b)) {
    const sa = isFloat(a) ? sizeOf(a) : 0;
    const sb = isFloat(b) ? sizeOf(b) : 0;
    return sa >= sb ? a : b;
  }
  const pa = promotedType(a);
  const pb = promotedType(b);
  const sa = sizeOf(pa);
  const sb = sizeOf(pb);
  const wider = sa !== sb ? (sa > sb ? pa : pb) : !isSigned(pa) ? pa : !isSigned(pb) ? pb : pa;
  // gdb names a binary result by its builtin types (int32_t + 1 is int; never `long long`).
  if (sizeOf(wider) === 8) return isSigned(wider) ? T.long : T.ulong;
  return isSigned(wider) ? T.int : T.uint;
}

function checkNumeric(v: Value): void {
  if (!isIntegral(v.type) && !isFloat(v.type)) throw new EvalError('Argument to arithmetic operation not a number or boolean.');
}

function pointerStep(p: Type): bigint {
  const r = resolve(p);
  if (r.kind !== 'pointer') return 1n;
  const size = sizeOf(r.target);
  return BigInt(size === 0 ? 1 : size);
}

/** Arithmetic and bitwise operators (not comparisons, && || or @). */
export function binaryArith(op: BinaryOp, left: Value, right: Value, ctx: EvalContext): Value {
  const l = decay(left);
  const r = decay(right);
  const lp = resolve(l.type).kind === 'pointer';
  const rp = resolve(r.type).kind === 'pointer';
  if (lp || rp) {
    if (op === '+' && lp && isIntegral(r.type)) return makeInt(l.type, toBigInt(l, ctx) + toBigInt(r, ctx) * pointerStep(l.type));
    if (op === '+' && rp && isIntegral(l.type)) return makeInt(r.type, toBigInt(r, ctx) + toBigInt(l, ctx) * pointerStep(r.type));
    if (op === '-' && lp && isIntegral(r.type)) return makeInt(l.type, toBigInt(l, ctx) - toBigInt(r, ctx) * pointerStep(l.type));
    if (op === '-' && lp && rp) {
      const sl = sizeOf((resolve(l.type) as { target: Type }).target) || 1;
      const sr = sizeOf((resolve(r.type) as { target: Type }).target) || 1;
      if (sl !== sr) throw new EvalError('First argument of `-\' is a pointer and second argument is neither\nan integer nor a pointer of the same type.');
      return makeInt(T.long, (BigInt.asIntN(64, toBigInt(l, ctx)) - BigInt.asIntN(64, toBigInt(r, ctx))) / BigInt(sl));
    }
    // gdb treats other operators on pointers as operations on their integer values.
    const li = lp ? makeInt(T.long, toBigInt(l, ctx)) : l;
    const ri = rp ? makeInt(T.long, toBigInt(r, ctx)) : r;
    return binaryArith(op, li, ri, ctx);
  }
  checkNumeric(l);
  checkNumeric(r);
  if (op === '<<' || op === '>>') {
    if (isFloat(l.type) || isFloat(r.type)) throw new EvalError('Integer-only operation on floating point number.');
    const pl = promote(l, ctx);
    const n = toBigInt(r, ctx);
    const a = toBigInt(pl, ctx);
    // gdb warns of a count C leaves undefined and gives 0 (-1 shifting a negative value right).
    const width = BigInt(sizeOf(pl.type) * 8);
    const problem = n < 0n ? 'is negative' : n >= width ? '>= width of type' : undefined;
    if (problem) {
      ctx.warn?.(`${op === '<<' ? 'left' : 'right'} shift count ${problem}`);
      return makeInt(pl.type, op === '>>' && a < 0n ? -1n : 0n);
    }
    return makeInt(pl.type, op === '<<' ? a << n : a >> n);
  }
  const type = commonType(l.type, r.type);
  if (isLongDouble(type) && (op === '+' || op === '-' || op === '*' || op === '/')) {
    return makeLongDouble(type, arith(op, toExt(l, ctx), toExt(r, ctx)));
  }
  if (isFloat(type)) {
    const a = toNumber(l, ctx);
    const b = toNumber(r, ctx);
    let x: number;
    switch (op) {
      case '+': x = a + b; break;
      case '-': x = a - b; break;
      case '*': x = a * b; break;
      case '/': x = a / b; break;
      case '%': case '&': case '|': case '^': throw new EvalError('Integer-only operation on floating point number.');
      default: throw new EvalError(`Unsupported operator ${op}.`);
    }
    return makeFloat(type, x);
  }
  const a = toBigInt(convert(l, type, ctx), ctx);
  const b = toBigInt(convert(r, type, ctx), ctx);
  let n: bigint;
  switch (op) {
    case '+': n = a + b; break;
    case '-': n = a - b; break;
    case '*': n = a * b; break;
    case '/': if (b === 0n) throw new EvalError('Division by zero'); n = a / b; break;
    case '%': if (b === 0n) throw new EvalError('Division by zero'); n = a % b; break;
    case '&': n = a & b; break;
    case '|': n = a | b; break;
    case '^': n = a ^ b; break;
    default: throw new EvalError(`Unsupported operator ${op}.`);
  }
  return makeInt(type, n);
}

/** Relational and equality operators: an int 0 or 1. */
export function compare(op: BinaryOp, l: Value, r: Value, ctx: EvalContext): Value {
  let c: number;
  const lp = resolve(l.type).kind === 'pointer';
  const rp = resolve(r.type).kind === 'pointer';
  if (lp || rp) {
    if ((!lp && !isIntegral(l.type)) || (!rp && !isIntegral(r.type))) throw new EvalError('Argument to comparison operation not a number, boolean or pointer.');
    const a = BigInt.asUintN(64, toBigInt(l, ctx));
    const b = BigInt.asUintN(64, toBigInt(r, ctx));
    c = a < b ? -1 : a > b ? 1 : 0;
  } else {
    checkNumeric(l);
    checkNumeric(r);
    const type = commonType(l.type, r.type);
    if (isLongDouble(type)) {
      const d = compareExt(toExt(l, ctx), toExt(r, ctx));
      if (d === undefined) return makeInt(T.int, op === '!=' ? 1n : 0n);
      c = d;
    } else if (isFloat(type)) {
      const a = toNumber(l, ctx);
      const b = toNumber(r, ctx);
      if (Number.isNaN(a) || Number.isNaN(b)) return makeInt(T.int, op === '!=' ? 1n : 0n);
      c = a < b ? -1 : a > b ? 1 : 0;
    } else {
      const a = toBigInt(convert(l, type, ctx), ctx);
      const b = toBigInt(convert(r, type, ctx), ctx);
      c = a < b ? -1 : a > b ? 1 : 0;
    }
  }
  const result = op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : op === '>=' ? c >= 0 : op === '==' ? c === 0 : c !== 0;
  return makeInt(T.int, result ? 1n : 0n);
}
