// The stack of a stopped program: frames unwound with CFI from the innermost registers.
// Frame 0 has all registers; outer frames have what the unwinder could recover.
import type { Process } from '../target/Process';
import type { Program, FunctionSymbol } from '../symbols/Program';
import { regsToDwarf, type FrameRegisters } from './registers';

export interface Frame {
  level: number;
  pc: bigint;
  /** Canonical frame address (the caller's stack pointer before the call), if known. */
  cfa?: bigint;
  regs: FrameRegisters;
  fn?: FunctionSymbol;
  /** A frame gdb reconstructs for a function that tail-called the frame below it. */
  tailCall?: boolean;
}

/** gdb stops a backtrace at main unless told otherwise (`set backtrace past-main`). */
const outermostNames = new Set(['main']);

/** Unwinds up to `limit` frames (all when undefined). */
export function unwindStack(proc: Process, program: Program, limit = 10000): Frame[] {
  const raw = proc.regs();
  const read = (addr: bigint, len: number): Buffer => proc.readMemory(addr, len);
  const frames: Frame[] = [];
  let regs = regsToDwarf(raw);
  for (let level = 0; level < limit; level++) {
    const pc = regs.get(16);
    if (pc === undefined || pc === 0n) break;
    // Outer frames are looked up at pc-1: a return address may be past the call's function.
    const lookup = level === 0 ? pc : pc - 1n;
    const fn = program.functionAt(lookup);
    const step = program.unwind(regs, read, level > 0);
    frames.push({ level, pc, cfa: step?.cfa, regs: { dwarf: regs, raw }, fn });
    if (fn && outermostNames.has(fn.name)) break;
    if (!step) break;
    const next = step.regs;
    const nextPc = next.get(16);
    const nextSp = next.get(7);
    const sp = regs.get(7);
    if (nextPc === undefined || nextSp === undefined || sp === undefined) break;
    // A frame must move up the stack, or the unwinder is looping on garbage.
    if (nextSp <= sp && level > 0) break;
    // Functions that jumped to this one (tail calls) get frames of their own, as in gdb: at the
    // tail call site, with the caller's registers and this frame's CFA.
    for (const tailPc of program.tailCallChain(nextPc, lookup)) {
      if (++level >= limit) return frames;
      const tailRegs = new Map(next);
      tailRegs.set(16, tailPc);
      frames.push({ level, pc: tailPc, cfa: step.cfa, regs: { dwarf: tailRegs, raw }, fn: tailCallFunction(program, tailPc - 1n), tailCall: true });
    }
    regs = next;
  }
  return frames;
}

/** gdb names a tail-call frame by the innermost function inlined at its call site, if any. */
function tailCallFunction(program: Program, pc: bigint): FunctionSymbol | undefined {
  return program.inlinedAt(pc)[0]?.fn ?? program.functionAt(pc);
}
