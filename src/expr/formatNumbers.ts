// gdb's printing of numbers: floats with %g and 9/17 significant digits, NaNs with their
// payload, and the print formats (/x /d /u /o /t /c /a /f /z) applied to one scalar.
import { plainG } from './exactFloat';
import { formatChar } from './formatChars';
import { isValidX87 } from './x87';

/** C's `%.{digits}g`, rounded as glibc rounds (the exact value, ties to even: half 85.3125 is
 * 85.312 to 5 digits). */
export function formatG(x: number, digits: number): string {
  if (Number.isNaN(x) || !Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return (x < 0 ? '-' : '') + plainG(Math.abs(x), digits);
}

function nanText(sign: boolean, payload: bigint): string {
  return `${sign ? '-' : ''}nan(0x${payload.toString(16)})`;
}

/** A double as gdb prints it: `3.1400000000000001`, `inf`, `-nan(0x8000000000000)`. */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(x, 0);
    const bits = b.readBigUInt64LE(0);
    return nanText(bits >> 63n === 1n, bits & ((1n << 52n) - 1n));
  }
  return formatG(x, 17);
}

/** A float as gdb prints it: `3.1400001`, `0.100000001`. */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(x, 0);
    const bits = b.readUInt32LE(0);
    return nanText(bits >>> 31 === 1, BigInt(bits & 0x7fffff));
  }
  return formatG(Math.fround(x), 9);
}

/** Formats bits of a float of `size` bytes (2 = IEEE half or, so named, [builtin_type_]bfloat16; 4; 8; 10 or
 * 16 = x87 long double) given as raw bytes. */
export function formatFloatBytes(b: Buffer, size: number, name?: string): string {
  if (size === 2) return formatHalf(b.readUInt16LE(0), name !== undefined && name.endsWith('bfloat16'));
  if (size === 4) return formatFloat(b.readFloatLE(0));
  if (size === 8) return formatDouble(b.readDoubleLE(0));
  const mant = b.readBigUInt64LE(0);
  const se = b.readUInt16LE(8);
  const exp = se & 0x7fff;
  const neg = (se & 0x8000) !== 0;
  if (!isValidX87(b)) return '<invalid float value>';
  // gdb shows an x87 NaN's whole significand, its integer bit included.
  if (exp === 0x7fff) return (mant << 1n) === 1n << 64n ? (neg ? '-inf' : 'inf') : nanText(neg, mant);
  if (mant === 0n) return neg ? '-0' : '0';
  const e2 = (exp === 0 ? 1 : exp) - 16383 - 63;
  const [num, den] = e2 >= 0 ? [mant << BigInt(e2), 1n] : [mant, 1n << BigInt(-e2)];
  return (neg ? '-' : '') + rationalG(num, den, 21);
}

/** A 16-bit float as gdb prints it (%g with 5 digits for IEEE half, 4 for bfloat16). */
function formatHalf(bits: number, bfloat: boolean): string {
  const mantBits = bfloat ? 7 : 10;
  const expBits = bfloat ? 8 : 5;
  const neg = bits >> 15 === 1;
  const exp = (bits >> mantBits) & ((1 << expBits) - 1);
  const mant = bits & ((1 << mantBits) - 1);
  if (exp === (1 << expBits) - 1) return mant === 0 ? (neg ? '-inf' : 'inf') : nanText(neg, BigInt(mant));
  const bias = (1 << (expBits - 1)) - 1;
  const x = exp === 0 ? mant * 2 ** (1 - bias - mantBits) : (mant + (1 << mantBits)) * 2 ** (exp - bias - mantBits);
  return (neg ? '-' : '') + formatG(x, bfloat ? 4 : 5);
}

/** `%.{digits}g` of the exact positive rational num/den (long doubles exceed JS numbers). */
function rationalG(num: bigint, den: bigint, digits: number): string {
  let e = num.toString().length - den.toString().length;
  const pow = (k: number): bigint => 10n ** BigInt(k);
  const below = (k: number): boolean => (k >= 0 ? num < den * pow(k) : num * pow(-k) < den);
  while (below(e)) e--;
  while (!below(e + 1)) e++;
  const shift = digits - 1 - e;
  const n = shift >= 0 ? num * pow(shift) : num;
  const d = shift >= 0 ? den : den * pow(-shift);
  let q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) q++;
  if (q >= pow(digits)) { q /= 10n; e++; }
  const ds = q.toString();
  if (e < -4 || e >= digits) {
    let mant = `${ds[0]}.${ds.slice(1)}`.replace(/0+$/, '').replace(/\.$/, '');
    if (mant.endsWith('.')) mant = mant.slice(0, -1);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  let text = e >= 0 ? `${ds.slice(0, e + 1)}.${ds.slice(e + 1)}` : `0.${'0'.repeat(-e - 1)}${ds}`;
  text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text;
}

export interface ScalarBits {
  /** The raw bits as an unsigned integer of `size` bytes (bit-fields: of their declared type). */
  raw: bigint;
  size: number;
  signed: boolean;
  /** Whether the value's type is a float (for /f). */
  isFloat: boolean;
}

/** A scalar printed with one of gdb's print formats; `symbolize` supplies /a's `<sym+off>`. */
export function formatScalarAs(v: ScalarBits, fmt: string, symbolize?: (a: bigint) => string | undefined): string {
  const bits = v.size * 8;
  const u = BigInt.asUintN(bits, v.raw);
  switch (fmt) {
    case 'x': return `0x${u.toString(16)}`;
    case 'z': return `0x${u.toString(16).padStart(v.size * 2, '0')}`;
    case 'o': return u === 0n ? '0' : `0${u.toString(8)}`;
    case 't': return u.toString(2);
    case 'd': return BigInt.asIntN(bits, u).toString();
    case 'u': return u.toString();
    case 'c': {
      return formatChar(Number(v.signed ? BigInt.asIntN(8, u) : BigInt.asUintN(8, u)));
    }
    case 'a': {
      const s = symbolize?.(u);
      return `0x${u.toString(16)}${s ? ` <${s}>` : ''}`;
    }
    case 'f': {
      if (v.size === 4 || v.size === 8 || v.size === 16) {
        const b = Buffer.alloc(Math.max(v.size, 8));
        let x = u;
        for (let i = 0; i < v.size; i++) { b[i] = Number(x & 0xffn); x >>= 8n; }
        return formatFloatBytes(b, v.size);
      }
      return v.signed ? BigInt.asIntN(bits, u).toString() : u.toString();
    }
    default: return v.signed ? BigInt.asIntN(bits, u).toString() : u.toString();
  }
}
