// Calling a function of the stopped program (`print f(2)`, `call g()`), as gdb does: arguments
// in registers by the x86-64 System V convention, a return address at the program's entry point
// with a breakpoint there, run until that breakpoint with the stack as it was, read the value
// the way `finish` does, and put every register back.
import type { Tracee } from '../target/Process';
import type { Value } from '../expr/context';
import { resolve, sizeOf, type FunctionType } from '../symbols/types';
import { eightbyteClasses, returnPlace } from './returnValue';
import type { Halt, Runner } from './execution';
import { UserError } from './events';

const INT_REGS = ['rdi', 'rsi', 'rdx', 'rcx', 'r8', 'r9'] as const;
const XMM0 = 160;
/** Below the red zone of the frame we interrupt. */
const STACK_GAP = 512n;

const align16 = (n: bigint): bigint => n & ~15n;

/** Runs `fn(args)` in the program and returns its value (type void for void functions). */
export async function callInferior(proc: Tracee, runner: Runner, entry: bigint, address: bigint, type: FunctionType,
  args: Value[], name: string): Promise<Value> {
  const savedRegs = { ...proc.regs() };
  const savedX = Buffer.from(proc.xstate());
  const regs = { ...savedRegs };
  const xstate = Buffer.from(savedX);
  let sp = align16(savedRegs.rsp - STACK_GAP);
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
  if (inMemory) ints.push(push(Buffer.alloc(Math.max(16, returnSize))));
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
  ret.writeBigUInt64LE(entry);
  proc.writeMemory(sp, ret);
  regs.rsp = sp;
  regs.rip = address;
  regs.rax = BigInt(sse); // %al: vector registers used, for variadic callees
  regs.orig_rax = BigInt.asUintN(64, -1n); // not inside a system call: no restart on resume
  if (sse > 0) xstate[512] |= 2; // XSTATE_BV: SSE state present
  proc.setRegs(regs);
  proc.setXState(xstate);

  const hadBreakpoint = proc.hasBreakpoint(entry);
  if (!hadBreakpoint) proc.insertBreakpoint(entry);
  let halt: Halt;
  try {
    halt = await runner.cont((pc) => pc === entry && proc.regs().rsp === sp + 8n);
  } finally {
    if (!hadBreakpoint && proc.state === 'stopped') proc.removeBreakpoint(entry);
  }
  if (halt.kind === 'exited' || halt.kind === 'killed') {
    throw new UserError(`The program being debugged exited while in a function called from GDB.\nEvaluation of the expression containing the function\n(${name}) will be abandoned.`);
  }
  let value: Value;
  try {
    if (halt.kind !== 'internal') {
      throw new UserError(`The program being debugged stopped while in a function called from GDB.\nEvaluation of the expression containing the function\n(${name}) will be abandoned.`);
    }
    const after = proc.regs();
    if (resolve(returnType).kind === 'void') {
      value = { type: returnType, lval: null, bytes: Buffer.alloc(0) };
    } else {
      const place = returnPlace(returnType, { rax: after.rax, rdx: after.rdx, xstate: proc.xstate() });
      const bytes = place.kind === 'memory' ? Buffer.from(proc.readMemory(after.rax, returnSize)) : Buffer.from(place.bytes);
      value = { type: returnType, lval: null, bytes };
    }
  } finally {
    // Back to where the user stopped (also after a stop inside the call: rdb does not keep
    // the called function's frame, unlike gdb).
    proc.setRegs(savedRegs);
    proc.setXState(savedX);
  }
  return value;
}
