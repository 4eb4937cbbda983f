// Exact decimal forms of a double as glibc's printf writes them: the binary value's exact
// fraction, rounded half to even (%f, %e, %#g; %g strips the zeros).
/** A non-negative number as an exact fraction num / den. */
export interface Exact { num: bigint; den: bigint }

/** A non-negative finite double as an exact fraction num / den. */
function exact(a: number): Exact {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(a, 0);
  const bits = b.readBigUInt64LE(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = e === 0 ? frac : frac | (1n << 52n);
  const shift = (e === 0 ? 1 : e) - 1075;
  return shift >= 0 ? { num: mant << BigInt(shift), den: 1n } : { num: mant, den: 1n << BigInt(-shift) };
}

/** num / den rounded to an integer, ties to even (glibc rounds the exact binary value). */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num % den) * 2n;
  return r2 > den || (r2 === den && (q & 1n) === 1n) ? q + 1n : q;
}

/** C's %.{prec}f of a non-negative finite double. */
export function fixed(a: number, prec: number): string { return fixedExact(exact(a), prec); }

export function fixedExact({ num, den }: Exact, prec: number): string {
  const digits = roundHalfEven(num * 10n ** BigInt(prec), den).toString().padStart(prec + 1, '0');
  return prec === 0 ? digits : `${digits.slice(0, -prec)}.${digits.slice(-prec)}`;
}

/** C's %.{prec}e of a non-negative finite double: at least two exponent digits. */
export function exponential(a: number, prec: number): string { return exponentialExact(exact(a), prec); }

export function exponentialExact({ num, den }: Exact, prec: number): string {
  let e = 0;
  let mant = '0'.repeat(prec + 1);
  if (num !== 0n) {
    e = Math.floor((num.toString(2).length - den.toString(2).length) * Math.log10(2));
    // Correct the estimate so that 10^e <= a < 10^(e+1).
    const below = (k: number): boolean => (k >= 0 ? num < den * 10n ** BigInt(k) : num * 10n ** BigInt(-k) < den);
    while (below(e)) e--;
    while (!below(e + 1)) e++;
    const scale = prec - e;
    let n = scale >= 0 ? roundHalfEven(num * 10n ** BigInt(scale), den) : roundHalfEven(num, den * 10n ** BigInt(-scale));
    if (n >= 10n ** BigInt(prec + 1)) { n /= 10n; e++; }
    mant = n.toString();
  }
  const body = prec === 0 ? mant : `${mant[0]}.${mant.slice(1)}`;
  return `${body}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** %#g: %g keeping trailing zeros. */
export function alternateG(a: number, digits: number): string {
  if (a === 0) return fixed(0, digits - 1);
  const e = Number(exponential(a, digits - 1).split('e')[1]);
  if (e < -4 || e >= digits) return exponential(a, digits - 1);
  return fixed(a, Math.max(0, digits - 1 - e));
}

/** C's %.{digits}g of a non-negative finite double. */
export function plainG(a: number, digits: number): string {
  const s = alternateG(a, digits);
  const [mant, ex] = s.split('e');
  const stripped = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
  return ex === undefined ? stripped : `${stripped}e${ex}`;
}
