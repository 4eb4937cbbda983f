// The stack of a stopped program: frames unwound with CFI from the innermost registers, plus
// the frames gdb shows without a stack frame of their own: inlined functions and functions that
// tail-called the frame below. Frame 0 has all registers; outer frames what could be recovered.
import type { Tracee } from '../target/Process';
import type { Program, FunctionSymbol } from '../symbols/Program';
import { dwarfNames, regsToDwarf, type FrameRegisters } from './registers';
import { resolve } from '../symbols/types';
import { UserError } from './events';
import type { Regs } from '../target/native';

export interface Frame {
  level: number;
  pc: bigint;
  /** Where to look the pc up: pc itself in the innermost frame, else pc-1 (a return address
   * may already be past the call's line or function). */
  lookupPc: bigint;
  /** The pc is a return address (the frame called another). */
  isCaller: boolean;
  /** Canonical frame address (the caller's stack pointer before the call), if known. */
  cfa?: bigint;
  regs: FrameRegisters;
  fn?: FunctionSymbol;
  /** A frame gdb reconstructs for a function that tail-called the frame below it. */
  tailCall?: boolean;
  /** An inlined function's frame: its code runs inside the next real frame. */
  inline?: boolean;
  /** The frame below is an inlined call: this frame stands at that call's source position. */
  callSite?: { file?: string; line?: number };
  /** The signal trampoline a handler returns to (gdb's `<signal handler called>`). */
  sigtramp?: boolean;
  /** Where a function called by the debugger returns to (gdb's `<function called from gdb>`). */
  dummy?: DummyFrame;
}

/** A function call the debugger made that stopped before returning (gdb's dummy frame): the
 * called function returns to `returnAddress` (on the stack, with a breakpoint) with the stack
 * pointer at `returnSp`; the program then gets back the registers it had. */
export interface DummyFrame {
  returnAddress: bigint;
  returnSp: bigint;
  /** gdb's frame id of the dummy frame: the stack pointer at the call plus 16. */
  id: bigint;
  regs: Regs;
  xstate: Buffer;
  /** The called function's name, for messages. */
  name: string;
  /** The signal the program had stopped with, delivered when it resumes after the call. */
  signal?: number;
}

/** gdb stops a backtrace at main unless told otherwise (`set backtrace past-main`). */
const outermostNames = new Set(['main']);

/** How many of the inlined calls holding pc a stop there hides: gdb shows a stop at an inlined
 * call's first instruction at the call site, unless a breakpoint set on an inlined function
 * (`brokenOn`: the functions of the breakpoint locations that stopped it) stopped it: then that
 * function's frame is frame 0 (calls inlined into it that start there too stay hidden). */
export function hiddenInlinedCalls(program: Program, pc: bigint, brokenOn: Array<string | undefined>): number {
  const entries = inlineEntriesAt(program, pc);
  const named = program.inlinedAt(pc).findIndex((c, i) => i < entries && brokenOn.includes(c.fn.name));
  return named >= 0 ? named : brokenOn.length ? 0 : entries;
}

/** How many inlined calls start exactly at pc: gdb shows a stop there at the call site,
 * outside them, until `step` enters them. */
export function inlineEntriesAt(program: Program, pc: bigint): number {
  let n = 0;
  for (const c of program.inlinedAt(pc)) {
    if (!inlineStarts(c.fn).includes(pc)) break;
    n++;
  }
  return n;
}

/** Where gdb enters an inlined call (skip_inline_frames): its entry, and the start of each of
 * its ranges whose address before is outside it (block_starting_point_at), as code moved out of
 * the call's middle and back in again is at -O2. */
export function inlineStarts(fn: Pick<FunctionSymbol, 'low' | 'ranges'>): bigint[] {
  const inside = (a: bigint): boolean => fn.ranges.some(([lo, hi]) => lo <= a && a < hi);
  return [fn.low, ...fn.ranges.map(([lo]) => lo).filter((lo) => lo !== fn.low && !inside(lo - 1n))];
}

/** Unwinds up to `limit` frames (all when undefined); `skipInline` inlined calls at frame 0's
 * pc are hidden (see inlineEntriesAt); `dummies` are the debugger's calls in progress. */
export function unwindStack(proc: Tracee, program: Program, limit = Infinity, skipInline = 0, dummies: DummyFrame[] = []): Frame[] {
  let raw = proc.regs();
  const read = (addr: bigint, len: number): Buffer => proc.readMemory(addr, len);
  const frames: Frame[] = [];
  let regs = regsToDwarf(raw);
  // The frame below a dummy frame or a signal trampoline was interrupted, not calling: its pc is
  // not a return address.
  let interrupted = true;
  for (let depth = 0; frames.length < limit; depth++) {
    const pc = regs.get(16);
    if (pc === undefined) break;
    const dummy = depth > 0 ? dummies.find((d) => d.returnAddress === pc && d.returnSp === regs.get(7)) : undefined;
    if (dummy) {
      frames.push({ level: frames.length, pc, lookupPc: pc, isCaller: true, cfa: dummy.id, regs: { dwarf: regs, raw }, dummy });
      raw = dummy.regs;
      regs = regsToDwarf(raw);
      interrupted = true;
      continue;
    }
    const isCaller: boolean = !interrupted;
    interrupted = false;
    const lookup = isCaller ? pc - 1n : pc;
    const step = program.unwind(regs, read, isCaller);
    const fn = program.functionAt(lookup);
    // Also frame 0, stopped in the trampoline itself (after `finish` out of a handler).
    // The trampoline is assembler without DWARF: only such frames need their code read.
    const sigtramp: boolean = step?.signalFrame === true || (!fn?.def.fromDebugInfo && isSigreturnCode(proc, pc));
    const base = { pc, lookupPc: lookup, isCaller, cfa: step?.cfa, regs: { dwarf: regs, raw }, ...(sigtramp ? { sigtramp } : {}) };
    // Inlined calls at this pc, innermost first; each outer one stands at its inner one's call.
    const chain = program.inlinedAt(lookup);
    const shown = depth === 0 ? Math.min(skipInline, chain.length) : 0;
    for (let i = shown; i <= chain.length && frames.length < limit; i++) {
      const inner = i > 0 ? chain[i - 1] : undefined;
      const callSite = inner ? { file: inner.callFile, line: inner.callLine } : undefined;
      if (i < chain.length) frames.push({ ...base, level: frames.length, fn: chain[i].fn, inline: true, callSite });
      else frames.push({ ...base, level: frames.length, fn, callSite });
    }
    if (fn && outermostNames.has(fn.name)) break;
    // A zero pc is shown (a call through a null pointer); above frame 0 it ends the backtrace.
    if (!step || (pc === 0n && depth > 0)) break;
    const next = step.regs;
    const nextPc = next.get(16);
    const nextSp = next.get(7);
    const sp = regs.get(7);
    if (nextPc === undefined || nextSp === undefined || sp === undefined) break;
    // A frame must move up the stack, or the unwinder is looping on garbage.
    if (nextSp <= sp && isCaller) break;
    // Functions that jumped to this one (tail calls) get frames of their own, as in gdb: at the
    // tail call site, with the caller's registers and this frame's CFA.
    for (const tailPc of program.tailCallChain(nextPc, lookup)) {
      if (frames.length >= limit) return frames;
      const tailRegs = new Map(next);
      tailRegs.set(16, tailPc);
      frames.push({ level: frames.length, pc: tailPc, lookupPc: tailPc - 1n, isCaller: true, cfa: step.cfa, regs: { dwarf: tailRegs, raw }, fn: tailCallFunction(program, tailPc - 1n), tailCall: true });
    }
    regs = next;
    // A signal handler's trampoline returns to where the signal interrupted: no call site.
    interrupted = sigtramp;
  }
  return frames;
}

/** `mov $15, %rax; syscall` (rt_sigreturn) at pc: the trampoline a signal handler returns to,
 * known by its code as gdb knows it (the CFI of separate debug files may not mark it). */
function isSigreturnCode(proc: Tracee, pc: bigint): boolean {
  // A stop inside it is at the mov or at the syscall 7 bytes on.
  return [pc, pc - 7n].some((at) => {
    try {
      return proc.readMemory(at, 9).equals(SIGRETURN_CODE);
    } catch {
      return false;
    }
  });
}

const SIGRETURN_CODE = Buffer.from([0x48, 0xc7, 0xc0, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05]);

/** gdb names a tail-call frame by the innermost function inlined at its call site, if any. */
function tailCallFunction(program: Program, pc: bigint): FunctionSymbol | undefined {
  return program.inlinedAt(pc)[0]?.fn ?? program.functionAt(pc);
}

/** Where `frame` returns to, unwound even past main (gdb ends a watchpoint on main's locals
 * when main returns into libc). */
export function returnAddress(proc: Tracee, program: Program, frame: Frame): bigint | undefined {
  return program.unwind(frame.regs.dwarf, (addr, len) => proc.readMemory(addr, len), frame.isCaller)?.regs.get(16);
}

/** The registers after gdb's `return` from `frame`: its caller's, unwound even past main (gdb
 * returns from main into libc), with `value` (an integer or pointer) in rax, where the caller
 * reads it. */
export function returnRegisters(program: Program, proc: Tracee, frame: Frame, value?: () => bigint): Regs {
  if (frame.inline) throw new UserError('Can not force return from an inlined function.');
  const caller = program.unwind(frame.regs.dwarf, (a, n) => proc.readMemory(a, n), frame.isCaller);
  if (!caller) throw new UserError('Can not force return from the outermost frame.');
  const regs = { ...proc.regs() };
  for (const [n, v] of caller.regs) regs[dwarfNames[n]] = v;
  if (value) {
    const fnType = frame.fn?.def.type;
    const ret = fnType?.kind === 'function' ? resolve(fnType.returnType) : undefined;
    if (ret && ret.kind !== 'pointer' && ret.kind !== 'enum' && !(ret.kind === 'base' && ret.encoding !== 'float' && ret.encoding !== 'complex_float')) {
      throw new UserError('rdb returns only integer and pointer values for now.');
    }
    regs.rax = BigInt.asUintN(64, value());
  }
  return regs;
}
