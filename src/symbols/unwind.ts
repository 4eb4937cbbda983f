// CFI unwinding: applies one CFI row (libdw's Dwarf_Frame as FrameInfo) to a frame's registers to
// get the caller's, with the rbp chain as the fallback for code without CFI.
import type { FrameInfo } from './native';
import { evalExpression, evalValue, LocationError, type ReadMemory } from './location';

/** Registers keyed by DWARF number: 0..15 = rax rdx rcx rbx rsi rdi rbp rsp r8..r15, 16 = rip. */
export type DwarfRegisters = Map<number, bigint>;

export const dwarfRegisterNames = ['rax', 'rdx', 'rcx', 'rbx', 'rsi', 'rdi', 'rbp', 'rsp',
  'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip'];

const RBP = 6, RSP = 7, RIP = 16;

export interface UnwindStep {
  /** The CFA of the frame unwound from (the caller's rsp after the call returned). */
  cfa: bigint;
  /** The caller's registers: those CFI (or the fallback) recovers; others are absent. */
  regs: DwarfRegisters;
  /** Where each saved register was found in memory (gdb's "Saved registers"). */
  saved: Map<number, bigint>;
  /** How the step was computed. */
  method: 'cfi' | 'frame-pointer';
  /** The unwound frame is a signal trampoline (__restore_rt): the caller's pc is where the
   * signal interrupted it, not a return address, so look it up as is (isCaller = false). */
  signalFrame: boolean;
}

function read64(read: ReadMemory, addr: bigint): bigint {
  const b = read(addr, 8);
  if (b.length < 8) throw new LocationError(`cannot read memory at 0x${addr.toString(16)}`);
  return b.readBigUInt64LE(0);
}

/** The CFA of a row given the frame's registers. */
export function cfaOf(row: FrameInfo, regs: DwarfRegisters, read: ReadMemory): bigint {
  if (row.cfa.length === 0) throw new LocationError('CFI row has no CFA rule');
  return evalValue(row.cfa, { regs, read });
}

/** Applies a CFI row. Returns undefined when the row says the return address is undefined
 * (the outermost frame, e.g. _start). Throws LocationError if an input is unreadable. */
export function applyCfiRow(row: FrameInfo, regs: DwarfRegisters, read: ReadMemory): UnwindStep | undefined {
  const cfa = cfaOf(row, regs, read);
  const caller: DwarfRegisters = new Map();
  const saved = new Map<number, bigint>();
  for (let r = 0; r <= 16; r++) {
    const rule = row.regs[r];
    if (!rule || (rule.kind === 'undefined' && r === row.raReg)) continue;
    // gdb takes registers without a location rule as unchanged in the caller. libdw reports them
    // through its x86-64 ABI defaults, which get rbx wrong (undefined, with rax "same"), so every
    // general register without a rule is taken as unchanged; only the return address can end a stack.
    if (rule.kind === 'same' || rule.kind === 'undefined') {
      const v = regs.get(r);
      if (v !== undefined) caller.set(r, v);
      continue;
    }
    // libdw's rule expressions begin with DW_OP_call_frame_cfa (the CFA push the spec implies).
    const loc = evalExpression(rule.ops, { regs, read, cfa: () => cfa });
    if (loc.kind === 'value') caller.set(r, loc.bytes.readBigUInt64LE(0));
    else if (loc.kind === 'memory') { caller.set(r, read64(read, loc.address)); saved.set(r, loc.address); }
    else if (loc.kind === 'register') { const v = regs.get(loc.regno); if (v !== undefined) caller.set(r, v); }
  }
  const ra = row.regs[row.raReg];
  if (!ra || ra.kind === 'undefined' || !caller.has(row.raReg)) return undefined;
  if (row.raReg !== RIP) caller.set(RIP, caller.get(row.raReg)!);
  // The caller's stack pointer is the CFA unless a rule says otherwise (x86-64 ABI).
  if (!caller.has(RSP) || row.regs[RSP]?.kind === 'same') caller.set(RSP, cfa);
  return { cfa, regs: caller, saved, method: 'cfi', signalFrame: row.signalFrame };
}

/** gdb's guess where nothing is mapped at the pc (a call through a null pointer): a function
 * entered just now, its return address on top of the stack, CFA = rsp+8. */
export function unwindAtEntry(regs: DwarfRegisters, read: ReadMemory): UnwindStep | undefined {
  const rsp = regs.get(RSP);
  if (rsp === undefined) return undefined;
  try {
    const caller: DwarfRegisters = new Map(regs);
    caller.set(RIP, read64(read, rsp));
    caller.set(RSP, rsp + 8n);
    return { cfa: rsp + 8n, regs: caller, saved: new Map([[RIP, rsp]]), method: 'frame-pointer', signalFrame: false };
  } catch {
    return undefined;
  }
}

/** The frame-pointer fallback: CFA = rbp+16, return address at rbp+8, caller's rbp at rbp. */
export function unwindByFramePointer(regs: DwarfRegisters, read: ReadMemory): UnwindStep | undefined {
  const rbp = regs.get(RBP);
  if (rbp === undefined || rbp === 0n) return undefined;
  try {
    const cfa = rbp + 16n;
    const caller: DwarfRegisters = new Map();
    caller.set(RIP, read64(read, rbp + 8n));
    caller.set(RBP, read64(read, rbp));
    caller.set(RSP, cfa);
    for (const r of [3, 12, 13, 14, 15]) { const v = regs.get(r); if (v !== undefined) caller.set(r, v); }
    return { cfa, regs: caller, saved: new Map([[RBP, rbp], [RIP, rbp + 8n]]), method: 'frame-pointer', signalFrame: false };
  } catch {
    return undefined;
  }
}

/** Whether nothing can be read at addr (nothing mapped there). */
export function unreadable(read: ReadMemory, addr: bigint): boolean {
  try {
    return read(addr, 1).length === 0;
  } catch {
    return true;
  }
}

/** Registers the frame at pc saved on the stack and where (gdb's `info frame` "Saved registers"),
 * by the unwinder of `program`. */
export function savedRegisters(program: { unwind(regs: DwarfRegisters, read: ReadMemory, isCaller?: boolean): UnwindStep | undefined },
  pc: bigint, regs: DwarfRegisters, read: ReadMemory, isCaller = false): Array<{ name: string; regno: number; address: bigint }> {
  const r = new Map(regs);
  r.set(16, pc);
  const step = program.unwind(r, read, isCaller);
  if (!step) return [];
  return [...step.saved.entries()].sort((a, b) => a[0] - b[0]).map(([regno, address]) => ({ name: dwarfRegisterNames[regno], regno, address }));
}
