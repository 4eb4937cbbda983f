// Inspection of a stopped (or not yet started) program: frames, expressions, locals,
// registers, memory, displays and source. The state the Debugger drives lives here too.
import * as fs from 'fs';
import * as path from 'path';
import type { Tracee } from '../target/Process';
import type { Program, FunctionSymbol, VariableSymbol } from '../symbols/Program';
import type { Value } from '../expr/context';
import * as expr from '../expr';
import { resolve, type Type } from '../symbols/types';
import { BreakpointTable } from './breakpoints';
import { UserError, type FrameDescription } from './events';
import { FrameContext, locationToValue, type CallResults } from './evalContext';
import { unwindStack, type DummyFrame, type Frame } from './frames';
import { formatEflags, infoRegisterOrder, readRegister } from './registers';
import { allRegisterNames, opmaskRegisters, wideRegisterRow } from './vectorRegisters';
import { listLines, Lister, SourceCache, sourceInfo } from './source';
import { ValueStore } from './ValueStore';
import { PrintSettings } from './printSettings';
import { examineMemory, examineStyle } from './examine';
import { functionDump } from './disassemble';
import { linkMapName, loadedObjectName } from './linkMap';
import { applySetting, defaultSettings } from './settings';
import { returnPlace } from './returnValue';

interface Display {
  number: number; expression: string; format: string; enabled: boolean;
  /** The function whose locals the expression uses: shown only while stopped inside it (gdb). */
  scope?: { low: bigint; high: bigint };
}

export class Inspector {
  protected program?: Program;
  protected proc?: Tracee;
  protected frames?: Frame[];
  protected selected = 0;
  /** The debugger's function calls that stopped before returning, innermost last. */
  protected dummies: DummyFrame[] = [];
  /** The user's breakpoints and watchpoints (a frozen copy while a command is replayed). */
  bps = new BreakpointTable();
  readonly store = new ValueStore();
  /** `set print pretty|elements|repeats`. */
  readonly printing = new PrintSettings();
  // gdb warns once a file, as it first shows it, if it changed after the program was built.
  private readonly source = new SourceCache((file) => {
    const program = this.program?.main.path;
    return program && fs.statSync(file).mtimeMs > fs.statSync(program).mtimeMs ? 'warning: Source file is more recent than executable.' : undefined;
  });
  private readonly lister = new Lister(this.source, (f) => this.program?.displayName(f) ?? f, (line) => this.notifyError(line));
  private displays: Display[] = [];
  private nextDisplay = 1;
  /** Messages produced while running (e.g. a failing breakpoint condition). */
  warnings: string[] = [];

  protected warn(message: string): void { this.warnings.push(message); }

  protected live(): boolean { return this.proc !== undefined && this.proc.state === 'stopped'; }

  /** The stack, unwound on demand and cached until the program moves. */
  protected stack(limit?: number): Frame[] {
    if (!this.live() || !this.program) return [];
    if (!this.frames || (limit === undefined && this.framesLimited)) {
      this.frames = unwindStack(this.proc!, this.program, limit, this.inlineSkip, this.dummies);
      this.framesLimited = limit !== undefined;
    }
    return this.frames;
  }
  private framesLimited = false;
  /** Shows a line at once, in order with the program's own output (set by the front end). */
  notify: (line: string) => void = () => undefined;
  /** Shows a line at once on the error stream (gdb's warnings). */
  notifyError: (line: string) => void = (line) => this.notify(line);
  /** Function calls an expression being evaluated has made (see Debugger.withCalls). */
  protected calls?: CallResults;
  /** Inlined calls starting at frame 0's pc that the stack hides (gdb's skipped inline frames). */
  protected inlineSkip = 0;

  /** The siginfo_t of the last stop ($_siginfo), if the program is stopped. */
  protected stopSiginfo(): Buffer | undefined { return undefined; }

  private callerOf(frame: Frame): Frame | undefined {
    const known = this.frames?.[frame.level + 1];
    return known ?? (!this.frames || this.framesLimited ? this.stack()[frame.level + 1] : undefined);
  }

  protected selectedLevel(): number { return this.selected; }
  protected selectFrameLevel(n: number): void { this.selected = n; }

  protected requireStack(): Frame[] {
    const frames = this.stack();
    if (frames.length === 0) throw new UserError('No stack.');
    return frames;
  }

  /** A frame as front ends show it (arguments formatted in gdb's frame-argument style). */
  describeFrame(frame: Frame): FrameDescription {
    if (frame.dummy) return { level: frame.level, pc: frame.pc, atLineStart: false, dummy: true };
    const program = this.program!;
    const row = program.rowAt(frame.lookupPc);
    const fn = frame.fn;
    let args: FrameDescription['args'];
    if (fn && program.hasLineInfo(fn)) {
      const ctx = this.context(frame);
      // gdb shows no entry values for an inlined function (it has no call site of its own).
      args = program.parametersOf(fn).flatMap((p) => (fn.def.inlined ? [{ name: p.name, value: this.safeFormat(() => ctx.variableValue(p), ctx, this.printing.options({ frameArgs: true })) }] : this.describeArgument(p, ctx)));
    }
    // A frame whose callee is inlined stands at the call's line, and gdb shows no address.
    const file = frame.callSite ? frame.callSite.file : row?.file;
    const line = frame.callSite ? frame.callSite.line : row?.line;
    // (gdb's line lookup takes a non-statement row back to the statement before it.)
    const showAddress = !frame.callSite && (frame.isCaller || row === undefined || row.start !== frame.pc || !row.isStmt);
    // Without a function symbol, the ELF symbol covering the pc names it, as gdb's minimal
    // symbols do (ld.so's _start, an assembler label, at any offset).
    const elf = fn ? undefined : program.symbolize(frame.pc)?.replace(/\+\d+$/, '');
    return {
      level: frame.level, pc: frame.pc, function: fn?.name ?? elf, args,
      file: file && program.displayName(file), path: file, line,
      atLineStart: !showAddress,
      // gdb names the file of code without a symbol only for a shared library's.
      library: fn ? undefined : libraryOf(program, frame.pc, (a, n) => this.proc!.readMemory(a, n)),
      ...(frame.sigtramp ? { sigtramp: true } : {}),
    };
  }

  /** One parameter in gdb's default `print entry-values` style: `x=x@entry=5` when the value at
   * entry is known and unchanged, `x=6, x@entry=5` when it changed, `x=5` when unknown. */
  private describeArgument(p: VariableSymbol, ctx: FrameContext): Array<{ name: string; value: string }> {
    const opts = this.printing.options({ frameArgs: true });
    const value = this.safeFormat(() => ctx.variableValue(p), ctx, opts);
    let entry: Value | undefined;
    try {
      entry = ctx.entryValue(p);
    } catch {
      entry = undefined;
    }
    if (!entry) return [{ name: p.name, value }];
    const atEntry = this.safeFormat(() => entry!, ctx, opts);
    if (atEntry === value) return [{ name: p.name, value: `${p.name}@entry=${value}` }];
    return [{ name: p.name, value }, { name: `${p.name}@entry`, value: atEntry }];
  }

  /** A variable's value text; one that cannot be read or printed shows gdb's note for a frame
   * argument (`<error reading variable: MSG>`) or, given its name, for a local. */
  private safeFormat(get: () => Value, ctx: FrameContext, opts: expr.FormatOptions, local?: string): string {
    try {
      return expr.formatValue(get(), ctx, opts);
    } catch (e) {
      const message = (e as Error).message;
      return local === undefined ? `<error reading variable: ${message}>` : `<error reading variable ${local} (${message})>`;
    }
  }

  /** The evaluation context of a frame (or the static program before `run`). */
  protected context(frame?: Frame): FrameContext {
    const proc = this.live() ? this.proc! : undefined;
    const program = this.program!;
    const memory = proc
      ? {
        read: (a: bigint, n: number) => proc.readMemory(a, n),
        write: (a: bigint, d: Buffer) => { proc.writeMemory(a, d); this.frames = undefined; },
        xstate: () => proc.xstate(),
        siginfo: () => this.stopSiginfo(),
        writeRegister: (regno: number, v: bigint) => {
          if (frame && frame.level !== 0) throw new UserError('Writing registers of outer frames is not supported yet.');
          const regs = { ...proc.regs() };
          const names = ['rax', 'rdx', 'rcx', 'rbx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip'] as const;
          regs[names[regno]] = BigInt.asUintN(64, v);
          proc.setRegs(regs);
          this.frames = undefined;
        },
      }
      : { read: (a: bigint, n: number) => program.readFileImage(a, n), write: () => { throw new UserError('cannot access memory without a running program'); } };
    return new FrameContext(program, frame, memory, this.store, proc ? (f) => this.callerOf(f) : undefined, proc || this.calls?.typesOnly ? this.calls : undefined,
      (line) => this.notify(line));
  }

  private selectedContext(): FrameContext {
    if (!this.program) throw new UserError('No symbol table is loaded.  Use the "file" command.');
    const frames = this.stack();
    return this.context(frames[this.selected]);
  }

  selectedFrame(): FrameDescription {
    const frames = this.requireStack();
    return this.describeFrame(frames[this.selected]);
  }

  /** `frame function NAME`: the innermost frame running NAME. */
  selectFunctionFrame(name: string): void {
    const frames = this.requireStack();
    if (!this.program!.functionsByName(name).length && !this.program!.functionByName(name)) throw new UserError(`Function "${name}" not defined.`);
    const i = frames.findIndex((f) => f.fn?.name === name);
    if (i < 0) throw new UserError(`No frame for function "${name}".`);
    this.selected = i;
  }

  selectFrame(n: number): void {
    const frames = this.requireStack();
    if (n < 0 || n >= frames.length) throw new UserError(`No frame at level ${n}.`);
    this.selected = n;
  }

  moveFrame(delta: number): void {
    const frames = this.requireStack();
    // As gdb: go as far as there are frames; only a move that cannot start is an error.
    if (delta > 0 && this.selected === frames.length - 1) throw new UserError('Initial frame selected; you cannot go up.');
    if (delta < 0 && this.selected === 0) throw new UserError('Bottom (innermost) frame selected; you cannot go down.');
    this.selected = Math.max(0, Math.min(frames.length - 1, this.selected + delta));
  }

  /** The innermost `limit` frames, or with a negative limit the outermost ones (`bt -N`). */
  backtrace(limit?: number): FrameDescription[] {
    const frames = this.requireStack();
    const chosen = limit === undefined ? frames : limit < 0 ? frames.slice(limit) : frames.slice(0, limit);
    return chosen.map((f) => this.describeFrame(f));
  }

  hasMoreFrames(limit: number): boolean { return this.stack().length > limit; }

  // ---- expressions ----

  protected parseOnly(text: string): void {
    const r = expr.parse(text, (n) => this.program?.lookupType(n) !== undefined);
    if (r.errors.length) throw new UserError(r.errors[0]);
  }

  protected evaluate(text: string): { value: Value; ctx: FrameContext } {
    if (text.trim() === '') throw new UserError('Argument required (expression to compute).');
    const ctx = this.selectedContext();
    return { value: expr.evaluate(text, ctx), ctx };
  }

  /** `print [/F] EXPR`: records the value in the history. */
  evaluateForPrint(text: string, format?: string): { history: number; text: string };
  evaluateForPrint(text: string, format: string | undefined, skipVoid: true): { history: number; text: string } | undefined;
  evaluateForPrint(text: string, format?: string, skipVoid = false): { history: number; text: string } | undefined {
    if (text.trim() === '') {
      const last = this.store.history(this.store.historyLength());
      if (!last) throw new UserError('The history is empty.');
      text = '$';
    }
    // gdb refuses "i" before evaluating; other unknown letters only when formatting, after recording.
    if (format === 'i') expr.checkPrintFormat(format);
    const { value, ctx } = this.evaluate(text);
    if (skipVoid && resolve(value.type).kind === 'void') return undefined;
    const fixed = expr.fetch(value, ctx);
    // gdb records the value before formatting it, and shows its number when formatting fails.
    const history = this.store.record(fixed);
    try {
      return { history, text: expr.formatValue(fixed, ctx, this.printing.options({ format, topLevel: true })) };
    } catch (e) {
      if (e instanceof expr.EvalError) throw new UserError(e.message, `$${history} = `);
      throw e;
    }
  }

  /** `printf "FORMAT", ARGS...`: the text to write (arguments evaluated before the count is checked, as gdb). */
  printf(args: string): string {
    const { pieces, args: texts } = expr.parsePrintf(args);
    const values = texts.map((t) => this.evaluate(t).value);
    try {
      return expr.formatPrintf(pieces, values, this.selectedContext());
    } catch (e) {
      if (e instanceof expr.PrintfError) throw new UserError(e.message, e.partial);
      throw e;
    }
  }

  /** `output EXPR`: the value without history. */
  evaluateText(text: string, format?: string): string {
    const { value, ctx } = this.evaluate(text);
    return expr.formatValue(expr.fetch(value, ctx), ctx, this.printing.options({ format, topLevel: true }));
  }

  protected evaluateAddress(text: string): bigint {
    const { value, ctx } = this.evaluate(text);
    return expr.toAddress(value, ctx);
  }

  protected evaluateCondition(text: string): boolean {
    const ctx = this.context(this.stack()[0]);
    return expr.isTrue(expr.evaluate(text, ctx), ctx);
  }

  /** `set var EXPR` (an assignment). */
  assign(text: string): void {
    this.evaluate(text);
    this.frames = undefined;
  }

  /** ptype (`expand`) or whatis of a type name or an expression, which is not run: its calls
   * are not made. */
  typeOf(text: string, expand: boolean): string {
    const { type, bare } = this.typeFound(text);
    if (expand) return expr.typeDefinition(type);
    // gdb's whatis of a typedef's name shows what it stands for, one level down.
    return expr.typeName(bare && type.kind === 'typedef' ? type.target : type);
  }

  /** `ptype/o`: the whole text, structs laid out with their members' offsets and sizes. */
  typeLayout(text: string): string {
    return expr.typeLayout(this.typeFound(text).type);
  }

  private typeFound(text: string): { type: Type; bare: boolean } {
    if (text.trim() === '') {
      // gdb's whatis and ptype alone show the last value's type.
      if (this.store.historyLength() === 0) throw new UserError('The history is empty.');
      text = '$';
    }
    const named = this.program?.lookupType(text.trim());
    const calls = this.calls;
    this.calls = { results: [], next: 0, typesOnly: true };
    let found: { type: Type; bare: boolean };
    try {
      found = named ? { type: named, bare: true } : expr.typeOfText(text, this.selectedContext());
    } finally {
      this.calls = calls;
    }
    return found;
  }

  readonly settings = defaultSettings();

  /** Settings rdb accepts (`set confirm off`...); false if `word` is not one. */
  setSetting(word: string, value: string): boolean {
    if (word === 'print' || word === 'p' || word === 'pr') this.printing.set(value);
    const known = applySetting(this.settings, word, value);
    this.lister.size = this.settings.listsize;
    return known;
  }

  protected returnValue(fn: FunctionSymbol): { history: number; text: string } | undefined {
    const type = fn.returnType;
    if (!type || resolve(type).kind === 'void' || !this.live()) return undefined;
    const regs = this.proc!.regs();
    const ctx = this.context(this.stack()[0]);
    const place = returnPlace(type, { rax: regs.rax, rdx: regs.rdx, xstate: this.proc!.xstate() });
    const value: Value = place.kind === 'memory'
      ? locationToValue({ kind: 'memory', address: regs.rax }, type)
      : { type, lval: null, bytes: place.bytes };
    const fixed = expr.fetch(value, ctx);
    const text = expr.formatValue(fixed, ctx, this.printing.options({ topLevel: true }));
    return { history: this.store.record(fixed), text };
  }

  // ---- variables, registers, frames ----

  private vars(which: 'locals' | 'args', level = this.selected): Array<{ name: string; value: string }> {
    const frames = this.stack();
    if (frames.length === 0) throw new UserError('No frame selected.');
    const frame = frames[level];
    const ctx = this.context(frame);
    const program = this.program!;
    const pc = frame.lookupPc;
    const list = which === 'args'
      ? (frame.fn ? program.parametersOf(frame.fn) : [])
      : program.variablesAt(pc, frame.fn).filter((v) => !v.isParameter);
    if (!frame.fn?.def.fromDebugInfo) throw new UserError('No symbol table info available.');
    // gdb prints these like values inside a structure: no `(type *)` before pointers.
    return list.map((v) => ({ name: v.name, value: this.safeFormat(() => expr.fetch(ctx.variableValue(v), ctx), ctx, this.printing.options({ topLevel: false }), v.name) }));
  }

  locals(level?: number): Array<{ name: string; value: string }> { return this.vars('locals', level); }
  args(): Array<{ name: string; value: string }> { return this.vars('args'); }

  /** `info registers [NAMES]`, or with `all` gdb's `info all-registers`. */
  registers(names?: string[], all = false): Array<{ name: string; raw: string; natural: string }> {
    if (!this.live()) throw new UserError('The program has no registers now.');
    const frame = this.stack()[this.selected];
    const ctx = this.context(frame);
    const out: Array<{ name: string; raw: string; natural: string }> = [];
    for (const name of names ?? (all ? [...infoRegisterOrder, ...allRegisterNames(this.proc!.xstate())] : infoRegisterOrder)) {
      const r = readRegister(name, frame.regs);
      if (!r) {
        const wide = wideRegisterRow(name, this.proc!.xstate(), (v, format) => expr.formatValue({ ...v, lval: null }, ctx, { format }));
        if (wide) out.push({ name, ...wide });
        else if (names) throw new UserError(`Invalid register \`${name}'`);
        continue;
      }
      const u = BigInt.asUintN(r.type.kind === 'base' ? r.type.size * 8 : 64, r.value);
      const raw = `0x${u.toString(16)}`;
      let natural: string;
      if (name === 'eflags') natural = formatEflags(r.value);
      else if (r.type.kind === 'pointer') {
        const sym = name === 'rip' || name === 'pc' ? ctx.symbolize(r.value) : undefined;
        natural = sym ? `${raw} <${sym}>` : raw;
      } else natural = r.value.toString();
      out.push({ name, raw, natural });
    }
    if (!names && !all) {
      const k = opmaskRegisters(this.proc!.xstate());
      if (k) k.forEach((v, i) => out.push({ name: `k${i}`, raw: `0x${v.toString(16)}`, natural: v.toString() }));
    }
    return out;
  }

  // ---- memory, displays, source ----

  examine(format: string, text: string): string[] {
    const ctx = this.selectedContext();
    const o = this.printing.options();
    const limits = { printMax: o.printMax ?? 200, repeatThreshold: o.repeatThreshold ?? 10 };
    return examineMemory(format, text, ctx, this.store, this.live() ? this.stack()[this.selected]?.pc : undefined, limits);
  }

  /** Whether an expression names a local variable or parameter of the frame. */
  protected usesLocals(text: string, frame: Frame): boolean {
    const locals = new Set(this.program!.variablesAt(frame.lookupPc, frame.fn).map((v) => v.name));
    return (text.match(/[A-Za-z_]\w*/g) ?? []).some((id) => locals.has(id));
  }

  /** `disassemble [FUNCTION|ADDRESS]`: the whole function, gdb's dump layout. */
  disassembleFunction(args: string): string[] {
    const program = this.program;
    if (!program) throw new UserError('No symbol table is loaded.  Use the "file" command.');
    const frame = this.live() ? this.stack()[this.selected] : undefined;
    let at: bigint;
    if (args.trim() === '') {
      if (!frame) throw new UserError('No frame selected.');
      at = frame.lookupPc;
    } else {
      at = this.evaluateAddress(args);
    }
    const fn = program.functionAt(at);
    if (!fn) throw new UserError(`No function contains specified address.`);
    const ctx = this.selectedContext();
    return functionDump(fn, ctx.readMemory(fn.low, Number(fn.high - fn.low)), frame?.pc, (a) => ctx.symbolize(a));
  }

  addDisplay(text: string, format: string): string | undefined {
    let scope: Display['scope'];
    if (this.live()) {
      this.evaluate(text); // an expression that does not evaluate here makes no display
      const frame = this.stack()[this.selected];
      if (this.usesLocals(text, frame) && frame.fn) scope = { low: frame.fn.low, high: frame.fn.high };
    } else {
      // Without a process gdb still parses the expression, which looks its names up.
      try {
        this.evaluate(text);
      } catch (e) {
        if (/^No symbol "/.test((e as Error).message)) throw e;
      }
    }
    const d: Display = { number: this.nextDisplay++, expression: text, format, enabled: true, scope };
    this.displays.push(d);
    return this.live() ? this.showDisplay(d) : undefined;
  }

  private showDisplay(d: Display): string {
    const x = examineStyle(d.format);
    if (x) {
      // gdb shows displays with a count, a size, or formats i and s the way `x` does.
      let lines: string[];
      try {
        lines = this.examine(d.format, d.expression);
      } catch (e) {
        lines = [`<error: ${(e as Error).message}>`];
      }
      return [`${d.number}: x/${d.format} ${d.expression}`, ...lines].join('\n');
    }
    const fmt = d.format ? `/${d.format} ` : '';
    try {
      const { value, ctx } = this.evaluate(d.expression);
      // Fetched whole first, as gdb does: an unreadable struct is one error, not one per member.
      return `${d.number}: ${fmt}${d.expression} = ${expr.formatValue(expr.fetch(value, ctx), ctx, this.printing.options({ format: d.format || undefined, topLevel: true }))}`;
    } catch (e) {
      return `${d.number}: ${fmt}${d.expression} = <error: ${(e as Error).message}>`;
    }
  }

  displayValues(): string[] {
    if (!this.live()) return [];
    const pc = this.stack()[this.selected]?.pc;
    const inScope = (d: Display): boolean => !d.scope || (pc !== undefined && pc >= d.scope.low && pc < d.scope.high);
    return this.displays.filter((d) => d.enabled && inScope(d)).map((d) => this.showDisplay(d));
  }

  displayList(): string[] {
    if (this.displays.length === 0) return ['There are no auto-display expressions now.'];
    const pc = this.live() ? this.stack()[this.selected]?.lookupPc : undefined;
    const outside = (d: Display): boolean => d.scope !== undefined && (pc === undefined || pc < d.scope.low || pc >= d.scope.high);
    return ['Auto-display expressions now in effect:', 'Num Enb Expression',
      ...this.displays.map((d) => `${d.number}:   ${d.enabled ? 'y' : 'n'}  ${d.format ? `/${examineStyle(d.format) ?? d.format} ` : ''}${d.expression}${outside(d) ? ' (cannot be evaluated in the current context)' : ''}`)];
  }

  undisplay(numbers?: number[]): void {
    if (!numbers) { this.displays = []; return; }
    for (const n of numbers) {
      if (!this.displays.some((d) => d.number === n)) { this.notify(`No display number ${n}.`); continue; }
      this.displays = this.displays.filter((d) => d.number !== n);
    }
  }

  enableDisplays(numbers: number[], on: boolean): void {
    for (const d of this.displays) if (numbers.length === 0 || numbers.includes(d.number)) d.enabled = on;
  }

  sourceLine(file: string, line: number): ReturnType<SourceCache['stopLine']> { return this.source.stopLine(file, line); }

  noteSourcePosition(file: string | undefined, line: number | undefined): void { this.lister.center(file, line); }

  protected defaultSourceFile(): string | undefined {
    const f = this.stack()[this.selected];
    if (f) {
      const row = this.program!.rowAt(f.lookupPc);
      if (row) return row.file;
    }
    return this.program?.mainSourceFile();
  }

  /** `list`, `list N`, `list FUNC`, `list FILE:N`, `list -`. */
  list(args: string): string[] {
    if (!this.program) throw new UserError('No symbol table is loaded.  Use the "file" command.');
    return listLines(this.program, this.lister, args, this.defaultSourceFile(), (t) => this.evaluateAddress(t));
  }


  infoLine(args: string): string {
    const program = this.program;
    if (!program) throw new UserError('No symbol table is loaded.  Use the "file" command.');
    const sym = (a: bigint) => { const s = program.symbolize(a); return s ? ` <${s}>` : ''; };
    let addr = args.startsWith('*') ? this.evaluateAddress(args.slice(1)) : undefined;
    // Without an argument gdb describes a line, not the pc: the stop line or the last listing's first.
    const shown = args === '' ? this.lister.current() : undefined;
    if (args === '' && !shown) throw new UserError('No line number information available.');
    const m = shown ? [args, undefined, String(shown.line)] : /^(?:(.+):)?(\d+)$/.exec(args);
    if (m) {
      const file = shown ? shown.file : m[1] ? program.findSourceFile(m[1]) : this.defaultSourceFile();
      if (!file) throw new UserError(`No source file named ${m[1]}.`);
      const line = parseInt(m[2]!, 10);
      const ranges = program.lineRanges(file, line);
      if (ranges.length === 0) {
        let next: bigint | undefined;
        for (let l = line + 1; l <= line + 1000 && next === undefined; l++) next = program.lineRanges(file, l)[0]?.[0];
        if (next === undefined) return `Line number ${line} is out of range for "${program.displayName(file)}".`; // gdb prints it, not an error
        return `Line ${line} of "${program.displayName(file)}" is at address 0x${next.toString(16)}${sym(next)} but contains no code.`;
      }
      addr = ranges[0][0];
    } else if (addr === undefined) {
      const fm = /^(?:(.+):)?([A-Za-z_]\w*)$/.exec(args);
      const file = fm?.[1] ? program.findSourceFile(fm[1]) : undefined;
      if (fm?.[1] && !file) throw new UserError(`No source file named ${fm[1]}.`);
      const fns = program.functionsByName(fm ? fm[2] : args, file);
      if (fns.length === 0) throw new UserError(fm?.[1] ? `Function "${fm[2]}" not defined in "${fm[1]}".` : `Function "${args}" not defined.`);
      // A function only ever inlined: a line for each of its copies (gdb).
      if (fns.every((f) => f.def.inlined)) return fns.map((f) => this.lineAt(f.low)).join('\n');
      addr = fns[0].low;
    }
    if (addr === undefined) throw new UserError('No line number information available.');
    return this.lineAt(addr);
  }

  /** `info line`'s sentence for the line holding `addr`. */
  private lineAt(addr: bigint): string {
    const program = this.program!;
    const sym = (a: bigint) => { const s = program.symbolize(a); return s ? ` <${s}>` : ''; };
    const row = program.rowAt(addr);
    if (!row) return `No line number information available for address 0x${addr.toString(16)}${sym(addr)}`;
    return `Line ${row.line} of "${program.displayName(row.file)}" starts at address 0x${row.start.toString(16)}${sym(row.start)} and ends at 0x${row.end.toString(16)}${sym(row.end)}.`;
  }

  /** Libraries' link-map names, kept for after the program is gone (gdb keeps its objfiles). */
  private readonly objfileNames = new Map<string, string>();

  /** `info symbol ADDR`: the minimal symbol, its section and, once there are several, its file. */
  infoSymbol(args: string): string {
    const addr = this.evaluateAddress(args);
    const program = this.program!;
    const lm = program.moduleAt(addr);
    const s = lm?.module.elfSymbolize(addr - lm.bias);
    if (!lm || !s) return `No symbol matches ${args}.`;
    const m = /^(.*?)(?:\+(\d+))?$/.exec(s)!;
    const section = lm.module.sectionAt(addr - lm.bias) ?? '.text';
    const file = program.modules().length > 1 ? ` of ${this.objfileName(lm.path, lm.bias)}` : '';
    return `${m[1]}${m[2] ? ` + ${m[2]}` : ''} in section ${section}${file}`;
  }

  /** A loaded file's name as gdb has it (see linkMapName), kept for after the program is gone. */
  private objfileName(file: string, bias: bigint): string {
    const program = this.program!;
    if (file === program.main.path) return path.resolve(file);
    if (!this.live()) return this.objfileNames.get(file) ?? file;
    const name = linkMapName(program, bias, (a, n) => this.proc!.readMemory(a, n));
    if (name) this.objfileNames.set(file, name);
    return name ?? file;
  }

  infoSource(): string[] {
    return sourceInfo(this.program!, this.defaultSourceFile(), this.source);
  }

}

function libraryOf(program: Program, pc: bigint, read: (address: bigint, length: number) => Buffer): string | undefined {
  const lm = program.moduleAt(pc);
  return lm && lm !== program.main ? loadedObjectName(program, lm, read) : undefined;
}
