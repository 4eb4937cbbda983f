// Calling a function of the stopped program (`print f(2)`, `call g()`), as gdb does: arguments
// in registers by the x86-64 System V convention, a return address on the stack below the red
// zone with a breakpoint there (gdb's dummy frame, laid out as gdb lays it out), run until the
// function returns there, read the value the way `finish` does, and put every register back.
// A call that stops before returning leaves its dummy frame on the stack until it returns.
import type { Tracee } from '../target/Process';
import type { Value } from '../expr/context';
import { resolve, sizeOf, type FunctionType } from '../symbols/types';
import { eightbyteClasses, returnPlace } from './returnValue';
import type { DummyFrame } from './frames';
import { CallStopped, type ResumeResult } from './events';

const INT_REGS = ['rdi', 'rsi', 'rdx', 'rcx', 'r8', 'r9'] as const;
const XMM0 = 160;
/** The red zone of the frame we interrupt. */
const RED_ZONE = 128n;
const INT3 = Buffer.from([0xcc]);

const align16 = (n: bigint): bigint => n & ~15n;

/** Sets the program up to run `fn(args)` when resumed: registers, arguments and the return into
 * the dummy frame it returns. */
export function setUpCall(proc: Tracee, address: bigint, type: FunctionType, args: Value[], name: string): DummyFrame {
  const savedRegs = { ...proc.regs() };
  const savedX = Buffer.from(proc.xstate());
  const regs = { ...savedRegs };
  const xstate = Buffer.from(savedX);
  // gdb's amd64 dummy: below the red zone, one byte for the breakpoint, the stack kept aligned.
  const returnAddress = align16(savedRegs.rsp) - RED_ZONE - 1n;
  proc.writeMemory(returnAddress, INT3);
  let sp = returnAddress + 1n - 16n;
  const ints: bigint[] = [];
  let sse = 0;
  const push = (data: Buffer): bigint => {
    sp = align16(sp - BigInt(data.length));
    proc.writeMemory(sp, data);
    return sp;
  };

  const returnType = type.returnType;
  const returnSize = sizeOf(returnType);
  const inMemory = resolve(returnType).kind !== 'void'
    && returnPlace(returnType, { rax: 0n, rdx: 0n, xstate: savedX }).kind === 'memory';
  if (inMemory) ints.push(push(Buffer.alloc(returnSize)));
  // Arguments the registers do not take go on the stack above the return address, in order.
  const onStack: Array<{ bytes: Buffer; align: number }> = [];
  for (const a of args) {
    const r = resolve(a.type);
    // An aggregate argument may still be a lazy reference to the program's memory.
    const bytes = a.bytes ?? (a.lval?.kind === 'memory' ? Buffer.from(proc.readMemory(a.lval.address, sizeOf(a.type))) : Buffer.alloc(0));
    if (r.kind === 'array') {
      ints.push(push(bytes)); // a value only rdb holds (a string literal): copied onto the stack
      continue;
    }
    const classes = eightbyteClasses(a.type);
    const needInts = classes?.filter((c) => c === 'int').length ?? 0;
    const needSse = (classes?.length ?? 0) - needInts;
    if (!classes || ints.length + needInts > INT_REGS.length || sse + needSse > 8) {
      onStack.push({ bytes, align: r.kind === 'base' && r.size > 8 ? 16 : 8 });
      continue;
    }
    const padded = Buffer.alloc(classes.length * 8);
    bytes.copy(padded, 0, 0, Math.min(padded.length, bytes.length));
    classes.forEach((c, i) => {
      if (c === 'sse') {
        xstate.fill(0, XMM0 + 16 * sse, XMM0 + 16 * sse + 16);
        padded.copy(xstate, XMM0 + 16 * sse, i * 8, i * 8 + 8);
        sse++;
      } else if (classes.length === 1 && r.kind !== 'struct' && r.kind !== 'union' && r.kind !== 'class') {
        // A scalar: sign- or zero-extended to the register.
        const signed = r.kind === 'base' && (r.encoding === 'signed' || r.encoding === 'signed_char') || (r.kind === 'enum' && r.signed);
        const word = padded.readBigUInt64LE(0);
        ints.push(signed ? BigInt.asUintN(64, BigInt.asIntN(Math.min(8, bytes.length) * 8, word)) : word);
      } else {
        ints.push(padded.readBigUInt64LE(i * 8));
      }
    });
  }
  ints.forEach((v, i) => { regs[INT_REGS[i]] = v; });
  let size = 0;
  const slots = onStack.map((a) => {
    const at = Math.ceil(size / a.align) * a.align;
    size = at + Math.ceil(a.bytes.length / 8) * 8;
    return at;
  });
  const area = Buffer.alloc(size);
  onStack.forEach((a, i) => a.bytes.copy(area, slots[i]));
  sp = align16(sp - BigInt(area.length));
  if (area.length) proc.writeMemory(sp, area);
  // The return address; at the callee's entry rsp+8 is 16-byte aligned, as after a call.
  sp -= 8n;
  const ret = Buffer.alloc(8);
  ret.writeBigUInt64LE(returnAddress);
  proc.writeMemory(sp, ret);
  regs.rsp = sp;
  regs.rbp = sp; // gdb's fake frame pointer
  regs.rip = address;
  regs.rax = BigInt(sse); // %al: vector registers used, for variadic callees
  regs.orig_rax = BigInt.asUintN(64, -1n); // not inside a system call: no restart on resume
  if (sse > 0) xstate[512] |= 2; // XSTATE_BV: SSE state present
  proc.setRegs(regs);
  proc.setXState(xstate);
  proc.insertBreakpoint(returnAddress);
  return { returnAddress, returnSp: sp + 8n, id: sp + 16n, regs: savedRegs, xstate: savedX, name };
}

/** The value a call returned, read as it returns to its dummy frame (void for void functions). */
export function callResult(proc: Tracee, type: FunctionType): Value {
  const returnType = type.returnType;
  if (resolve(returnType).kind === 'void') return { type: returnType, lval: null, bytes: Buffer.alloc(0) };
  const after = proc.regs();
  const place = returnPlace(returnType, { rax: after.rax, rdx: after.rdx, xstate: proc.xstate() });
  const bytes = place.kind === 'memory' ? Buffer.from(proc.readMemory(after.rax, sizeOf(returnType))) : Buffer.from(place.bytes);
  return { type: returnType, lval: null, bytes };
}

/** Gives the program back the registers it had before the call of `dummy`. */
export function popDummy(proc: Tracee, dummy: DummyFrame): void {
  if (proc.hasBreakpoint(dummy.returnAddress)) proc.removeBreakpoint(dummy.returnAddress);
  proc.setRegs(dummy.regs);
  proc.setXState(dummy.xstate);
}

/** gdb's error for a call of function `name` that did not return: the program exited, or it
 * stopped (for a signal, if `signaled`) and stays in the called function. */
export function callStopped(name: string, result: ResumeResult, signaled: boolean): CallStopped {
  const abandoned = `Evaluation of the expression containing the function\n(${name}) will be abandoned.`;
  if (result.kind === 'exited') return new CallStopped(`The program being debugged exited while in a function called from GDB.\n${abandoned}`, result);
  const why = signaled
    ? 'was signaled while in a function called from GDB.\nGDB remains in the frame where the signal was received.\nTo change this behavior use "set unwindonsignal on".'
    : 'stopped while in a function called from GDB.';
  return new CallStopped(`The program being debugged ${why}\n${abandoned}\nWhen the function is done executing, GDB will silently stop.`, result);
}
