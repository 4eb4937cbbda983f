// Formats Values exactly as gdb 13's `print` does: scalars, chars, enums, pointers (with
// their `(type)` prefix at top level), functions, structs, unions, arrays with repeats,
// char arrays as strings, and the print formats applied to aggregates member by member.
import { resolve, sizeOf, type EnumType, type Type } from '../symbols/types';
import { EvalError, type EvalContext, type Value } from './context';
import { subValue } from './evaluate';
import { defaultLimits, formatChar, formatCharArray, formatStringBytes } from './formatChars';
import { formatWideChar, formatWideString, widePrefix } from './formatWide';
import { formatFloatBytes, formatScalarAs } from './formatNumbers';
import { typeName } from './typeName';
import { bytesOf, isFloat, isIntegral, isSigned, toBigInt } from './values';

export interface FormatOptions {
  /** A print format letter: x d u o t c a f s z (undefined: natural). */
  format?: string;
  /** The value is what `print` shows (pointers get their `(type)` prefix). */
  topLevel?: boolean;
  /** `print frame-arguments scalars`: aggregates print as `...`. */
  frameArgs?: boolean;
  /** `print repeats`, default 10. */
  repeatThreshold?: number;
  /** `print elements`, default 200 (Infinity for unlimited). */
  printMax?: number;
  /** `set print pretty on`: one struct member a line, indented two spaces a level. */
  pretty?: boolean;
  /** `set print address off`: pointers and functions show only their `<symbol>`, if any. */
  addresses?: boolean;
  /** `set print union off`: unions inside other values print as `{...}`. */
  unions?: boolean;
  /** `set print null-stop on`: char arrays end at their first NUL. */
  nullStop?: boolean;
}

interface Opts {
  format?: string; repeatThreshold: number; printMax: number; frameArgs: boolean; pretty: boolean;
  addresses: boolean; unions: boolean; nullStop: boolean;
}

const validFormats = new Set(['x', 'd', 'u', 'o', 't', 'c', 'a', 'f', 's', 'z']);

/** Throws gdb's error for a format letter `print` does not take. */
export function checkPrintFormat(format: string | undefined): void {
  if (format === 'i') throw new EvalError('Format letter "i" is meaningless in "print" command.');
  if (format !== undefined && !validFormats.has(format)) throw new EvalError(`Undefined output format "${format}".`);
}

/** The text `print` shows after `$N = ` for `v`. Errors reading memory become gdb's
 * `<error: ...>` inside aggregates and are thrown at top level. */
export function formatValue(v: Value, ctx: EvalContext, options: FormatOptions = {}): string {
  checkPrintFormat(options.format);
  const opts: Opts = {
    format: options.format === 's' ? undefined : options.format,
    repeatThreshold: options.repeatThreshold ?? defaultLimits.repeatThreshold,
    printMax: options.printMax ?? defaultLimits.printMax,
    frameArgs: options.frameArgs ?? false,
    pretty: options.pretty ?? false,
    addresses: options.addresses ?? true,
    unions: options.unions ?? true,
    nullStop: options.nullStop ?? false,
  };
  return formatAny(v, ctx, opts, options.topLevel ?? false, 0);
}

function isCharType(t: Type): boolean {
  const r = resolve(t);
  return r.kind === 'base' && r.size === 1 && (r.encoding === 'signed_char' || r.encoding === 'unsigned_char');
}

/** `depth` is gdb's recursion level, which sets pretty printing's indentation. */
function formatAny(v: Value, ctx: EvalContext, o: Opts, top: boolean, depth: number): string {
  if (v.optimizedOut) return '<optimized out>';
  const r = resolve(v.type);
  switch (r.kind) {
    case 'struct': case 'union': case 'class':
      if (o.frameArgs) return '...';
      if (r.kind === 'union' && depth > 0 && !o.unions) return '{...}';
      return formatStruct(v, ctx, o, depth);
    case 'array':
      if (o.frameArgs) return '...';
      return formatArray(v, ctx, o, depth);
    case 'function': {
      const addr = v.lval?.kind === 'memory' ? v.lval.address : 0n;
      if (o.format) return formatFunctionAs(addr, ctx, o.format);
      return `{${typeName(v.type)}} ${addressText(addr, ctx.symbolize(addr), o)}`;
    }
    case 'void': return 'void';
    default: return formatScalar(v, ctx, o, top);
  }
}

/** gdb's value of a function is its first byte of code: a format letter prints that byte,
 * except the letters that want an integer's value (a, c). */
function formatFunctionAs(address: bigint, ctx: EvalContext, fmt: string): string {
  if (fmt === 'a' || fmt === 'c') throw new EvalError("Value can't be converted to integer.");
  return formatScalarAs({ raw: BigInt(ctx.readMemory(address, 1)[0]), size: 1, signed: true, isFloat: false }, fmt);
}

/** gdb's print_address_demangle: `0x1139 <f>`, `0x1139`; without addresses `<f>` or nothing. */
function addressText(address: bigint, sym: string | undefined, o: Opts): string {
  const hex = `0x${address.toString(16)}`;
  if (!o.addresses) return sym ? `<${sym}>` : '';
  return sym ? `${hex} <${sym}>` : hex;
}

function guarded(f: () => string): string {
  try {
    return f();
  } catch (e) {
    if (e instanceof EvalError) return `<error: ${e.message}>`;
    throw e;
  }
}

function formatStruct(v: Value, ctx: EvalContext, o: Opts, depth: number): string {
  const r = resolve(v.type);
  if (r.kind !== 'struct' && r.kind !== 'union' && r.kind !== 'class') throw new Error('not a struct');
  if (r.incomplete) return '<incomplete type>';
  if (r.members.length === 0) return '{<No data fields>}';
  const parts = r.members.map((m) => {
    const text = guarded(() => formatAny(subValue(v, m, m.offset, ctx), ctx, o, false, depth + 1));
    return m.name === undefined ? text : `${m.name} = ${text}`;
  });
  if (o.pretty) {
    const indent = (n: number): string => '  '.repeat(n);
    return `{${parts.map((p) => `\n${indent(depth + 1)}${p}`).join(',')}\n${indent(depth)}}`;
  }
  return `{${parts.join(', ')}}`;
}

function elementBytes(v: Value, ctx: EvalContext, i: number, size: number): Buffer {
  return bytesOf(v, ctx).subarray(i * size, (i + 1) * size);
}

function formatArray(v: Value, ctx: EvalContext, o: Opts, depth: number): string {
  const r = resolve(v.type);
  if (r.kind !== 'array') throw new Error('not an array');
  const count = r.count ?? 0;
  const size = sizeOf(r.element);
  // gdb shows an array of no (or unknown) length, such as a flexible member, by its address.
  if (count === 0 && v.lval?.kind === 'memory') return `0x${v.lval.address.toString(16)}`;
  const wide = o.format ? undefined : widePrefix(r.element);
  if (count === 0 || size === 0) return isCharType(r.element) && !o.format ? '""' : wide ? `${wide}""` : '{}';
  let whole: Buffer;
  try {
    whole = bytesOf(v, ctx);
  } catch (e) {
    if (e instanceof EvalError) return `<error: ${e.message}>`;
    throw e;
  }
  if (isCharType(r.element) && !o.format) {
    return formatCharArray(whole, { repeatThreshold: o.repeatThreshold, printMax: o.printMax }, o.nullStop);
  }
  if (wide) {
    const units = Array.from({ length: count }, (_, k) => whole.readUIntLE(k * size, size));
    if (units[units.length - 1] === 0) units.pop(); // as a char array's one trailing NUL
    return formatWideString(units, false, { repeatThreshold: o.repeatThreshold, printMax: o.printMax }, wide);
  }
  const parts: string[] = [];
  let printed = 0;
  let i = 0;
  const elementAt = (k: number): Value => {
    const address = v.lval?.kind === 'memory' ? v.lval.address + BigInt(k * size) : undefined;
    return {
      type: r.element,
      lval: address !== undefined ? { kind: 'memory', address } : null,
      bytes: Buffer.from(elementBytes(v, ctx, k, size)),
    };
  };
  for (; i < count && printed < o.printMax; i++) {
    const first = elementBytes(v, ctx, i, size);
    let run = 1;
    while (i + run < count && elementBytes(v, ctx, i + run, size).equals(first)) run++;
    const text = formatAny(elementAt(i), ctx, o, false, depth + 1);
    if (run > o.repeatThreshold) {
      parts.push(`${text} <repeats ${run} times>`);
      i += run - 1;
      printed += o.repeatThreshold;
    } else {
      parts.push(text);
      printed++;
    }
  }
  return `{${parts.join(', ')}${i < count ? '...' : ''}}`;
}

/** gdb's register flag types (`$eflags`, `$mxcsr`): modelled as enums of one-bit masks,
 * printed `[ ZF PF ]`. */
export const flagsTypeNames = new Set(['i386_eflags', 'i386_mxcsr']);

function formatEnum(r: EnumType, n: bigint): string {
  if (r.name && flagsTypeNames.has(r.name)) {
    const set = r.enumerators.filter((e) => e.value !== 0n && (n & e.value) === e.value).map((e) => e.name);
    return `[ ${set.join(' ')}${set.length ? ' ' : ''}]`;
  }
  const exact = r.enumerators.find((e) => e.value === n);
  if (exact) return exact.name;
  // gdb treats an enum whose values are disjoint bit sets as a flag enum.
  let mask = 0n;
  let flag = true;
  for (const e of r.enumerators) {
    if (e.value < 0n || (mask & e.value) !== 0n) { flag = false; break; }
    mask |= e.value;
  }
  if (!flag || n <= 0n) return n.toString();
  const names: string[] = [];
  let rest = n;
  for (const e of r.enumerators) {
    if (e.value !== 0n && (rest & e.value) === e.value) { names.push(e.name); rest &= ~e.value; }
  }
  if (rest !== 0n) names.push(`unknown: 0x${rest.toString(16)}`);
  return `(${names.join(' | ')})`;
}

interface CString { bytes: number[]; complete: boolean; error?: string }

/** Reads a NUL-terminated string of at most `max` characters, in aligned chunks that never
 * cross into a page the string does not reach; byte by byte once a chunk fails. */
function readCString(address: bigint, ctx: EvalContext, max: number): CString {
  const bytes: number[] = [];
  let bytewise = false;
  while (bytes.length < max) {
    const at = address + BigInt(bytes.length);
    const want = bytewise ? 1 : Number(64n - (at % 64n));
    let data: Buffer;
    try {
      data = ctx.readMemory(at, want);
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      if (!bytewise) { bytewise = true; continue; }
      return { bytes, complete: true, error: e.message };
    }
    for (const b of data) {
      if (b === 0) return { bytes, complete: true };
      bytes.push(b);
      if (bytes.length >= max) break;
    }
  }
  return { bytes, complete: endsAt(ctx, address + BigInt(bytes.length), 1) };
}

/** Reads a wide string of `size`-byte units ending in a zero unit, at most `max` of them. */
function readWideString(address: bigint, ctx: EvalContext, max: number, size: number): { units: number[]; complete: boolean; error?: string } {
  const units: number[] = [];
  while (units.length < max) {
    let unit: number;
    try {
      unit = ctx.readMemory(address + BigInt(units.length * size), size).readUIntLE(0, size);
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      return { units, complete: true, error: e.message };
    }
    if (unit === 0) return { units, complete: true };
    units.push(unit);
  }
  return { units, complete: endsAt(ctx, address + BigInt(units.length * size), size) };
}

/** Whether a string cut at the elements limit ends right there anyway (gdb prints no `...`). */
function endsAt(ctx: EvalContext, address: bigint, size: number): boolean {
  try {
    return ctx.readMemory(address, size).readUIntLE(0, size) === 0;
  } catch (e) {
    if (e instanceof EvalError) return false;
    throw e;
  }
}

/** gdb omits the `(type)` prefix only for an unnamed pointer to a type named exactly `char`
 * (qualifiers allowed): `unsigned char *` and typedefs keep it. */
function isPlainCharPointer(t: Type): boolean {
  if (t.kind !== 'pointer') return false;
  let target = t.target;
  while (target.kind === 'const' || target.kind === 'volatile' || target.kind === 'restrict') target = target.target;
  return target.kind === 'base' && target.name === 'char';
}

function formatPointer(v: Value, ctx: EvalContext, o: Opts, top: boolean): string {
  const r = resolve(v.type);
  if (r.kind !== 'pointer') throw new Error('not a pointer');
  const address = BigInt.asUintN(64, toBigInt(v, ctx));
  const target = resolve(r.target);
  const sym = address === 0n ? undefined : ctx.symbolize(address);
  const withSym = addressText(address, sym, o);
  const wide = widePrefix(r.target);
  if (wide && address !== 0n) {
    const str = readWideString(address, ctx, o.printMax, sizeOf(r.target));
    let text = str.units.length || !str.error ? formatWideString(str.units, !str.complete, { repeatThreshold: o.repeatThreshold, printMax: o.printMax }, wide) : '';
    if (str.error) text += `<error: ${str.error}>`;
    return withSym ? `${withSym} ${text}` : text;
  }
  if (isCharType(r.target)) {
    if (address === 0n) return withSym;
    const str = readCString(address, ctx, o.printMax);
    let text = str.bytes.length || !str.error
      ? formatStringBytes(str.bytes, !str.complete, { repeatThreshold: o.repeatThreshold, printMax: o.printMax }) : '';
    if (str.error) text += `<error: ${str.error}>`;
    const shown = withSym ? `${withSym} ${text}` : text;
    return top && !isPlainCharPointer(v.type) ? `(${typeName(v.type)}) ${shown}` : shown;
  }
  const shown = target.kind === 'function' || sym ? withSym : addressText(address, undefined, o);
  return top ? `(${typeName(v.type)}) ${shown}` : shown;
}

function formatScalar(v: Value, ctx: EvalContext, o: Opts, top: boolean): string {
  const r = resolve(v.type);
  if (o.format) return formatWithLetter(v, ctx, o.format);
  if (r.kind === 'pointer') return formatPointer(v, ctx, o, top);
  if (r.kind === 'enum') return formatEnum(r, toBigInt(v, ctx));
  if (r.kind === 'base') {
    if (r.encoding === 'float') return formatFloatBytes(padded(bytesOf(v, ctx)), r.size, r.name);
    if (r.encoding === 'complex_float') {
      const b = bytesOf(v, ctx);
      const half = r.size / 2;
      const part = (k: number): string => formatFloatBytes(padded(Buffer.from(b.subarray(k * half, (k + 1) * half))), half);
      return `${part(0)} + ${part(1)}i`;
    }
    const n = toBigInt(v, ctx);
    if (r.encoding === 'bool') return n === 0n ? 'false' : n === 1n ? 'true' : n.toString();
    if (isCharType(v.type)) return formatChar(Number(n));
    const wide = widePrefix(v.type);
    if (wide) return formatWideChar(n, Number(BigInt.asUintN(8 * r.size, n)), wide);
    return n.toString();
  }
  throw new EvalError(`cannot print a value of type ${typeName(v.type)}`);
}

function padded(b: Buffer): Buffer {
  return b.length >= 8 ? b : Buffer.concat([b, Buffer.alloc(8 - b.length)]);
}

function formatWithLetter(v: Value, ctx: EvalContext, fmt: string): string {
  const r = resolve(v.type);
  const size = sizeOf(v.type);
  if (r.kind === 'base' && r.encoding === 'float') {
    if (fmt === 'f') return formatFloatBytes(padded(bytesOf(v, ctx)), r.size, r.name);
    const b = bytesOf(v, ctx);
    // /c and /a take the float's integer part; the other letters its bits.
    if (fmt === 'c' || fmt === 'a') return formatScalarAs({ raw: toBigInt(v, ctx), size: Math.min(size, 8), signed: true, isFloat: true }, fmt, (a) => ctx.symbolize(a));
    // An x87 long double has 10 significant bytes of its 16.
    if (size === 16) return formatScalarAs({ raw: b.readBigUInt64LE(0) | (BigInt(b.readUInt16LE(8)) << 64n), size: 10, signed: true, isFloat: true }, fmt === 'z' ? 'z' : fmt, (a) => ctx.symbolize(a));
    let raw = 0n;
    for (let i = size - 1; i >= 0; i--) raw = (raw << 8n) | BigInt(b[i]);
    return formatScalarAs({ raw, size, signed: true, isFloat: true }, fmt, (a) => ctx.symbolize(a));
  }
  const n = toBigInt(v, ctx);
  if (fmt === 'f' && (isIntegral(v.type) || r.kind === 'pointer')) {
    // gdb reinterprets an integer's bits as a float of the same size; other sizes print as integers.
    if (size !== 4 && size !== 8) return isSigned(v.type) ? n.toString() : BigInt.asUintN(size * 8, n).toString();
  }
  return formatScalarAs({ raw: n, size, signed: isSigned(v.type) || isFloat(v.type), isFloat: false }, fmt, (a) => ctx.symbolize(a));
}
