// The expression evaluator's view of a program at one frame: symbols visible at its pc,
// its registers, memory (live, or the executable's file image before `run`), and the
// value history and convenience variables.
import { PastWriteError } from '../timeline/Inferior';
import { EvalError, type EvalContext, type Value } from '../expr/context';
import { dataSymbolValue, ifuncValue, textSymbolValue } from '../expr/nodebug';
import type { FrameInputs, FunctionSymbol, Program, VariableSymbol } from '../symbols/Program';
import { isAssembler, isIfunc } from '../symbols/functionKinds';
import type { Location } from '../symbols/location';
import { OP } from '../symbols/dwarfConstants';
import { sizeOf, type FunctionType, type Type } from '../symbols/types';
import type { Frame } from './frames';
import { readRegister, dwarfNumber, isRegisterName, subRegister } from './registers';
import type { ValueStore } from './ValueStore';
import { readWideRegister } from './vectorRegisters';
import { siginfoValue } from './siginfo';

export interface MemoryAccess {
  read(address: bigint, length: number): Buffer;
  write(address: bigint, data: Buffer): void;
  /** Registers of frame 0 can be written; null when the program is not running. */
  writeRegister?(dwarfRegno: number, value: bigint): void;
  /** The XSAVE area of the program's registers (x87, SSE, AVX, AVX-512). */
  xstate?(): Buffer;
  /** The siginfo_t of the program's stop. */
  siginfo?(): Buffer | undefined;
}

function functionValue(fn: FunctionSymbol): Value {
  if (isIfunc(fn)) return ifuncValue(fn.low);
  if (fn.type && isAssembler(fn)) {
    // gdb shows an assembler function as `void (void)` and calls it only through a cast.
    return { type: { ...fn.type, prototyped: true, asm: true }, lval: { kind: 'memory', address: fn.low }, bytes: Buffer.alloc(1) };
  }
  return fn.type ? { type: fn.type, lval: { kind: 'memory', address: fn.low }, bytes: Buffer.alloc(1) } : textSymbolValue(fn.low);
}

function cannotAccess(address: bigint): EvalError {
  return new EvalError(`Cannot access memory at address 0x${address.toString(16)}`);
}

/** Results of the program functions an expression calls, in evaluation order; evaluation that
 * reaches a call not made yet throws CallNeeded, the caller makes it and evaluates again. */
export interface CallResults {
  results: Value[]; next: number;
  /** Only the types are wanted (ptype, whatis): a call is not made, its value is a blank one. */
  typesOnly?: boolean;
}

export class CallNeeded extends Error {
  constructor(readonly address: bigint, readonly type: FunctionType, readonly args: Value[]) {
    super('a function of the program must be called first');
    this.name = 'CallNeeded';
  }
}

export class FrameContext implements EvalContext {
  constructor(
    private readonly program: Program,
    private readonly frame: Frame | undefined,
    private readonly memory: MemoryAccess | undefined,
    private readonly store: ValueStore,
    /** The frame that called a frame, for parameters' values at entry (through tail calls
     * that takes several callers). */
    private readonly callerOf?: (frame: Frame) => Frame | undefined,
    private readonly calls?: CallResults,
    private readonly notify?: (line: string) => void,
  ) {}

  warn(message: string): void { this.notify?.(`warning: ${message}`); }

  callFunction(address: bigint, type: FunctionType, args: Value[]): Value {
    if (!this.calls) throw new EvalError('You can\'t do that without a process to debug.');
    if (this.calls.typesOnly) return { type: type.returnType, lval: null, bytes: Buffer.alloc(sizeOf(type.returnType)) };
    const i = this.calls.next++;
    if (i < this.calls.results.length) return this.calls.results[i];
    throw new CallNeeded(address, type, args);
  }

  private inputs(frame: Frame | undefined): FrameInputs {
    const read = (a: bigint, n: number): Buffer => this.readMemory(a, n);
    if (!frame) return { read };
    const inputs: FrameInputs = { pc: frame.pc, regs: frame.regs.dwarf, cfa: frame.cfa, read, isCaller: frame.isCaller, threadPointer: frame.regs.raw.fs_base };
    // Resolved on demand, one frame at a time.
    const callerOf = this.callerOf;
    Object.defineProperty(inputs, 'caller', {
      enumerable: true,
      // The physical caller: an inlined call's entry values are those of the real function
      // it was inlined into.
      get: () => {
        let f = frame;
        let c = callerOf?.(f);
        while (f.inline && c) {
          f = c;
          c = callerOf?.(f);
        }
        return c && this.inputs(c);
      },
    });
    return inputs;
  }

  private frameInputs(): FrameInputs {
    return this.inputs(this.frame);
  }

  /** Turns a variable's location at this frame into a Value. */
  variableValue(v: VariableSymbol): Value {
    const inputs = this.frameInputs();
    const loc: Location = this.program.evalLocation(v, inputs);
    return locationToValue(loc, this.program.variableType(v, inputs), this.frame?.regs.dwarf, this.memory?.xstate);
  }

  /** A parameter's value at function entry, when the caller's call site recorded it. */
  entryValue(v: VariableSymbol): Value | undefined {
    const loc = this.program.entryValue(v, this.frameInputs());
    return loc && locationToValue(loc, v.type, this.frame?.regs.dwarf);
  }

  lookupSymbol(name: string): Value | undefined {
    const pc = this.frame?.lookupPc;
    if (pc !== undefined) {
      const local = this.program.variablesAt(pc, this.frame?.fn).find((v) => v.name === name);
      if (local) return this.variableValue(local);
    }
    const global = this.program.globalVariable(name, pc);
    if (global) return this.variableValue(global);
    const e = this.program.enumerator(name, pc);
    if (e) {
      const bytes = Buffer.alloc(8);
      bytes.writeBigUInt64LE(BigInt.asUintN(64, e.value));
      return { type: e.type, lval: null, bytes: bytes.subarray(0, e.type.kind === 'enum' ? e.type.size : 8) };
    }
    const fn = this.program.functionByName(name);
    if (fn) return functionValue(fn);
    const data = this.program.dataSymbol(name);
    return data === undefined ? undefined : dataSymbolValue(name, data);
  }

  /** `'file.c'::name` (a file-level variable or function of that file) or `function::name` (a
   * static of that function, or a local of it when it is the selected frame's). */
  lookupScoped(scope: string, name: string): Value | undefined {
    const file = this.program.findSourceFile(scope);
    if (file) {
      const v = this.program.fileScopeVariable(name, file);
      if (v) return this.variableValue(v);
      const fn = this.program.functionsByName(name, file).find((f) => !f.def.inlined);
      return fn && functionValue(fn);
    }
    const fn = this.program.functionByName(scope);
    if (!fn) throw new EvalError(`No symbol "${scope}" in current context.`);
    const declared = this.program.variablesAt(fn.low, fn).find((x) => x.name === name);
    if (!declared) return undefined;
    const ops = declared.def.location?.length === 1 ? declared.def.location[0].ops : [];
    if (ops.length === 1 && ops[0].atom === OP.addr) return this.variableValue(declared);
    // A local: read in the innermost frame, from the selected one out, running that function.
    if (!this.frame) throw new EvalError('No frame selected.');
    for (let f: Frame | undefined = this.frame; f; f = this.callerOf?.(f)) {
      if (f.fn?.low !== fn.low) continue;
      const at = this.program.variablesAt(f.lookupPc, f.fn).find((x) => x.name === name);
      const ctx = new FrameContext(this.program, f, this.memory, this.store, this.callerOf, this.calls, this.notify);
      return at && ctx.variableValue(at);
    }
    throw new EvalError(`No frame is currently executing in block ${scope}.`);
  }

  lookupType(name: string): Type | undefined {
    return this.program.lookupType(name);
  }

  readMemory(address: bigint, length: number): Buffer {
    if (!this.memory) throw cannotAccess(address);
    let data: Buffer;
    try {
      data = this.memory.read(address, length);
    } catch {
      throw cannotAccess(address);
    }
    if (data.length < length) throw cannotAccess(address + BigInt(data.length));
    return data;
  }

  writeMemory(address: bigint, data: Buffer): void {
    if (!this.memory) throw cannotAccess(address);
    try {
      this.memory.write(address, data);
    } catch (e) {
      if (e instanceof EvalError) throw e;
      if (e instanceof PastWriteError) throw new EvalError(e.message);
      throw cannotAccess(address);
    }
  }

  readRegister(name: string): Value | undefined {
    if (!this.frame) {
      if (isRegisterName(name)) throw new EvalError('No registers.');
      return undefined;
    }
    const r = readRegister(name, this.frame.regs);
    if (!r) {
      const wide = this.memory?.xstate ? readWideRegister(name, this.memory.xstate()) : undefined;
      return wide && { type: wide.type, lval: null, bytes: wide.bytes };
    }
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(BigInt.asUintN(64, r.value));
    const regno = dwarfNumber[name] ?? subRegister(name)?.regno;
    return {
      type: r.type,
      lval: regno !== undefined ? { kind: 'register', regno, name } : null,
      bytes: bytes.subarray(0, sizeOf(r.type)),
    };
  }

  writeRegister(name: string, value: Value): void {
    const sub = subRegister(name);
    const regno = dwarfNumber[name] ?? sub?.regno;
    if (regno === undefined || !this.memory?.writeRegister || !value.bytes) throw new EvalError(`Left operand of assignment is not an lvalue.`);
    const b = Buffer.alloc(8);
    value.bytes.copy(b, 0, 0, Math.min(8, value.bytes.length));
    let v = b.readBigUInt64LE(0);
    if (sub) {
      // A low part: the rest of the register keeps its bits.
      const mask = (1n << BigInt(sub.bits)) - 1n;
      v = ((this.frame?.regs.dwarf.get(regno) ?? 0n) & ~mask) | (v & mask);
    }
    this.memory.writeRegister(regno, v);
  }

  symbolize(address: bigint, linkage = false): string | undefined {
    return this.program.symbolize(address, linkage);
  }

  functionStartingAt(address: bigint): { name: string; type?: FunctionType } | undefined {
    const fn = this.program.functionAt(address);
    if (!fn || fn.low !== address) return undefined;
    return { name: fn.name, type: isAssembler(fn) ? undefined : fn.type };
  }

  historyValue(index: number): Value | undefined { return this.store.history(index); }
  historyLength(): number { return this.store.historyLength(); }
  getConvenience(name: string): Value | undefined {
    if (name === '_siginfo' && this.memory?.siginfo) return siginfoValue(this.memory.siginfo());
    return this.store.convenience(name);
  }
  setConvenience(name: string, value: Value): void { this.store.setConvenience(name, value); }
}

/** Builds a Value from a DWARF location result. */
const DWARF_XMM0 = 17;
/** xmm0's offset in the FXSAVE/XSAVE area. */
const FXSAVE_XMM0 = 160;

export function locationToValue(loc: Location, type: Type, regs?: Map<number, bigint>, xstate?: () => Buffer): Value {
  const size = sizeOf(type);
  switch (loc.kind) {
    case 'memory':
      return { type, lval: { kind: 'memory', address: loc.address }, lazy: true };
    case 'register': {
      // xmm0..15 (DWARF 17..32), from the XSAVE area: the same in every frame, as gdb takes them.
      if (loc.regno >= DWARF_XMM0 && loc.regno < DWARF_XMM0 + 16 && xstate && size <= 16) {
        const at = FXSAVE_XMM0 + 16 * (loc.regno - DWARF_XMM0);
        return { type, lval: null, bytes: Buffer.from(xstate().subarray(at, at + size)) };
      }
      const v = regs?.get(loc.regno);
      if (v === undefined) return { type, lval: null, optimizedOut: true };
      const b = Buffer.alloc(Math.max(8, size));
      b.writeBigUInt64LE(BigInt.asUintN(64, v));
      return { type, lval: { kind: 'register', regno: loc.regno, name: `r${loc.regno}` }, bytes: b.subarray(0, size) };
    }
    case 'value': {
      const b = Buffer.alloc(size);
      loc.bytes.copy(b, 0, 0, Math.min(size, loc.bytes.length));
      return { type, lval: null, bytes: b };
    }
    case 'optimizedOut':
      return { type, lval: null, optimizedOut: true };
    case 'pieces':
      return { type, lval: null, bytes: Buffer.alloc(size), optimizedOut: true };
  }
}
