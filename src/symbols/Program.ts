// Program: the modules of one debugged program at their load biases, and every lookup the
// debugger makes in runtime addresses (functions, lines, breakpoints, variables, types, unwinding).
import { tlsBlock } from './tls';
import { tailCallChain } from './tailCalls';
import { boundValue, hasDynamicBound, resolveDynamic } from './dynamicTypes';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameInfo } from './native';
import type { FunctionDef, VariableDef } from './model';
import type { FunctionType, Type } from './types';
import type { Module } from './Module';
import { ModuleList } from './moduleList';
import { fileMatches, type RowRange } from './LineTable';
import { evalLocation, evalValue, selectEntry, LocationError, type ExprContext, type Location, type ReadMemory } from './location';
import { registerOf, type CallSite } from './callSites';
import { AT } from './dwarfConstants';
import { postPrologue, type ReadCode } from './prologue';
import type { MappingLike } from './placement';
export { loadBias, type MappingLike } from './placement';
import { applyCfiRow, cfaOf, unreadable, unwindAtEntry, unwindByFramePointer, type DwarfRegisters, type UnwindStep } from './unwind';

export type { FunctionDef, VariableDef } from './model';
export type { RowRange } from './LineTable';
export type { UnwindStep, DwarfRegisters } from './unwind';

export type { LoadedModule } from './moduleList';
import type { LoadedModule } from './moduleList';

/** A function in runtime addresses. */
export interface FunctionSymbol {
  name: string; low: bigint; high: bigint; ranges: Array<[bigint, bigint]>;
  declFile?: string; declLine?: number;
  readonly type?: FunctionType; readonly returnType?: Type;
  def: FunctionDef; module: LoadedModule;
}

/** A variable visible to the debugger; evaluate it with Program.evalLocation. */
export interface VariableSymbol {
  name: string; readonly type: Type; isParameter: boolean; def: VariableDef; module: LoadedModule;
}

/** Where a breakpoint on FILE:LINE goes: one address per function. */
export interface LineLocation { address: bigint; file: string; line: number; function?: string }

/** Inputs for evaluating a variable's location at one frame. */
export interface FrameInputs {
  pc?: bigint; regs?: DwarfRegisters; cfa?: bigint; read?: ReadMemory;
  /** The thread pointer (fs_base), for thread-local variables. */
  threadPointer?: bigint;
  /** The frame is a caller (pc is a return address): look up scopes and location lists at pc-1. */
  isCaller?: boolean;
  /** The caller's frame, for values at function entry (DW_OP_entry_value, `param@entry`). */
  caller?: FrameInputs;
}

/** A DIE's DW_AT_name and DW_AT_linkage_name. */
function dieNames(m: Module, offset: number | undefined): string[] {
  const die = offset === undefined ? undefined : m.dies.get(offset)?.die;
  return die ? [m.dies.attr(die, AT.name), m.dies.attr(die, AT.linkage_name)].filter((n): n is string => typeof n === 'string') : [];
}


export class Program {
  private readonly list: ModuleList;
  private readonly fnCache = new WeakMap<LoadedModule, Map<FunctionDef, FunctionSymbol>>();

  private constructor(main: string) { this.list = new ModuleList(main); }

  /** The modules loaded, the executable first. */
  private get loaded(): readonly LoadedModule[] { return this.list.all; }

  /** The executable (always the first module). */
  get main(): LoadedModule { return this.list.main; }

  /** Opens the executable at bias 0 (file addresses) until the debugger reports its mappings. */
  static open(file: string): Program {
    return new Program(file);
  }

  get machine(): number { return this.main.module.info.machine; }
  get hasDebugInfo(): boolean { return this.main.module.hasDebugInfo; }
  get path(): string { return this.main.path; }

  close(): void { this.list.close(); }

  modules(): readonly LoadedModule[] { return this.loaded; }

  private displayNames?: Map<string, string>;

  /** How gdb shows a source file: a compile unit's primary file by the name it was compiled
   * under (DW_AT_name, e.g. `prog.c`) when the unit's directory is absolute, other files (and
   * units built with a relative directory, like Debian's libc) by the line table's path. */
  displayName(file: string): string {
    if (!this.displayNames) {
      this.displayNames = new Map();
      for (const lm of this.loaded) {
        for (const cu of lm.module.cus) {
          if (!cu.name || !path.isAbsolute(cu.compDir)) continue;
          const full = path.normalize(path.isAbsolute(cu.name) ? cu.name : path.join(cu.compDir, cu.name));
          if (!this.displayNames.has(full)) this.displayNames.set(full, cu.name);
        }
      }
    }
    return this.displayNames.get(path.normalize(file)) ?? file;
  }

  /** Adds (or re-biases) a module (see ModuleList.add). */
  addModule(file: string, bias: bigint): LoadedModule {
    this.displayNames = undefined;
    return this.list.add(file, bias);
  }

  /** Re-reads the module list from the process's mappings (see ModuleList.update). */
  updateModules(maps: MappingLike[]): void {
    this.displayNames = undefined;
    this.list.update(maps);
  }

  /** The module whose loaded segments contain a runtime address. */
  moduleAt(addr: bigint): LoadedModule | undefined { return this.list.at(addr); }

  // ---- functions ----

  private symbol(lm: LoadedModule, def: FunctionDef): FunctionSymbol {
    let cache = this.fnCache.get(lm);
    if (!cache) { cache = new Map(); this.fnCache.set(lm, cache); }
    let s = cache.get(def);
    if (!s) {
      const b = lm.bias;
      s = {
        name: def.name, low: def.low + b, high: def.high + b, ranges: def.ranges.map(([l, h]) => [l + b, h + b]),
        declFile: def.declFile, declLine: def.declLine,
        get type() { return def.type; }, get returnType() { return def.returnType; },
        def, module: lm,
      };
      cache.set(def, s);
    }
    return s;
  }

  functionAt(pc: bigint): FunctionSymbol | undefined {
    const lm = this.moduleAt(pc);
    const def = lm?.module.functionAt(pc - lm.bias);
    return lm && def ? this.symbol(lm, def) : undefined;
  }

  /** Functions named `name` (optionally declared in a file matching `file`), out-of-line ones and
   * inlined copies (def.inlined); the main executable's first, then libraries' in load order. */
  functionsByName(name: string, file?: string): FunctionSymbol[] {
    for (const lm of this.loaded) {
      let defs = lm.module.functionsNamed(name);
      if (file) defs = defs.filter((d) => d.declFile !== undefined && fileMatches(d.declFile, file));
      if (defs.length) return defs.map((d) => this.symbol(lm, d));
    }
    return [];
  }

  /** The function an expression means by `name`: the first out-of-line one in load order (inlined
   * copies, like ld.so's inline malloc wrapper, are not symbols an expression can name; gdb). */
  functionByName(name: string): FunctionSymbol | undefined {
    for (const lm of this.loaded) {
      const def = lm.module.functionsNamed(name).find((d) => !d.inlined);
      if (def) return this.symbol(lm, def);
    }
    return undefined;
  }

  /** The run-time address of the ELF function symbol `name` in the first module that has one
   * (no DWARF read: for the debugger's own hooks, like the dynamic linker's _dl_debug_state). */
  elfFunctionAddress(name: string): bigint | undefined {
    for (const lm of this.loaded) {
      const f = lm.module.elfFunctions().find((e) => e.name === name);
      if (f) return f.low + lm.bias;
    }
    return undefined;
  }

  /** Functions with a name in every loaded module, by address (gdb's breakpoint re-set after a
   * library loads finds a program's `init` and libc's static `init` alike). */
  functionsByNameEverywhere(name: string): FunctionSymbol[] {
    return this.loaded.flatMap((lm) => lm.module.functionsNamed(name).map((d) => this.symbol(lm, d)))
      .sort((a, b) => (a.low < b.low ? -1 : a.low > b.low ? 1 : 0));
  }

  /** Inlined copies holding pc, innermost first, with their call sites (gdb's inline frames:
   * frame 0 is the innermost copy, "called" from callFile:callLine in the next one out). */
  inlinedAt(pc: bigint): Array<{ fn: FunctionSymbol; callFile?: string; callLine?: number }> {
    const lm = this.moduleAt(pc);
    return lm ? lm.module.inlinedAt(pc - lm.bias).map((c) => ({ ...c, fn: this.symbol(lm, c.fn) })) : [];
  }

  hasLineInfo(fn: FunctionSymbol): boolean { return fn.def.fromDebugInfo && this.rowAt(fn.low) !== undefined; }

  /** gdb's `break FUNC` address: after the frame setup, moved to the next line start. Code is
   * read from the file image; `readCode` (live memory, runtime addresses) only where the image
   * has none. */
  prologueEnd(fn: FunctionSymbol, readCode?: ReadCode): bigint {
    if (fn.def.inlined) return fn.low;
    const lm = fn.module;
    const b = lm.bias;
    // The file image first: live memory may hold an inserted int3 where the prologue starts.
    const read: ReadCode = (a, n) => {
      try {
        return lm.module.readImage(a, n);
      } catch (e) {
        if (readCode) return readCode(a + b, n);
        throw e;
      }
    };
    const lines = fn.def.fromDebugInfo ? {
      rowAt: (a: bigint) => lm.module.lines.rowAt(a),
      prologueEndMarker: (lo: bigint, hi: bigint) => lm.module.lines.prologueEndMarker(lo, hi),
    } : undefined;
    return postPrologue(fn.def, lines, read) + b;
  }

  /** `length` bytes of code at a runtime address from its module's file image (so without the
   * breakpoints inserted in memory); undefined outside a module's image. */
  codeAt(address: bigint, length: number): Buffer | undefined {
    const lm = this.moduleAt(address);
    try {
      return lm?.module.readImage(address - lm.bias, length);
    } catch {
      return undefined;
    }
  }

  /** Alias of prologueEnd, by the name the symbol layer's design uses. */
  functionBreakpointAddress(fn: FunctionSymbol, readCode?: ReadCode): bigint { return this.prologueEnd(fn, readCode); }

  // ---- lines ----

  /** The line-table row holding pc (runtime addresses). */
  rowAt(pc: bigint): RowRange | undefined {
    const lm = this.moduleAt(pc);
    const r = lm?.module.lines.rowAt(pc - lm.bias);
    return lm && r ? { ...r, start: r.start + lm.bias, end: r.end + lm.bias } : undefined;
  }

  /** [start, end) of pc's line: its row extended over adjacent rows of the same file and line. */
  stepRange(pc: bigint): [bigint, bigint] | undefined {
    const row = this.rowAt(pc);
    if (!row) return undefined;
    let [start, end] = [row.start, row.end];
    for (let r = this.rowAt(end); r && r.line === row.line && r.file === row.file && r.start === end; r = this.rowAt(end)) end = r.end;
    for (let r = this.rowAt(start - 1n); r && r.line === row.line && r.file === row.file && r.end === start; r = this.rowAt(start - 1n)) start = r.start;
    return [start, end];
  }

  /** Every [start, end) row range of FILE:LINE in any module (runtime addresses, address order). */
  lineRanges(file: string, line: number): Array<[bigint, bigint]> {
    return this.loaded.flatMap((lm) => lm.module.lines.lineRanges(file, line).map(([a, b]): [bigint, bigint] => [a + lm.bias, b + lm.bias]))
      .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  }

  isStatementStart(pc: bigint): boolean {
    const lm = this.moduleAt(pc);
    return lm !== undefined && lm.module.lines.isStatementStart(pc - lm.bias);
  }

  /** gdb's `break FILE:LINE`: is_stmt rows of the line (or the next line with code), one per
   * block (function, inlined copy or lexical block with variables; the lowest address), moved past the prologue when they fall inside it. Without a
   * file, the file holding main. */
  lineBreakpoints(fileSpec: string | undefined, line: number): LineLocation[] {
    const file = fileSpec ?? this.mainSourceFile();
    const out: LineLocation[] = [];
    if (file === undefined) return out;
    for (const lm of this.loaded) {
      const rows = lm.module.lines.statementRows(file, line);
      const perFunction = new Map<string, LineLocation>();
      for (const r of rows) {
        const address = r.address + lm.bias;
        const fn = this.functionAt(address);
        const key = `${lm.module.blockAt(r.address) ?? fn?.low ?? address}`;
        if (perFunction.has(key)) continue;
        let loc: LineLocation = { address, file: r.file, line: r.line, function: fn?.name };
        if (fn && fn.def.fromDebugInfo) {
          const post = this.prologueEnd(fn);
          if (address < post) {
            const row = this.rowAt(post);
            loc = { address: post, file: row?.file ?? r.file, line: row?.line ?? r.line, function: fn.name };
          }
        }
        perFunction.set(key, loc);
      }
      out.push(...perFunction.values());
      if (out.length) break;
    }
    return out;
  }

  /** Alias of lineBreakpoints, by the name the symbol layer's design uses. */
  breakpointAddresses(file: string, line: number): LineLocation[] { return this.lineBreakpoints(file, line); }

  sourceFiles(): string[] { return this.loaded.flatMap((m) => m.module.lines.files()); }
  hasSourceFile(spec: string): boolean { return this.findSourceFile(spec) !== undefined; }
  /** The full name of the source file a user's spelling (basename or path suffix) means. */
  findSourceFile(spec: string): string | undefined { return this.sourceFiles().find((f) => fileMatches(f, spec)); }

  /** The compile unit whose primary source file is `file` (for `info source`). */
  compileUnitOf(file: string): { name: string; compDir: string; producer: string; version: number } | undefined {
    const want = path.normalize(file);
    for (const lm of this.loaded) {
      for (const cu of lm.module.cus) {
        if (cu.name && path.normalize(path.isAbsolute(cu.name) ? cu.name : path.join(cu.compDir, cu.name)) === want) return cu;
      }
    }
    return undefined;
  }

  /** The file holding main (gdb's default for `list` and `break LINE` before the program runs). */
  mainSourceFile(): string | undefined {
    const main = this.functionsByName('main')[0];
    return (main && this.rowAt(main.low)?.file) ?? this.main.module.cus[0]?.name;
  }

  // ---- variables ----

  private variableSymbol(lm: LoadedModule, def: VariableDef): VariableSymbol {
    return { name: def.name, get type() { return def.type; }, isParameter: def.isParameter, def, module: lm };
  }

  parametersOf(fn: FunctionSymbol): VariableSymbol[] {
    return fn.module.module.parameters(fn.def).map((d) => this.variableSymbol(fn.module, d));
  }

  /** Locals and parameters visible at pc, innermost scope first (gdb's `info scope` order;
   * filter on isParameter for `info locals`). Pass pc-1 for caller frames. */
  /** Variables visible at pc; with `scope` (a frame's function or inlined copy), only that
   * frame's own, as gdb lists them for each frame of an inline chain. */
  variablesAt(pc: bigint, scope?: FunctionSymbol): VariableSymbol[] {
    const lm = this.moduleAt(pc);
    if (!lm) return [];
    const defs = scope?.def.dieOffset !== undefined ? lm.module.variablesIn(scope.def.dieOffset, pc - lm.bias) : lm.module.variablesAt(pc - lm.bias);
    return defs.map((d) => this.variableSymbol(lm, d));
  }

  /** The address of a data object without debug info (an ELF symbol), in load order. */
  dataSymbol(name: string): bigint | undefined {
    for (const lm of this.loaded) {
      const a = lm.module.dataSymbol(name);
      if (a !== undefined) return a + lm.bias;
    }
    return undefined;
  }

  /** A global or file-static variable; statics of the CU holding pc win, then the main executable's. */
  globalVariable(name: string, pc?: bigint): VariableSymbol | undefined {
    const here = pc !== undefined ? this.moduleAt(pc) : undefined;
    const order = here ? [here, ...this.loaded.filter((m) => m !== here)] : this.loaded;
    for (const lm of order) {
      const defs = lm.module.globalsNamed(name);
      if (!defs.length) continue;
      if (lm === here && pc !== undefined) {
        const cu = lm.module.lines.cuAt(pc - lm.bias);
        const local = cu && defs.find((d) => !d.external && lm.module.cuOfDie(d.dieOffset) === cu);
        if (local) return this.variableSymbol(lm, local);
      }
      return this.variableSymbol(lm, defs.find((d) => d.external) ?? defs[0]);
    }
    return undefined;
  }

  /** A file-level variable (global or file static) defined in the compile unit of `file`. */
  fileScopeVariable(name: string, file: string): VariableSymbol | undefined {
    const want = path.normalize(file);
    for (const lm of this.loaded) {
      const def = lm.module.globalsNamed(name).find((d) => {
        const cu = lm.module.cuOfDie(d.dieOffset);
        return cu?.name !== undefined && path.normalize(path.isAbsolute(cu.name) ? cu.name : path.join(cu.compDir, cu.name)) === want;
      });
      if (def) return this.variableSymbol(lm, def);
    }
    return undefined;
  }

  /** Where a variable lives at a frame. */
  evalLocation(v: VariableSymbol, frame: FrameInputs): Location {
    const def = v.def;
    const bias = v.module.bias;
    if (!def.location) {
      const c = def.constValue;
      if (typeof c === 'number' || typeof c === 'bigint') {
        const b = Buffer.alloc(8);
        b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(c)));
        return { kind: 'value', bytes: b };
      }
      if (c && typeof c === 'object' && 'block' in c) return { kind: 'value', bytes: c.block };
      return { kind: 'optimizedOut' };
    }
    return evalLocation(def.location, {
      ...this.exprContext(bias, def.fn, frame),
      tlsBlock: () => tlsBlock(this.loaded, v.module, frame.threadPointer, frame.read),
      baseType: (off) => v.module.module.stackType(def.dieOffset, off),
    });
  }

  /** A variable's type at a frame: a variable-length array's bounds computed there. */
  variableType(v: VariableSymbol, frame: FrameInputs): Type {
    if (!hasDynamicBound(v.type)) return v.type;
    const ctx = this.exprContext(v.module.bias, v.def.fn, frame);
    return resolveDynamic(v.type, (d) => boundValue(d, ctx));
  }

  /** A parameter's value on entry to its function, recovered from the caller's call site
   * (gdb's `param@entry`); undefined when the caller did not record it. */
  entryValue(v: VariableSymbol, frame: FrameInputs): Location | undefined {
    const fn = v.def.fn;
    if (!v.isParameter || !fn || !v.def.location || !frame.caller) return undefined;
    const bias = v.module.bias;
    const regno = registerOf(selectEntry(v.def.location, fn.low + bias, bias));
    if (regno === undefined) return undefined;
    const value = this.entryRegisterValue(regno, fn.low + bias, frame.caller);
    if (value === undefined) return undefined;
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(BigInt.asUintN(64, value));
    return { kind: 'value', bytes };
  }

  /** What DWARF expressions of a function may consult at one frame. */
  private exprContext(bias: bigint, fn: FunctionDef | undefined, frame: FrameInputs): ExprContext {
    const pc = frame.pc === undefined ? undefined : frame.isCaller ? frame.pc - 1n : frame.pc;
    const cfa = (): bigint | undefined => frame.cfa ?? (frame.regs && frame.read ? this.cfa(frame.regs, frame.read, frame.isCaller) : undefined);
    const caller = frame.caller;
    const entryValue = caller && fn ? (regno: number) => this.entryRegisterValue(regno, fn.low + bias, caller) : undefined;
    const ctx: ExprContext = { pc, bias, regs: frame.regs, read: frame.read, cfa, entryValue };
    const frameBase = (): bigint | undefined => {
      const fb = fn?.frameBase;
      if (!fb) return undefined;
      const loc = evalLocation(fb, ctx);
      if (loc.kind === 'memory') return loc.address;
      if (loc.kind === 'register') return frame.regs?.get(loc.regno);
      if (loc.kind === 'value') return loc.bytes.readBigUInt64LE(0);
      return undefined;
    };
    return { ...ctx, frameBase };
  }

  /** The value register `regno` had when the caller (pc = return address) called `callee`:
   * the call site's DW_AT_call_value evaluated in the caller's frame. */
  private entryRegisterValue(regno: number, callee: bigint, caller: FrameInputs): bigint | undefined {
    if (caller.pc === undefined) return undefined;
    const lm = this.moduleAt(caller.pc);
    const site = lm?.module.callSiteAt(caller.pc - lm.bias);
    const ops = site?.params.get(regno);
    if (!lm || !site || !ops) return undefined;
    const ctx = this.exprContext(lm.bias, lm.module.functionAt(caller.pc - 1n - lm.bias), { ...caller, isCaller: true });
    try {
      return this.callSiteCalls(lm, site, callee, ctx) && !this.tailCallsItself(callee) ? evalValue(ops, ctx) : undefined;
    } catch (e) {
      if (e instanceof LocationError) return undefined;
      throw e;
    }
  }

  /** gdb's tail-call frames between the call returning to `returnPc` and `calleePc` (see
   * tailCalls.ts), innermost first. */
  tailCallChain(returnPc: bigint, calleePc: bigint): bigint[] { return tailCallChain(this, returnPc, calleePc); }

  /** Whether a call site calls the function at `callee` (by its DIE, or its target expression). */
  private callSiteCalls(lm: LoadedModule, site: CallSite, callee: bigint, ctx: ExprContext): boolean {
    if (site.origin !== undefined) {
      const fn = this.functionAt(callee);
      // gdb knows a call's target from a declaration (by name) or a DIE with code; an abstract
      // instance of an inlined function names none ("DW_AT_call_target is not specified").
      const origin = lm.module.dies.get(site.origin)?.die;
      if (!fn || !origin || (!origin.attrs[AT.declaration] && origin.attrs[AT.low_pc] === undefined && origin.attrs[AT.ranges] === undefined)) return false;
      const wanted = dieNames(lm.module, site.origin);
      const names = [fn.name, ...dieNames(fn.module.module, fn.def.dieOffset)];
      return wanted.some((n) => names.includes(n));
    }
    return site.target !== undefined && evalValue(site.target, ctx) === callee;
  }

  /** Whether the function at `callee` can reach itself through a chain of direct tail calls:
   * gdb then trusts no entry value of its parameters (the caller may not be the one that set them). */
  private tailCallsItself(callee: bigint): boolean {
    const todo = [callee];
    const seen = new Set<bigint>([callee]);
    while (todo.length) {
      const addr = todo.pop()!;
      const lm = this.moduleAt(addr);
      const fn = lm?.module.functionAt(addr - lm.bias);
      if (!lm || !fn) continue;
      for (const [low, high] of fn.ranges) {
        for (const site of lm.module.callSitesIn(low, high)) {
          if (!site.tail || site.origin === undefined) continue;
          const target = dieNames(lm.module, site.origin).map((n) => this.functionByName(n)?.low).find((a) => a !== undefined);
          if (target === callee) return true;
          if (target !== undefined && !seen.has(target)) { seen.add(target); todo.push(target); }
        }
      }
    }
    return false;
  }

  // ---- types and symbols ----

  /** A named type, searched in the main executable first. */
  lookupType(name: string): Type | undefined {
    for (const lm of this.loaded) {
      const t = lm.module.lookupType(name);
      if (t) return t;
    }
    return undefined;
  }

  /** An enumerator constant by name, searched in the module holding pc first. */
  enumerator(name: string, pc?: bigint): { type: Type; value: bigint } | undefined {
    const here = pc !== undefined ? this.moduleAt(pc) : undefined;
    for (const lm of here ? [here, ...this.loaded.filter((m) => m !== here)] : this.loaded) {
      const e = lm.module.enumerator(name);
      if (e) return e;
    }
    return undefined;
  }

  /** "name" or "name+off" for an address in a function or data object (gdb's <...> text). */
  symbolize(addr: bigint, linkage = false): string | undefined {
    const lm = this.moduleAt(addr);
    return lm?.module.symbolize(addr - lm.bias, linkage);
  }

  /** Reads the file image of the module mapping addr (before the program runs). */
  readFileImage(addr: bigint, length: number): Buffer {
    const lm = this.moduleAt(addr) ?? this.main;
    return lm.module.readImage(addr - lm.bias, length);
  }

  // ---- unwinding ----

  /** The CFI row for a frame's registers (pc-1 for callers), or undefined. */
  private frameRow(regs: DwarfRegisters, isCaller: boolean): FrameInfo | undefined {
    const pc = regs.get(16);
    if (pc === undefined) return undefined;
    const lookup = isCaller ? pc - 1n : pc;
    const lm = this.moduleAt(lookup);
    return lm?.module.frameAt(lookup - lm.bias) ?? undefined;
  }

  /** The CFA of the frame with these registers (undefined without CFI). */
  cfa(regs: DwarfRegisters, read: ReadMemory, isCaller = false): bigint | undefined {
    const row = this.frameRow(regs, isCaller);
    if (!row) return undefined;
    try {
      return cfaOf(row, regs, read);
    } catch (e) {
      if (e instanceof LocationError) return undefined;
      throw e;
    }
  }

  /** The caller's registers: CFI of the module holding pc (pc-1 for callers), else the rbp chain.
   * Undefined at the outermost frame or when nothing can be recovered. */
  unwind(regs: DwarfRegisters, read: ReadMemory, isCaller = false): UnwindStep | undefined {
    if (regs.get(16) === undefined) return undefined;
    const row = this.frameRow(regs, isCaller);
    // Nothing mapped at the pc: first gdb's guess of a function just entered (its return
    // address on top of the stack), then the rbp chain.
    if (!row) return (unreadable(read, regs.get(16)!) ? unwindAtEntry(regs, read) : undefined) ?? unwindByFramePointer(regs, read);
    try {
      return applyCfiRow(row, regs, read);
    } catch {
      // An unreadable saved slot (a corrupt stack) ends the backtrace here.
      return undefined;
    }
  }
}
