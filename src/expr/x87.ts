// gdb's long double, the x87 80-bit extended format, done exactly on BigInts: decoding and
// encoding, IEEE round-to-nearest-even + - * /, comparisons, and conversions to and from
// doubles, floats, integers and decimal literals (gdb computes with the host's long double).
import { EvalError } from './context';

/** A value: finite (-1)^neg × mant × 2^exp, an infinity, or a NaN with its 64-bit significand. */
export type Ext =
  | { kind: 'finite'; neg: boolean; mant: bigint; exp: number }
  | { kind: 'inf'; neg: boolean }
  | { kind: 'nan'; neg: boolean; mant: bigint };

/** A binary format: bits of precision, the exponent of its smallest denormal's unit, and the
 * power of two at which it overflows. */
interface Format { precision: number; minUnit: number; overflow: number }
const X87: Format = { precision: 64, minUnit: -16445, overflow: 16384 };
const DOUBLE: Format = { precision: 53, minUnit: -1074, overflow: 1024 };
const SINGLE: Format = { precision: 24, minUnit: -149, overflow: 128 };

const INT_BIT = 1n << 63n;
/** The x87's "indefinite" NaN, the result of invalid operations (inf - inf, 0 / 0). */
const INDEFINITE: Ext = { kind: 'nan', neg: true, mant: 0xc000000000000000n };
const INVALID = 'Invalid floating value found in program.';

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

function zero(neg: boolean): Ext {
  return { kind: 'finite', neg, mant: 0n, exp: 0 };
}

/** m × 2^e (plus a nonzero part below it when `sticky`) rounded to nearest-even in format `f`. */
function round(neg: boolean, m: bigint, e: number, f: Format, sticky = false): Ext {
  if (m === 0n) return zero(neg);
  let unit = Math.max(e + bitLength(m) - f.precision, f.minUnit);
  let q: bigint;
  if (unit <= e) {
    // Exact (a sticky part lies below half a unit here: callers give enough bits).
    q = m << BigInt(e - unit);
  } else {
    const shift = BigInt(unit - e);
    q = m >> shift;
    const rest = m - (q << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (sticky || (q & 1n) === 1n))) q++;
    if (bitLength(q) > f.precision) { q >>= 1n; unit++; }
  }
  if (q === 0n) return zero(neg);
  if (bitLength(q) + unit > f.overflow) return { kind: 'inf', neg };
  return { kind: 'finite', neg, mant: q, exp: unit };
}

/** (ma × 2^ea) / (mb × 2^eb), mb nonzero, rounded in `f`. */
function divide(neg: boolean, ma: bigint, ea: number, mb: bigint, eb: number, f: Format): Ext {
  const k = Math.max(0, f.precision + 2 + bitLength(mb) - bitLength(ma));
  const num = ma << BigInt(k);
  return round(neg, num / mb, ea - eb - k, f, num % mb !== 0n);
}

/** The 10 (of 16) significant bytes of a long double; gdb's error for the encodings the x87
 * calls invalid (an integer bit that disagrees with the exponent). */
export function decodeX87(b: Buffer): Ext {
  const mant = b.readBigUInt64LE(0);
  const se = b.readUInt16LE(8);
  const neg = (se & 0x8000) !== 0;
  const exp = se & 0x7fff;
  if (!isValidX87(b)) throw new EvalError(INVALID);
  if (exp === 0x7fff) return (mant & (INT_BIT - 1n)) === 0n ? { kind: 'inf', neg } : { kind: 'nan', neg, mant };
  return { kind: 'finite', neg, mant, exp: (exp === 0 ? 1 : exp) - 16383 - 63 };
}

/** gdb's floatformat_is_valid for the x87 format: the integer bit is set exactly when the
 * exponent is not zero. */
export function isValidX87(b: Buffer): boolean {
  const exp = b.readUInt16LE(8) & 0x7fff;
  const intBit = (b.readBigUInt64LE(0) & INT_BIT) !== 0n;
  return (exp === 0) !== intBit;
}

/** A long double's 16 bytes (the last 6 are padding). */
export function encodeX87(x: Ext): Buffer {
  const b = Buffer.alloc(16);
  let mant: bigint;
  let exp: number;
  if (x.kind === 'inf') { mant = INT_BIT; exp = 0x7fff; }
  else if (x.kind === 'nan') { mant = x.mant; exp = 0x7fff; }
  else {
    const r = round(x.neg, x.mant, x.exp, X87);
    if (r.kind !== 'finite') return encodeX87(r);
    mant = r.mant;
    // Fewer than 64 bits: a denormal (or zero), whose exponent field is 0.
    exp = bitLength(mant) < 64 ? 0 : r.exp + 16383 + 63;
  }
  b.writeBigUInt64LE(mant, 0);
  b.writeUInt16LE((x.neg ? 0x8000 : 0) | exp, 8);
  return b;
}

/** A double's exact value. */
export function fromDouble(x: number): Ext {
  const d = Buffer.alloc(8);
  d.writeDoubleLE(x, 0);
  const bits = d.readBigUInt64LE(0);
  const neg = bits >> 63n === 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  if (exp === 0x7ff) return frac === 0n ? { kind: 'inf', neg } : { kind: 'nan', neg, mant: INT_BIT | (frac << 11n) };
  if (exp === 0) return { kind: 'finite', neg, mant: frac, exp: -1074 };
  return { kind: 'finite', neg, mant: frac | (1n << 52n), exp: exp - 1075 };
}

/** An integer, rounded to 64 bits of precision (every 64-bit integer is exact). */
export function fromBigInt(n: bigint): Ext {
  return round(n < 0n, n < 0n ? -n : n, 0, X87);
}

/** A decimal literal's digits (`1.1`, `1e-4940`) correctly rounded to a long double. */
export function fromDecimal(text: string): Ext {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new Error(`not a decimal literal: ${text}`);
  const digits = `${m[1]}${m[2] ?? ''}`.replace(/^0+/, '');
  const e10 = Number(m[3] ?? 0) - (m[2] ?? '').length;
  if (digits === '') return zero(false);
  const magnitude = e10 + digits.length;
  if (magnitude > 4934) return { kind: 'inf', neg: false };
  if (magnitude < -4952) return zero(false);
  const d = BigInt(digits);
  return e10 >= 0 ? round(false, d * 10n ** BigInt(e10), 0, X87) : divide(false, d, 0, 10n ** BigInt(-e10), 0, X87);
}

function toIEEE(x: Ext, f: Format, bytes: 4 | 8): number {
  const expBits = bytes === 8 ? 11 : 8;
  const fracBits = f.precision - 1;
  let biased: bigint;
  let frac: bigint;
  if (x.kind === 'nan') {
    biased = (1n << BigInt(expBits)) - 1n;
    frac = ((x.mant & (INT_BIT - 1n)) >> BigInt(63 - fracBits)) | (1n << BigInt(fracBits - 1));
  } else {
    const r = x.kind === 'inf' ? x : round(x.neg, x.mant, x.exp, f);
    if (r.kind !== 'finite') { biased = (1n << BigInt(expBits)) - 1n; frac = 0n; }
    else if (bitLength(r.mant) === f.precision) { biased = BigInt(r.exp + fracBits + (1 << (expBits - 1)) - 1); frac = r.mant - (1n << BigInt(fracBits)); }
    else { biased = 0n; frac = r.mant; }
  }
  const bits = ((x.neg ? 1n : 0n) << BigInt(bytes * 8 - 1)) | (biased << BigInt(fracBits)) | frac;
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(bits, 0);
  return bytes === 8 ? b.readDoubleLE(0) : b.readFloatLE(0);
}

/** The nearest double (ties to even; denormals and overflow as the hardware gives them). */
export function toDouble(x: Ext): number { return toIEEE(x, DOUBLE, 8); }

/** The nearest float, as a JS number. */
export function toFloat(x: Ext): number { return toIEEE(x, SINGLE, 4); }

const LONGEST_MAX = (1n << 63n) - 1n;
const LONGEST_MIN = -(1n << 63n);

/** gdb's conversion to an integer: truncated toward zero, clamped to a 64-bit signed range
 * (NaN gives the largest). */
export function toInteger(x: Ext): bigint {
  if (x.kind === 'nan') return LONGEST_MAX;
  if (x.kind === 'inf') return x.neg ? LONGEST_MIN : LONGEST_MAX;
  const magnitude = x.exp >= 0 ? x.mant << BigInt(x.exp) : x.mant >> BigInt(-x.exp);
  const n = x.neg ? -magnitude : magnitude;
  return n > LONGEST_MAX ? LONGEST_MAX : n < LONGEST_MIN ? LONGEST_MIN : n;
}

export function isZero(x: Ext): boolean { return x.kind === 'finite' && x.mant === 0n; }

/** The x87's NaN result: a NaN operand made quiet (of two, the one with the larger significand). */
function nanResult(a: Ext, b: Ext): Ext {
  const pick = a.kind === 'nan' && b.kind === 'nan' ? (b.mant > a.mant ? b : a) : a.kind === 'nan' ? a : b;
  return { kind: 'nan', neg: pick.neg, mant: (pick as { mant: bigint }).mant | (1n << 62n) };
}

function add(a: Ext, b: Ext): Ext {
  if (a.kind === 'inf') return b.kind === 'inf' && b.neg !== a.neg ? INDEFINITE : a;
  if (b.kind === 'inf') return b;
  if (a.kind !== 'finite' || b.kind !== 'finite') throw new Error('NaN operands are handled by arith');
  const e = Math.min(a.exp, b.exp);
  const sa = (a.neg ? -a.mant : a.mant) << BigInt(a.exp - e);
  const sb = (b.neg ? -b.mant : b.mant) << BigInt(b.exp - e);
  const sum = sa + sb;
  // An exact zero is +0, except the sum of two negative zeros.
  if (sum === 0n) return zero(a.mant === 0n && b.mant === 0n && a.neg && b.neg);
  return round(sum < 0n, sum < 0n ? -sum : sum, e, X87);
}

/** One of C's arithmetic operators on long doubles. */
export function arith(op: '+' | '-' | '*' | '/', a: Ext, b: Ext): Ext {
  if (a.kind === 'nan' || b.kind === 'nan') return nanResult(a, b);
  if (op === '+') return add(a, b);
  if (op === '-') return add(a, { ...b, neg: !b.neg });
  const neg = a.neg !== b.neg;
  if (op === '*') {
    if (a.kind === 'inf' || b.kind === 'inf') return isZero(a) || isZero(b) ? INDEFINITE : { kind: 'inf', neg };
    return round(neg, a.mant * b.mant, a.exp + b.exp, X87);
  }
  if (a.kind === 'inf') return b.kind === 'inf' ? INDEFINITE : { kind: 'inf', neg };
  if (b.kind === 'inf') return zero(neg);
  if (b.mant === 0n) return a.mant === 0n ? INDEFINITE : { kind: 'inf', neg };
  return divide(neg, a.mant, a.exp, b.mant, b.exp, X87);
}

/** -1, 0 or 1; undefined when either is a NaN. */
export function compareExt(a: Ext, b: Ext): number | undefined {
  if (a.kind === 'nan' || b.kind === 'nan') return undefined;
  const rank = (x: Ext): number => (x.kind === 'inf' ? (x.neg ? -1 : 1) : 0);
  if (rank(a) !== rank(b) || rank(a) !== 0) return Math.sign(rank(a) - rank(b));
  const d = add(a, { ...b, neg: !b.neg });
  return isZero(d) ? 0 : d.neg ? -1 : 1;
}
