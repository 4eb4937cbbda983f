// x86-64 registers as gdb names, types and lists them, over DWARF register numbering
// (0 rax, 1 rdx, 2 rcx, 3 rbx, 4 rsi, 5 rdi, 6 rbp, 7 rsp, 8-15 r8-r15, 16 rip).
import type { Regs } from '../target/native';
import type { Type } from '../symbols/types';

export const dwarfNames = ['rax', 'rdx', 'rcx', 'rbx', 'rsi', 'rdi', 'rbp', 'rsp',
  'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip'] as const;

/** DWARF register numbers keyed by name, plus gdb's aliases pc/sp/fp. */
export const dwarfNumber: Record<string, number> = Object.fromEntries(dwarfNames.map((n, i) => [n, i]));
dwarfNumber.pc = 16;
dwarfNumber.sp = 7;
dwarfNumber.fp = 6;

/** The registers of one frame: DWARF 0..16 (some unknown in outer frames) plus the rest of
 * the innermost frame's state, which outer frames share. */
export interface FrameRegisters {
  dwarf: Map<number, bigint>;
  raw: Regs;
}

export function regsToDwarf(r: Regs): Map<number, bigint> {
  const m = new Map<number, bigint>();
  dwarfNames.forEach((n, i) => m.set(i, r[n]));
  return m;
}

// gdb's register types are integer types of these names (ptype too says int64_t).
const int64: Type = { kind: 'base', name: 'int64_t', size: 8, encoding: 'signed' };
const long: Type = { kind: 'base', name: 'long', size: 8, encoding: 'signed' };
const int32: Type = { kind: 'base', name: 'int32_t', size: 4, encoding: 'signed' };
const int16: Type = { kind: 'base', name: 'int16_t', size: 2, encoding: 'signed' };
const int8: Type = { kind: 'base', name: 'int8_t', size: 1, encoding: 'signed' };
const voidType: Type = { kind: 'void' };
export const dataPointer: Type = { kind: 'pointer', size: 8, target: voidType };
export const codePointer: Type = {
  kind: 'pointer', size: 8,
  target: { kind: 'function', returnType: voidType, params: [], varargs: false, prototyped: false },
};

const sub32 = ['eax', 'edx', 'ecx', 'ebx', 'esi', 'edi', 'ebp', 'esp'];
const sub16 = ['ax', 'dx', 'cx', 'bx', 'si', 'di', 'bp', 'sp'];
const sub8 = ['al', 'dl', 'cl', 'bl', 'sil', 'dil', 'bpl', 'spl'];

/** The general register and width of a low part (eax, r8d, ax, r9w, al, r10l): undefined for others. */
export function subRegister(name: string): { regno: number; bits: number } | undefined {
  const n = name.toLowerCase();
  for (const [list, bits] of [[sub32, 32], [sub16, 16], [sub8, 8]] as const) {
    const i = list.indexOf(n);
    if (i >= 0) return { regno: i, bits };
  }
  const m = /^r(8|9|1[0-5])(d|w|b|l)$/.exec(n);
  return m ? { regno: parseInt(m[1], 10), bits: m[2] === 'd' ? 32 : m[2] === 'w' ? 16 : 8 } : undefined;
}

/** The value and gdb type of a named register in a frame; undefined for unknown names. */
export function readRegister(name: string, regs: FrameRegisters): { value: bigint; type: Type } | undefined {
  const n = name.toLowerCase();
  const get = (i: number): bigint | undefined => regs.dwarf.get(i);
  if (n === 'pc' || n === 'rip') { const v = get(16); return v === undefined ? undefined : { value: v, type: codePointer }; }
  if (n === 'sp' || n === 'rsp' || n === 'fp' || n === 'rbp') {
    const v = get(dwarfNumber[n]);
    return v === undefined ? undefined : { value: v, type: dataPointer };
  }
  if (n in dwarfNumber) { const v = get(dwarfNumber[n]); return v === undefined ? undefined : { value: v, type: int64 }; }
  const wide = (list: string[], bits: bigint, type: Type) => {
    const i = list.indexOf(n);
    if (i < 0) return undefined;
    const v = get(i);
    if (v === undefined) return undefined;
    return { value: BigInt.asIntN(Number(bits), v & ((1n << bits) - 1n)), type };
  };
  const m = /^r(8|9|1[0-5])(d|w|b|l)$/.exec(n);
  if (m) {
    const v = get(parseInt(m[1], 10));
    if (v === undefined) return undefined;
    const bits = m[2] === 'd' ? 32n : m[2] === 'w' ? 16n : 8n;
    return { value: BigInt.asIntN(Number(bits), v), type: bits === 32n ? int32 : bits === 16n ? int16 : int8 };
  }
  const r = wide(sub32, 32n, int32) ?? wide(sub16, 16n, int16) ?? wide(sub8, 8n, int8);
  if (r) return r;
  const raw = regs.raw;
  switch (n) {
    case 'eflags': return { value: raw.eflags, type: eflagsType };
    case 'cs': case 'ss': case 'ds': case 'es': case 'fs': case 'gs': return { value: raw[n], type: int32 };
    case 'fs_base': case 'gs_base': return { value: raw[n], type: long };
    case 'orig_rax': return { value: raw.orig_rax, type: long };
  }
  return undefined;
}

/** Registers of gdb's default x86-64 description (the one it uses before `run`) that
 * readRegister does not read: x87, SSE and the high byte halves. */
const otherDefaultRegisters = new Set([
  ...Array.from({ length: 8 }, (_, i) => `st${i}`), ...Array.from({ length: 16 }, (_, i) => `xmm${i}`),
  'fctrl', 'fstat', 'ftag', 'fiseg', 'fioff', 'foseg', 'fooff', 'fop', 'mxcsr', 'ah', 'bh', 'ch', 'dh',
]);

/** Whether gdb knows `name` as a register (so `$name` without a process is "No registers."). */
export function isRegisterName(name: string): boolean {
  if (otherDefaultRegisters.has(name.toLowerCase())) return true;
  const zeros = new Proxy({}, { get: () => 0n }) as Regs;
  return readRegister(name, { dwarf: regsToDwarf(zeros), raw: zeros }) !== undefined;
}

const eflagBits: Array<[number, string]> = [[0, 'CF'], [2, 'PF'], [4, 'AF'], [6, 'ZF'], [7, 'SF'], [8, 'TF'],
  [9, 'IF'], [10, 'DF'], [11, 'OF'], [14, 'NT'], [16, 'RF'], [17, 'VM'], [18, 'AC'], [19, 'VIF'], [20, 'VIP'], [21, 'ID']];

/** gdb's i386_eflags flags type, as an enum of one-bit masks (the formatter prints `[ PF IF ]`). */
const eflagsType: Type = {
  kind: 'enum', name: 'i386_eflags', size: 4, signed: false,
  enumerators: eflagBits.map(([bit, name]) => ({ name, value: 1n << BigInt(bit) })),
};

/** `[ ZF PF IF ]` as gdb prints i386_eflags. */
export function formatEflags(v: bigint): string {
  const names = eflagBits.filter(([bit]) => (v >> BigInt(bit)) & 1n).map(([, name]) => name);
  return `[ ${names.join(' ')}${names.length ? ' ' : ''}]`;
}

/** The general registers in `info registers` order. */
export const infoRegisterOrder = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp',
  'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'eflags', 'cs', 'ss', 'ds', 'es', 'fs', 'gs',
];
