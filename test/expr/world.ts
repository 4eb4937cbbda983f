// A mock program for expression tests mirroring small C fixtures whose gdb 13 output the
// test tables quote: globals, structs, bit-fields, enums, arrays, strings, function pointers.
import type { Value } from '../../src/expr/context';
import type { EnumType, FunctionType, StructType, Type } from '../../src/symbols/types';
import { MockContext } from './MockContext';

export const int: Type = { kind: 'base', name: 'int', size: 4, encoding: 'signed' };
export const uint: Type = { kind: 'base', name: 'unsigned int', size: 4, encoding: 'unsigned' };
export const char: Type = { kind: 'base', name: 'char', size: 1, encoding: 'signed_char' };
export const uchar: Type = { kind: 'base', name: 'unsigned char', size: 1, encoding: 'unsigned_char' };
export const bool: Type = { kind: 'base', name: '_Bool', size: 1, encoding: 'bool' };
export const double: Type = { kind: 'base', name: 'double', size: 8, encoding: 'float' };
export const float: Type = { kind: 'base', name: 'float', size: 4, encoding: 'float' };
export const long: Type = { kind: 'base', name: 'long', size: 8, encoding: 'signed' };
export const ulong: Type = { kind: 'base', name: 'unsigned long', size: 8, encoding: 'unsigned' };
export const short: Type = { kind: 'base', name: 'short', size: 2, encoding: 'signed' };
export const voidT: Type = { kind: 'void' };
export const ptr = (target: Type): Type => ({ kind: 'pointer', size: 8, target });
export const arr = (element: Type, count: number | null): Type => ({ kind: 'array', element, count });
export const constOf = (target: Type): Type => ({ kind: 'const', target });

export const point: StructType = { kind: 'struct', name: 'point', size: 8, members: [
  { name: 'x', type: int, offset: 0 }, { name: 'y', type: int, offset: 4 }] };
export const node: StructType = { kind: 'struct', name: 'node', size: 16, members: [] };
node.members.push({ name: 'p', type: ptr(int), offset: 0 }, { name: 'next', type: ptr(node), offset: 8 });
export const bits: StructType = { kind: 'struct', name: 'bits', size: 4, members: [
  { name: 'a', type: uint, offset: 0, bitSize: 3, bitOffset: 0 },
  { name: 'b', type: int, offset: 0, bitSize: 5, bitOffset: 3 },
  { name: 'c', type: uint, offset: 0, bitSize: 1, bitOffset: 8 }] };
export const unionU: StructType = { kind: 'union', name: 'u', size: 4, members: [
  { name: 'i', type: int, offset: 0 }, { name: 'f', type: float, offset: 0 }] };
export const color: EnumType = { kind: 'enum', name: 'color', size: 4, signed: false, enumerators: [
  { name: 'RED', value: 0n }, { name: 'GREEN', value: 1n }, { name: 'BLUE', value: 2n }] };
export const flags: EnumType = { kind: 'enum', name: 'fl', size: 4, signed: false, enumerators: [
  { name: 'A', value: 1n }, { name: 'B', value: 2n }, { name: 'C', value: 4n }] };
export const plain: EnumType = { kind: 'enum', name: 'plain', size: 4, signed: false, enumerators: [
  { name: 'P1', value: 1n }, { name: 'P3', value: 3n }] };
export const addType: FunctionType = { kind: 'function', returnType: int, params: [int, int], varargs: false, prototyped: true };
export const mainType: FunctionType = { kind: 'function', returnType: int, params: [], varargs: false, prototyped: true };
export const s2: StructType = { kind: 'struct', name: 's2', size: 40, members: [
  { name: 'name', type: arr(char, 8), offset: 0 }, { name: 'pts', type: arr(point, 2), offset: 8 },
  { name: 'f', type: ptr(addType), offset: 24 }, { name: 'msg', type: ptr(constOf(char)), offset: 32 }] };

export const ADD = 0x401136n;
export const MAIN = 0x401150n;
export const HELLO = 0x402004n;

export function le(size: number, ...values: Array<number | bigint>): Buffer {
  const b = Buffer.alloc(size * values.length);
  values.forEach((v, i) => {
    let u = BigInt.asUintN(size * 8, BigInt(v));
    for (let k = 0; k < size; k++) { b[i * size + k] = Number(u & 0xffn); u >>= 8n; }
  });
  return b;
}
const f64 = (x: number): Buffer => { const b = Buffer.alloc(8); b.writeDoubleLE(x); return b; };
const f32 = (...xs: number[]): Buffer => { const b = Buffer.alloc(4 * xs.length); xs.forEach((x, i) => b.writeFloatLE(x, i * 4)); return b; };

export interface World { ctx: MockContext; addr: Record<string, bigint> }

export function makeWorld(): World {
  const ctx = new MockContext();
  const addr: Record<string, bigint> = {};
  const v = (name: string, type: Type, bytes?: Buffer, symbol = false): void => { addr[name] = ctx.variable(name, type, bytes, { symbol }); };
  for (const [n, t] of [['int', int], ['unsigned int', uint], ['char', char], ['unsigned char', uchar], ['long', long],
    ['unsigned long', ulong], ['double', double], ['float', float], ['short', short], ['_Bool', bool],
    ['struct point', point], ['struct node', node], ['struct bits', bits], ['union u', unionU], ['enum color', color],
    ['enum fl', flags], ['struct s2', s2]] as Array<[string, Type]>) ctx.type(n, t);
  ctx.type('pt_t', { kind: 'typedef', name: 'pt_t', target: point });
  ctx.map(HELLO, Buffer.from('hello\0msg\0'));
  ctx.function('add', addType, ADD, 26);
  ctx.function('main', mainType, MAIN, 500);
  v('c', char, le(1, 68)); v('nl', char, le(1, 10)); v('z', char, le(1, 0)); v('m', char, le(1, -1));
  v('uc', uchar, le(1, 200)); v('t', bool, le(1, 1)); v('d', double, f64(3.14)); v('f', float, f32(3.14));
  v('x', int, le(4, 42)); v('L', long, le(8, -5)); v('UL', ulong, le(8, 5)); v('sh', short, le(2, -2));
  v('p', point, le(4, 1, 2)); v('ps', arr(point, 2), le(4, 1, 2, 3, 4)); v('arr', arr(int, 3), le(4, 1, 2, 3));
  v('zeros', arr(int, 16)); v('s', arr(char, 6), Buffer.from('abc')); v('big', arr(char, 20), Buffer.from('hi'));
  v('str', ptr(constOf(char)), le(8, HELLO)); v('fp', ptr(addType), le(8, ADD)); v('vp', ptr(voidT));
  v('ip', ptr(int), le(8, addr.x)); v('n', node, le(8, addr.x, 0));
  v('bf', bits, le(4, 5 | ((-3 & 31) << 3) | (1 << 8)));
  v('uu', unionU, le(4, 1)); v('col', color, le(4, 2)); v('fl', flags, le(4, 3)); v('fl5', flags, le(4, 8));
  v('colx', color, le(4, 7)); v('pl', plain, le(4, 5)); v('m2', arr(arr(int, 3), 2), le(4, 1, 2, 3, 4, 5, 6));
  v('g', int, le(4, 5), true); v('gp', ptr(int), le(8, addr.g)); v('gbuf', arr(char, 10), Buffer.from('glob'), true);
  v('gb', ptr(char), le(8, addr.gbuf));
  const bigInts = Buffer.alloc(300 * 4);
  for (let i = 250; i < 300; i++) bigInts.writeInt32LE(i, i * 4);
  v('bigarr', arr(int, 300), bigInts);
  v('cbig', arr(char, 300), Buffer.alloc(299, 'a'), true);
  v('zp', arr(point, 12));
  v('bytes', arr(uchar, 4), Buffer.from([1, 2, 0x80, 0xff]));
  v('esc', arr(char, 8), Buffer.from('\x1b\t"\'\\\x01z'));
  v('mix', arr(char, 30), Buffer.from('aaaaaaaaaaaaaaaaxyz'));
  v('fa', arr(float, 3), f32(1.5, 0.1, -2));
  v('s2v', s2, Buffer.concat([Buffer.from('ab\0\0\0\0\0\0'), le(4, 1, 2, 3, 4), le(8, ADD, HELLO + 6n)]));
  v('seq', arr(int, 250), le(4, ...Array.from({ length: 250 }, (_, i) => i)));
  ctx.optimizedOut('gone', int);
  ctx.scopes.set('f', new Map([['calls', 'x']]));
  ctx.scopes.set('sc.c', new Map([['counter', 'arr']]));
  const pcType: Type = ptr({ kind: 'function', returnType: voidT, params: [], varargs: false, prototyped: false });
  ctx.register('pc', { type: pcType, lval: { kind: 'register', regno: 16, name: 'pc' }, bytes: le(8, MAIN + 4n) });
  ctx.register('sp', { type: ptr(voidT), lval: { kind: 'register', regno: 7, name: 'sp' }, bytes: le(8, 0x7fffffffe3c0n) });
  ctx.register('rax', { type: long, lval: { kind: 'register', regno: 0, name: 'rax' }, bytes: le(8, 42) });
  return { ctx, addr };
}

export function hex(a: bigint): string { return `0x${a.toString(16)}`; }

export type { Value };
