// gdb's `printf "FORMAT", ARGS...`: the format parsed as gdb parses it (its escapes, the
// conversions it accepts and its messages), arguments converted per conversion, C's formatting.
import { resolve, sizeOf } from '../symbols/types';
import { EvalError, type EvalContext, type Value } from './context';
import { formatG } from './formatNumbers';
import { alternateG, exponential, exponentialExact, fixed, fixedExact, type Exact } from './exactFloat';
import { bytesOf, isFloat, toBigInt, toNumber } from './values';
import { decodeX87, fromDouble, type Ext } from './x87';

type ArgClass = 'int' | 'long' | 'string' | 'char' | 'pointer' | 'double' | 'longdouble';

interface Conversion { flags: string; width?: number; precision?: number; conv: string; arg: ArgClass; short?: boolean }
export type FormatPiece = string | Conversion;

const ESCAPES: Record<string, string> = { '\\': '\\', 'a': '\x07', 'b': '\b', 'e': '\x1b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v', '"': '"' };

/** The output is a string of bytes (a char each, as %s gives a program's bytes): the format's
 * own text goes in as its UTF-8 bytes. */
const asBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

/** Splits `"FORMAT", ARG, ...` into the format's pieces and the argument texts (not evaluated). */
export function parsePrintf(text: string): { pieces: FormatPiece[]; args: string[] } {
  let s = text.trim();
  if (s === '') throw new EvalError('Argument required (format-control string and values to print).');
  if (s[0] !== '"') throw new EvalError('Bad format string');
  const pieces: FormatPiece[] = [];
  let literal = '';
  let i = 1;
  for (; i < s.length && s[i] !== '"'; i++) {
    const ch = s[i];
    if (ch === '\\') {
      const e = s[++i];
      if (e === undefined) break;
      if (!(e in ESCAPES)) throw new EvalError(`Unrecognized escape character \\${e} in format string.`);
      literal += ESCAPES[e];
    } else if (ch === '%') {
      if (s[i + 1] === '%') { literal += '%'; i++; continue; }
      const conv = parseConversion(s, i + 1);
      if (literal) pieces.push(asBytes(literal));
      literal = '';
      pieces.push(conv.piece);
      i = conv.end - 1;
    } else {
      literal += ch;
    }
  }
  if (s[i] !== '"') throw new EvalError('Bad format string, non-terminated \'"\'.');
  if (literal) pieces.push(asBytes(literal));
  s = s.slice(i + 1).trimStart();
  if (s !== '' && s[0] !== ',') throw new EvalError('Invalid argument syntax');
  return { pieces, args: s === '' ? [] : splitArguments(s.slice(1)) };
}

function parseConversion(s: string, at: number): { piece: Conversion; end: number } {
  let i = at;
  let flags = '';
  while (i < s.length && '0-+ #\''.includes(s[i])) flags += s[i++];
  let width: number | undefined;
  let precision: number | undefined;
  const digits = (): number | undefined => {
    const m = /^\d+/.exec(s.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    return parseInt(m[0], 10);
  };
  width = digits();
  if (s[i] === '.') { i++; precision = digits() ?? 0; }
  let longs = 0;
  let h = false;
  let bigL = false;
  let sizeT = false;
  if (s[i] === 'h') { h = true; i++; } else if (s[i] === 'l') { longs++; i++; if (s[i] === 'l') { longs++; i++; } } else if (s[i] === 'L') { bigL = true; i++; } else if (s[i] === 'z') { sizeT = true; i++; }
  const conv = s[i];
  const has = (f: string): boolean => flags.includes(f);
  let arg: ArgClass;
  let bad = false;
  switch (conv) {
    case 'u': case 'o': case 'x': case 'X': case 'd': case 'i':
      if (conv === 'u' && has('#')) bad = true;
      if ('uoxX'.includes(conv) && (has(' ') || has('+'))) bad = true;
      arg = sizeT || longs > 0 ? 'long' : 'int';
      if (bigL) bad = true;
      break;
    case 'c':
      arg = 'char';
      if (longs > 0 || h || bigL || precision !== undefined || has('0') || has(' ') || has('+')) bad = true;
      break;
    case 'p':
      arg = 'pointer';
      if (longs || h || bigL || precision !== undefined || has('#') || has('0') || has(' ') || has('+')) bad = true;
      break;
    case 's':
      arg = 'string';
      if (longs > 0 || h || bigL || has('0') || has(' ') || has('+')) bad = true;
      break;
    case 'e': case 'f': case 'g': case 'E': case 'G':
      arg = bigL ? 'longdouble' : 'double';
      if (longs || h) bad = true;
      break;
    case '*': throw new EvalError('`*\' not supported for precision or width in printf');
    case 'n': throw new EvalError('Format specifier `n\' not supported in printf');
    case undefined: case '"': throw new EvalError('Incomplete format specifier at end of format string');
    default: throw new EvalError(`Unrecognized format specifier '${conv}' in printf`);
  }
  if (bad) throw new EvalError(`Inappropriate modifiers to format specifier '${conv}' in printf`);
  return { piece: { flags, width, precision, conv, arg, short: h }, end: i + 1 };
}

/** The comma-separated argument expressions, split at commas outside brackets and quotes. */
function splitArguments(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"' || ch === '\'') {
      for (i++; i < s.length && s[i] !== ch; i++) if (s[i] === '\\') i++;
    } else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) { out.push(s.slice(start, i)); start = i + 1; }
  }
  out.push(s.slice(start));
  return out.map((a) => a.trim());
}

/** Formats the pieces with the evaluated arguments; output made before a failing conversion is
 * passed to `partial` (gdb has printed it by then). */
export function formatPrintf(pieces: FormatPiece[], values: Value[], ctx: EvalContext): string {
  if (pieces.filter((p) => typeof p !== 'string').length !== values.length) throw new EvalError('Wrong number of arguments for specified format-string');
  let out = '';
  let n = 0;
  for (const p of pieces) {
    if (typeof p === 'string') { out += p; continue; }
    try {
      out += convert(p, values[n++], ctx);
    } catch (e) {
      if (e instanceof EvalError) throw new PrintfError(e.message, out);
      throw e;
    }
  }
  return out;
}

/** A conversion failed after `partial` was formatted. */
export class PrintfError extends EvalError {
  constructor(message: string, readonly partial: string) { super(message); }
}

/** gdb's value_as_long: arrays and functions by address, no aggregates. */
function asInteger(v: Value, ctx: EvalContext): bigint {
  const r = resolve(v.type);
  if (r.kind === 'array' || r.kind === 'function') {
    if (v.lval?.kind === 'memory') return v.lval.address;
    throw new EvalError('Attempt to take address of value not located in memory.');
  }
  if (r.kind === 'struct' || r.kind === 'union' || r.kind === 'void') throw new EvalError('Value can\'t be converted to integer.');
  return toBigInt(v, ctx);
}

function convert(p: Conversion, v: Value, ctx: EvalContext): string {
  switch (p.arg) {
    case 'int': case 'long': {
      // %h: gdb passes an int, C's printf prints it as a short.
      const bits = p.short ? 16 : p.arg === 'int' ? 32 : 64;
      const n = asInteger(v, ctx);
      return formatInteger(p, 'di'.includes(p.conv) ? BigInt.asIntN(bits, n) : BigInt.asUintN(bits, n));
    }
    case 'char': return pad(p, String.fromCharCode(Number(BigInt.asUintN(8, asInteger(v, ctx)))));
    case 'pointer': {
      const a = BigInt.asUintN(64, asInteger(v, ctx));
      return pad(p, a === 0n ? '(nil)' : `0x${a.toString(16)}`);
    }
    case 'string': {
      const text = cString(v, ctx);
      return pad(p, p.precision !== undefined ? text.slice(0, p.precision) : text);
    }
    case 'longdouble': return formatLongDouble(p, longDoubleValue(v, ctx));
    default: return formatFloating(p, floatingValue(v, ctx), negativeNaN(v, ctx));
  }
}

/** A %s argument's characters: a string literal's own bytes, else read from its address. */
function cString(v: Value, ctx: EvalContext): string {
  const r = resolve(v.type);
  if (r.kind === 'array' && v.lval?.kind !== 'memory') {
    const b = bytesOf(v, ctx);
    const end = b.indexOf(0);
    return b.subarray(0, end < 0 ? b.length : end).toString('latin1');
  }
  const address = BigInt.asUintN(64, asInteger(v, ctx));
  if (address === 0n) return '(null)';
  const bytes: number[] = [];
  for (let a = address; ; a++) {
    const byte = ctx.readMemory(a, 1)[0];
    if (byte === 0) break;
    bytes.push(byte);
  }
  return Buffer.from(bytes).toString('latin1');
}

/** A %f argument: floats converted; other values of a float's size reinterpreted (gdb). */
function floatingValue(v: Value, ctx: EvalContext): number {
  if (isFloat(v.type)) return toNumber(v, ctx);
  const size = sizeOf(v.type);
  if (size === 4 || size === 8 || size === 16) {
    const encoding = 'float' as const;
    return toNumber({ type: { kind: 'base', name: 'float', size, encoding }, lval: null, bytes: bytesOf(v, ctx) }, ctx);
  }
  return Number(asInteger(v, ctx));
}

/** A %Lf argument: a long double exactly (x87's 64-bit significand), other numbers converted. */
function longDoubleValue(v: Value, ctx: EvalContext): Ext {
  if (isFloat(v.type) && sizeOf(v.type) === 16) return decodeX87(bytesOf(v, ctx));
  const x = floatingValue(v, ctx);
  return Number.isNaN(x) && negativeNaN(v, ctx) ? { kind: 'nan', neg: true, mant: 0xc000000000000000n } : fromDouble(x);
}

/** A long double's 10 bytes under a %L conversion of flags, width, precision and letter (f e g E G). */
export function formatLongDoubleBytes(spec: { flags: string; width?: number; precision?: number; conv: string }, bytes: Buffer): string {
  return formatLongDouble({ ...spec, arg: 'longdouble', short: false }, decodeX87(bytes));
}

function formatLongDouble(p: Conversion, x: Ext): string {
  const sign = x.neg ? '-' : p.flags.includes('+') ? '+' : p.flags.includes(' ') ? ' ' : '';
  let body: string;
  if (x.kind !== 'finite') body = x.kind === 'nan' ? 'nan' : 'inf';
  else {
    const real: Exact = x.exp >= 0 ? { num: x.mant << BigInt(x.exp), den: 1n } : { num: x.mant, den: 1n << BigInt(-x.exp) };
    body = floatingBody(p, real);
  }
  if (p.conv === 'E' || p.conv === 'G') body = body.toUpperCase();
  return pad(p, sign + body, x.kind === 'finite');
}

/** The digits of %f, %e or %g (per `p`) of a non-negative exact value. */
function floatingBody(p: Conversion, x: Exact): string {
  const prec = p.precision ?? 6;
  const conv = p.conv.toLowerCase();
  let body: string;
  if (conv === 'f') body = fixedExact(x, prec);
  else if (conv === 'e') body = exponentialExact(x, prec);
  else {
    const digits = prec === 0 ? 1 : prec;
    body = generalExact(x, digits, p.flags.includes('#'));
  }
  if (p.flags.includes('#') && prec === 0 && !body.includes('.')) body = body.replace(/^(\d+)/, '$1.');
  return body;
}

/** %g of an exact value: %e or %f by the exponent, trailing zeros dropped unless `alternate`. */
function generalExact(x: Exact, digits: number, alternate: boolean): string {
  const strip = (t: string): string => (alternate || !t.includes('.') ? t : t.replace(/0+$/, '').replace(/\.$/, ''));
  if (x.num === 0n) return alternate ? fixedExact(x, digits - 1) : '0';
  const asExp = exponentialExact(x, digits - 1);
  const e = Number(asExp.split('e')[1]);
  if (e < -4 || e >= digits) {
    const [mant, ex] = asExp.split('e');
    return `${strip(mant)}e${ex}`;
  }
  return strip(fixedExact(x, Math.max(0, digits - 1 - e)));
}

/** Whether a NaN's sign bit is set (C prints it `-nan`), read from its bytes. */
function negativeNaN(v: Value, ctx: EvalContext): boolean {
  const b = bytesOf(v, ctx);
  const size = sizeOf(v.type);
  const top = size === 16 ? 9 : size - 1;
  return isFloat(v.type) && b.length > top && (b[top] & 0x80) !== 0;
}

function pad(p: Conversion, body: string, zeroPad = false): string {
  const width = p.width ?? 0;
  if (body.length >= width) return body;
  if (p.flags.includes('-')) return body.padEnd(width);
  if (zeroPad && p.flags.includes('0')) {
    const sign = /^([+ -]|0[xX])?/.exec(body)![0];
    return sign + body.slice(sign.length).padStart(width - sign.length, '0');
  }
  return body.padStart(width);
}

function formatInteger(p: Conversion, n: bigint): string {
  const neg = n < 0n;
  const mag = neg ? -n : n;
  const radix = p.conv === 'o' ? 8 : 'xX'.includes(p.conv) ? 16 : 10;
  let digits = mag.toString(radix);
  if (p.conv === 'X') digits = digits.toUpperCase();
  if (p.precision !== undefined) digits = p.precision === 0 && mag === 0n ? '' : digits.padStart(p.precision, '0');
  if (p.flags.includes('#')) {
    if (p.conv === 'o' && !digits.startsWith('0')) digits = `0${digits}`;
    if ('xX'.includes(p.conv) && mag !== 0n) digits = `0${p.conv}${digits}`;
  }
  const sign = neg ? '-' : p.flags.includes('+') ? '+' : p.flags.includes(' ') ? ' ' : '';
  return pad(p, sign + digits, p.precision === undefined);
}

function formatFloating(p: Conversion, x: number, negNaN: boolean): string {
  const upper = p.conv === 'E' || p.conv === 'G';
  const sign = x < 0 || Object.is(x, -0) || (Number.isNaN(x) && negNaN) ? '-' : p.flags.includes('+') ? '+' : p.flags.includes(' ') ? ' ' : '';
  const a = Math.abs(x);
  let body: string;
  if (!Number.isFinite(a)) body = Number.isNaN(a) ? 'nan' : 'inf';
  else {
    const prec = p.precision ?? 6;
    const conv = p.conv.toLowerCase();
    if (conv === 'f') body = fixed(a, prec);
    else if (conv === 'e') body = exponential(a, prec);
    else {
      const digits = prec === 0 ? 1 : prec;
      body = p.flags.includes('#') ? alternateG(a, digits) : formatG(a, digits);
    }
    if (p.flags.includes('#') && prec === 0 && !body.includes('.')) body = body.replace(/^(\d+)/, '$1.');
  }
  if (upper) body = body.toUpperCase();
  return pad(p, sign + body, Number.isFinite(a));
}
