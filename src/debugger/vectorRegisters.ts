// The x87, SSE, AVX and AVX-512 registers as gdb types them ($st0 a long double, $xmm0 the union
// vec128, $ymm0 vec256, $zmm0 vec512, $mxcsr its flags), read from the XSAVE area (standard form).
import type { Member, Type } from '../symbols/types';

const base = (name: string, size: number, encoding: 'signed' | 'unsigned' | 'float'): Type => ({ kind: 'base', name, size, encoding });
const elements: Record<string, Type> = {
  bfloat16: base('bfloat16', 2, 'float'), half: base('half', 2, 'float'), float: base('float', 4, 'float'),
  double: base('double', 8, 'float'), int8: base('int8_t', 1, 'signed'), int16: base('int16_t', 2, 'signed'),
  int32: base('int32_t', 4, 'signed'), int64: base('int64_t', 8, 'signed'), int128: base('int128_t', 16, 'signed'),
};
const uint128: Type = base('uint128_t', 16, 'unsigned');
/** vec128 comes from gdb's target description, whose float lanes have these names. */
const tdescFloats: Record<string, Type> = {
  bfloat16: base('builtin_type_bfloat16', 2, 'float'), half: base('builtin_type_ieee_half', 2, 'float'),
  float: base('builtin_type_ieee_single', 4, 'float'), double: base('builtin_type_ieee_double', 8, 'float'),
};

/** gdb's vector union of `bytes` bytes: members `v8_float` ... (of vector types named `v8f` ...
 * in vec128, anonymous in the wider ones). */
function vectorUnion(name: string, bytes: number): Type {
  const lanes: Array<[string, string]> = [['bfloat16', 'bf16'], ['half', 'h'], ['float', 'f'], ['double', 'd'],
    ['int8', 'i8'], ['int16', 'i16'], ['int32', 'i32'], ['int64', 'i64'], ['int128', 'i128']];
  const members: Member[] = lanes.map(([lane, short]) => {
    const element = ((bytes === 16 && tdescFloats[lane]) || elements[lane]) as { size: number } & Type;
    const count = bytes / element.size;
    const vector: Type = { kind: 'array', element, count, vector: true };
    return { name: `v${count}_${lane}`, type: bytes === 16 ? { kind: 'typedef', name: `v${count}${short}`, target: vector } : vector, offset: 0 };
  });
  // vec128 has a 128-bit integer in place of a one-lane vector.
  if (bytes === 16) members[members.length - 1] = { name: 'uint128', type: uint128, offset: 0 };
  return { kind: 'union', name, size: bytes, members };
}

const vec128 = vectorUnion('vec128', 16);
const vec256 = vectorUnion('builtin_type_vec256i', 32);
const vec512 = vectorUnion('builtin_type_vec512i', 64);
const i387Ext: Type = base('builtin_type_i387_ext', 10, 'float');
const int: Type = base('int', 4, 'signed');
const uint64: Type = base('uint64_t', 8, 'unsigned');

const mxcsrBits = ['IE', 'DE', 'ZE', 'OE', 'UE', 'PE', 'DAZ', 'IM', 'DM', 'ZM', 'OM', 'UM', 'PM', '', '', 'FZ'];
/** gdb's i386_mxcsr flags (the rounding field is not a flag). */
export const mxcsrType: Type = {
  kind: 'enum', name: 'i386_mxcsr', size: 4, signed: false,
  enumerators: mxcsrBits.flatMap((name, bit) => (name ? [{ name, value: 1n << BigInt(bit) }] : [])),
};

// XSAVE standard-format offsets and their XSTATE_BV component bits.
const FX_ST = 32, FX_XMM = 160, MXCSR = 24, XSTATE_BV = 512;
const AVX = 576, AVX_BIT = 2n, OPMASK_BIT = 5n, ZMM_BIT = 6n, HI16_BIT = 7n;

/** Where the AVX-512 components are: Intel's offsets, which gdb 13 assumes also on AMD (whose
 * areas leave out MPX's room and put them earlier); rdb shows what gdb shows. */
function avx512Offsets(_x: Buffer): { opmask: number; zmmHi256: number; hi16: number } {
  return { opmask: 1088, zmmHi256: 1152, hi16: 1664 };
}

function present(x: Buffer, bit: bigint): boolean {
  return x.length > XSTATE_BV + 8 && ((x.readBigUInt64LE(XSTATE_BV) >> bit) & 1n) === 1n;
}

/** Whether the machine has AVX-512 state (XCR0, kept by Linux in the FXSAVE software bytes). */
function hasAvx512(x: Buffer): boolean {
  return x.length > 472 && ((x.readBigUInt64LE(464) >> HI16_BIT) & 1n) === 1n;
}

/** `length` bytes at `at`, zeros past the end of the area. */
function slice(x: Buffer, at: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  if (at < x.length) x.copy(out, 0, at, Math.min(x.length, at + length));
  return out;
}

/** k0..k7, or undefined if the area has no AVX-512 state. */
export function opmaskRegisters(x: Buffer): bigint[] | undefined {
  if (!hasAvx512(x)) return undefined;
  const at = avx512Offsets(x).opmask;
  return Array.from({ length: 8 }, (_, i) => (present(x, OPMASK_BIT) ? slice(x, at + 8 * i, 8).readBigUInt64LE(0) : 0n));
}

/** Bytes [0, 16) of vector register n: xmm0-15 in the FXSAVE area, xmm16-31 in Hi16_ZMM. */
function low128(x: Buffer, n: number): Buffer {
  if (n < 16) return slice(x, FX_XMM + 16 * n, 16);
  return present(x, HI16_BIT) ? slice(x, avx512Offsets(x).hi16 + 64 * (n - 16), 16) : Buffer.alloc(16);
}

function ymm(x: Buffer, n: number): Buffer {
  const high = n < 16
    ? (present(x, AVX_BIT) ? slice(x, AVX + 16 * n, 16) : Buffer.alloc(16))
    : (present(x, HI16_BIT) ? slice(x, avx512Offsets(x).hi16 + 64 * (n - 16) + 16, 16) : Buffer.alloc(16));
  return Buffer.concat([low128(x, n), high]);
}

function zmm(x: Buffer, n: number): Buffer {
  const { zmmHi256, hi16 } = avx512Offsets(x);
  if (n >= 16) return present(x, HI16_BIT) ? slice(x, hi16 + 64 * (n - 16), 64) : Buffer.alloc(64);
  const high = present(x, ZMM_BIT) ? slice(x, zmmHi256 + 32 * n, 32) : Buffer.alloc(32);
  return Buffer.concat([ymm(x, n), high]);
}

/** gdb's full x87 tag word from the FXSAVE area's abridged one: 0 valid, 1 zero, 2 special, 3 empty. */
export function fullTagWord(x: Buffer): number {
  const abridged = x[4];
  const top = (x.readUInt16LE(2) >> 11) & 7;
  let word = 0;
  for (let phys = 0; phys < 8; phys++) {
    let tag = 3;
    if ((abridged >> phys) & 1) {
      const st = (phys - top + 8) % 8;
      const at = FX_ST + 16 * st;
      const exp = x.readUInt16LE(at + 8) & 0x7fff;
      const mant = x.readBigUInt64LE(at);
      tag = exp === 0x7fff ? 2 : exp === 0 ? (mant === 0n ? 1 : 2) : (mant >> 63n) === 0n ? 2 : 0;
    }
    word |= tag << (2 * phys);
  }
  return word;
}

function intBytes(v: number | bigint, size: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(v)));
  return b.subarray(0, size);
}

/** A register gdb shows beyond the general ones, typed as gdb types it; undefined for other names. */
export function readWideRegister(name: string, x: Buffer): { type: Type; bytes: Buffer } | undefined {
  const n = name.toLowerCase();
  const m = /^(st|xmm|ymm|zmm|k)(\d+)$/.exec(n);
  const avx512 = hasAvx512(x);
  if (m) {
    const i = parseInt(m[2], 10);
    const limit = m[1] === 'st' || m[1] === 'k' ? 8 : avx512 ? 32 : 16;
    if (i >= limit || (m[1] === 'zmm' || m[1] === 'k') && !avx512) return undefined;
    switch (m[1]) {
      case 'st': return { type: i387Ext, bytes: Buffer.from(x.subarray(FX_ST + 16 * i, FX_ST + 16 * i + 10)) };
      case 'xmm': return { type: vec128, bytes: low128(x, i) };
      case 'ymm': return { type: vec256, bytes: ymm(x, i) };
      case 'zmm': return { type: vec512, bytes: zmm(x, i) };
      case 'k': return { type: uint64, bytes: intBytes(opmaskRegisters(x)![i], 8) };
    }
  }
  switch (n) {
    case 'mxcsr': return { type: mxcsrType, bytes: Buffer.from(x.subarray(MXCSR, MXCSR + 4)) };
    case 'fctrl': return { type: int, bytes: intBytes(x.readUInt16LE(0), 4) };
    case 'fstat': return { type: int, bytes: intBytes(x.readUInt16LE(2), 4) };
    case 'ftag': return { type: int, bytes: intBytes(fullTagWord(x), 4) };
    case 'fop': return { type: int, bytes: intBytes(x.readUInt16LE(6) & 0x7ff, 4) };
    case 'fioff': return { type: int, bytes: intBytes(x.readUInt32LE(8), 4) };
    case 'fiseg': return { type: int, bytes: intBytes(x.readUInt16LE(12), 4) };
    case 'fooff': return { type: int, bytes: intBytes(x.readUInt32LE(16), 4) };
    case 'foseg': return { type: int, bytes: intBytes(x.readUInt16LE(20), 4) };
  }
  return undefined;
}

/** gdb's `info all-registers` after the general ones (and fs_base/gs_base, which it leaves out). */
export function allRegisterNames(x: Buffer): string[] {
  const names = [...Array.from({ length: 8 }, (_, i) => `st${i}`), 'fctrl', 'fstat', 'ftag', 'fiseg', 'fioff', 'foseg', 'fooff', 'fop', 'mxcsr'];
  if (hasAvx512(x)) names.push(...Array.from({ length: 8 }, (_, i) => `k${i}`), ...Array.from({ length: 32 }, (_, i) => `zmm${i}`));
  else names.push(...Array.from({ length: 16 }, (_, i) => `ymm${i}`));
  return names;
}

/** One `info registers` row of a register readWideRegister reads: vectors as their union in hex
 * (no raw column), x87 registers as a long double with the raw bits, the rest as integers. */
export function wideRegisterRow(name: string, x: Buffer, format: (v: { type: Type; bytes: Buffer }, letter?: string) => string): { raw: string; natural: string } | undefined {
  const r = readWideRegister(name, x);
  if (!r) return undefined;
  const kind = r.type.kind;
  if (kind === 'union') return { raw: '', natural: format(r, 'x') };
  let bits = 0n;
  for (let i = r.bytes.length - 1; i >= 0; i--) bits = (bits << 8n) | BigInt(r.bytes[i]);
  if (name.startsWith('st')) return { raw: format(r), natural: `(raw 0x${bits.toString(16).padStart(20, '0')})` };
  return { raw: `0x${bits.toString(16)}`, natural: format(r) };
}
