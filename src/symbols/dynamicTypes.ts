// Variable-length arrays: types whose bounds are computed in the frame that holds the variable
// (C99 `int a[n]`, whose DWARF bound is an expression reading `n`'s hidden copy).
import type { ArrayType, DynamicValue, Type } from './types';
import { evalLocation, type ExprContext } from './location';

export function hasDynamicBound(t: Type): boolean {
  return t.kind === 'array' && (t.dynamicBound !== undefined || hasDynamicBound(t.element));
}

/** `t` with its run-time bounds filled in by `value` (undefined: left unknown, as `int []`). */
export function resolveDynamic(t: Type, value: (v: DynamicValue) => bigint | undefined): Type {
  if (t.kind !== 'array') return t;
  const element = resolveDynamic(t.element, value);
  let count = t.count;
  const b = t.dynamicBound;
  if (count === null && b) {
    const n = b.count ? value(b.count) : b.upper ? value(b.upper) : undefined;
    if (n !== undefined) {
      const c = b.count ? Number(BigInt.asIntN(64, n)) : Number(BigInt.asIntN(64, n)) - b.lower + 1;
      count = Math.max(0, c);
    }
  }
  if (element === t.element && count === t.count) return t;
  const out: ArrayType = { kind: 'array', element, count };
  if (t.vector) out.vector = true;
  return out;
}

/** The value a bound's DWARF expression computes in `ctx`. */
export function boundValue(ops: DynamicValue, ctx: ExprContext): bigint | undefined {
  if (!('ops' in ops)) return undefined; // a bound held in another variable (clang): not read yet
  const loc = evalLocation(ops.ops, ctx);
  if (loc.kind === 'memory') return loc.address;
  if (loc.kind === 'value') return loc.bytes.length >= 8 ? loc.bytes.readBigUInt64LE(0) : BigInt(loc.bytes.readUIntLE(0, loc.bytes.length || 1));
  return undefined;
}
