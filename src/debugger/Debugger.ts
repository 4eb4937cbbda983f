// The facade both front ends use: one program, its process, breakpoints and stepping.
// It reports stops as data (events.ts); inspection lives in Inspector.ts.
import * as fs from 'fs';
import * as path from 'path';
import { Process } from '../target/Process';
import { readMaps } from '../target/maps';
import { Program, type FunctionSymbol } from '../symbols/Program';
import { BreakpointTable, parseLocationSpec, splitCondition, type Breakpoint, type BreakpointLocation, type WatchKind } from './breakpoints';
import { UserError, type FrameDescription, type ResumeResult, type Stop, type StopReason, type LocationStyle } from './events';
import { Runner, type CodeMap, type Halt } from './execution';
import * as expr from '../expr';
import { inlineEntriesAt } from './frames';
import { CallNeeded } from './evalContext';
import { callInferior } from './inferiorCall';
import type { Value } from '../expr/context';
import { inferiorEnvironment, inferiorExecPath } from './inferiorEnv';
import { Inspector } from './Inspector';
import { signalDescription, signalName } from './signals';

/** C keywords and type words a condition may contain besides symbols. */
const C_WORDS = new Set(['sizeof', 'struct', 'union', 'enum', 'unsigned', 'signed', 'int', 'char', 'short', 'long', 'float',
  'double', 'void', 'const', 'volatile', '_Bool']);

export class Debugger extends Inspector {
  private programFile?: string;
  private programArguments: string[] = [];
  private runner?: Runner;
  private interruptRequested = false;
  /** The breakpoint number of the last stop, for `continue N`. */
  private lastBreakpoint?: number;

  /** Loads a program; returns a warning to show (e.g. no debugging symbols), if any. */
  load(file: string, args: string[] = []): string | undefined {
    // gdb's absolute form for messages: the working directory joined as is, not normalised.
    const resolved = path.isAbsolute(file) ? file : `${process.cwd()}/${file}`;
    if (!fs.existsSync(resolved)) throw new UserError(`${file}: No such file or directory.`);
    if (fs.statSync(resolved).isDirectory()) throw new UserError(`${file}: Is a directory.`);
    let program: Program;
    try {
      program = Program.open(resolved);
    } catch (e) {
      throw new UserError(`"${resolved}": not in executable format: file format not recognized`);
    }
    // A file cut short (segments past its end) is not an executable gdb would load either.
    const size = fs.statSync(resolved).size;
    if (program.main.module.info.segments.some((seg) => seg.type === 1 && seg.offset + seg.filesz > BigInt(size))) {
      program.close();
      throw new UserError(`"${resolved}": not in executable format: file format not recognized`);
    }
    const machine = program.machine;
    if (machine !== 62) {
      program.close();
      throw new UserError(`"${resolved}": not in executable format: not an x86-64 program (ELF machine ${machine}); rdb debugs x86-64 Linux programs`);
    }
    this.program = program;
    this.programFile = inferiorExecPath(resolved);
    this.programArguments = args;
    return program.hasDebugInfo ? undefined : `(No debugging symbols found in ${file})`;
  }

  programPath(): string | undefined { return this.programFile; }

  programArgs(): string[] { return this.programArguments; }

  pid(): number | undefined { return this.proc?.state === 'stopped' || this.proc?.state === 'running' ? this.proc.pid : undefined; }

  private requireProgram(): Program {
    if (!this.program) throw new UserError('No executable file specified.\nUse the "file" or "exec-file" command.');
    return this.program;
  }

  private requireRunner(): Runner {
    if (!this.proc || !this.runner || this.proc.state !== 'stopped') throw new UserError('The program is not being run.');
    return this.runner;
  }

  /** Starts (or restarts) the program and runs to the first stop. */
  async run(): Promise<ResumeResult> {
    const program = this.requireProgram();
    if (this.proc && this.proc.state !== 'exited') await this.proc.kill();
    const proc = await Process.spawn(this.programFile!, this.programArguments, {
      env: inferiorEnvironment(process.env), cwd: process.cwd(), disableAslr: true,
    });
    this.proc = proc;
    proc.onFork = (child) => this.notify(`[Detaching after fork from child process ${child}]`);
    this.refreshModules();
    // The dynamic linker calls _dl_debug_state after each change to the library list.
    this.solibEvent = this.program!.functionsByName('_dl_debug_state')[0]?.low;
    this.runner = new Runner(proc, this.codeMap(), {
      breakpointsHit: (pc) => this.breakpointsHit(pc),
      watchpointHit: (slot) => this.watchpointHit(slot),
      interrupted: () => this.interruptRequested,
    });
    for (const bp of this.bps.all()) if (bp.type === 'breakpoint') this.resolveBreakpoint(bp, program);
    this.syncBreakpoints();
    return this.resume((r) => r.cont());
  }

  /** Maps the executable and shared libraries at their load addresses. */
  private refreshModules(): void {
    if (!this.proc || !this.program) return;
    this.program.updateModules(readMaps(this.proc.pid));
  }

  private inserted = new Set<bigint>();
  private solibEvent?: bigint;

  /** Libraries were loaded or unloaded: map them, and move breakpoints that wait on a PLT stub
   * to the library function they name. */
  private librariesChanged(): void {
    this.refreshModules();
    const program = this.program!;
    for (const bp of this.bps.all()) {
      if (bp.type !== 'breakpoint' || bp.locations.length === 0) continue;
      const spec = parseLocationSpec(bp.spec);
      if (bp.locations.every((l) => l.trampoline) || (spec.kind === 'function' && !spec.file)) this.resolveBreakpoint(bp, program);
    }
    this.syncBreakpoints();
  }

  /** Makes the inserted software breakpoints match the enabled user breakpoints. */
  private syncBreakpoints(): void {
    if (!this.proc || this.proc.state !== 'stopped') return;
    const want = this.bps.addresses();
    if (this.solibEvent !== undefined) want.add(this.solibEvent);
    for (const bp of this.bps.all()) if (bp.type === 'watchpoint' && bp.enabled && bp.watch?.scopePc !== undefined) want.add(bp.watch.scopePc);
    for (const a of this.inserted) if (!want.has(a)) this.proc.removeBreakpoint(a);
    for (const a of want) if (!this.inserted.has(a)) {
      try { this.proc.insertBreakpoint(a); } catch { continue; }
    }
    this.inserted = new Set([...want].filter((a) => this.inserted.has(a) || this.proc!.hasBreakpoint(a)));
  }

  async kill(): Promise<number> {
    if (!this.proc || this.proc.state === 'exited') throw new UserError('The program is not being run.');
    const pid = this.proc.pid;
    await this.proc.kill();
    this.afterExit();
    return pid;
  }

  private afterExit(): void {
    this.frames = undefined;
    this.solibEvent = undefined;
    this.inserted.clear();
    this.runner = undefined;
  }

  /** Interrupts a running program (Ctrl-C); false if nothing is running. */
  interrupt(): boolean {
    if (!this.proc || this.proc.state !== 'running') return false;
    this.interruptRequested = true;
    this.proc.interrupt();
    return true;
  }

  /** Kills the program and frees everything; safe to call twice. */
  async dispose(): Promise<void> {
    if (this.proc && this.proc.state !== 'exited') await this.proc.kill().catch(() => undefined);
    this.afterExit();
  }

  async cont(): Promise<ResumeResult> {
    this.requireRunner();
    return this.resume((r) => r.cont());
  }

  /** `continue N`: sets the ignore count of the breakpoint we are stopped at; returns its number. */
  setIgnoreOfCurrentBreakpoint(ignore: number): number | undefined {
    this.requireRunner();
    if (this.lastBreakpoint === undefined || !this.bps.has(this.lastBreakpoint)) return undefined;
    this.bps.get(this.lastBreakpoint).ignoreCount = ignore;
    return this.lastBreakpoint;
  }

  async step(kind: 'step' | 'next' | 'stepi' | 'nexti' | 'until', count: number): Promise<ResumeResult> {
    this.requireRunner();
    let result: ResumeResult | undefined;
    for (let i = 0; i < count; i++) {
      const frame0 = this.stack()[0];
      const startFn = frame0?.fn?.name;
      const startCfa = this.currentCfa();
      if (kind === 'step' && this.inlineSkip > 0) {
        // Stopped at an inlined call's entry, shown at its call site: `step` enters it in place.
        this.inlineSkip--;
        this.frames = undefined;
        result = { kind: 'stopped', stop: { reason: { kind: 'step' }, frame: this.describeFrame(this.stack()[0]), style: 'source-and-location' } };
        continue;
      }
      if ((kind === 'step' || kind === 'next') && startFn !== undefined && !this.program!.rowAt(frame0.pc)) {
        this.notify(`Single stepping until exit from function ${startFn},\nwhich has no line number information.`);
      }
      const shown = frame0 && this.describeFrame(frame0);
      const start = {
        depth: this.program!.inlinedAt(this.proc!.regs().rip).length - this.inlineSkip,
        line: shown?.path !== undefined && shown.line !== undefined ? { file: shown.path, line: shown.line } : undefined,
      };
      result = await this.resume(async (r) => {
        if (kind === 'stepi') return r.stepInstruction();
        if (kind === 'nexti') return r.nextInstruction();
        return r.stepLine(kind, () => this.callerOfInnermost(), start);
      }, { startFunction: startFn, startCfa });
      if (result.kind !== 'stopped' || result.stop.reason.kind !== 'step') break;
    }
    return result!;
  }

  /** Evaluates with program function calls allowed: each call the evaluation reaches is made
   * (the program runs), then the evaluation starts again with the results known. */
  async withCalls<T>(evaluate: () => T): Promise<T> {
    const state = { results: [] as Value[], next: 0 };
    for (let round = 0; ; round++) {
      state.next = 0;
      this.calls = this.live() ? state : undefined;
      try {
        return evaluate();
      } catch (e) {
        if (!(e instanceof CallNeeded) || round > 64) throw e;
        this.calls = undefined;
        const program = this.program!;
        const entry = program.main.bias + program.main.module.info.entry;
        const name = program.functionAt(e.address)?.name ?? `at 0x${e.address.toString(16)}`;
        state.results.push(await callInferior(this.proc!, this.requireRunner(), entry, e.address, e.type, e.args, name));
        this.frames = undefined;
      } finally {
        this.calls = undefined;
      }
    }
  }

  /** The frame `finish` would leave (checked the way gdb checks it). */
  finishFrame(): FrameDescription {
    this.requireRunner();
    const frames = this.stack();
    const sel = this.selectedLevel();
    if (sel + 1 >= frames.length || frames[sel].cfa === undefined) throw new UserError('"finish" not meaningful in the outermost frame.');
    return this.describeFrame(frames[sel]);
  }

  async finish(): Promise<ResumeResult> {
    const from = this.finishFrame();
    const frames = this.stack();
    const sel = this.selectedLevel();
    const inlined = frames[sel];
    if (inlined.inline && inlined.fn) {
      // An inlined call has no return to wait for: step until its code is left (gdb).
      const ranges = inlined.fn.ranges;
      return this.resume((r) => r.stepOut(ranges));
    }
    const frame = frames[sel];
    const caller = frames[sel + 1];
    const fn = frame.fn;
    const result = await this.resume((r) => r.runTo(caller.pc, frame.cfa! - 8n));
    if (result.kind === 'stopped' && result.stop.reason.kind === 'step') {
      const returnValue = fn ? this.returnValue(fn) : undefined;
      result.stop.reason = { kind: 'finish', from, returnValue };
      result.stop.style = 'source-and-location';
    }
    return result;
  }

  /** `until LOCATION` / `advance LOCATION`: run to the location or until the frame returns. */
  async runTo(spec: string, _kind: 'until' | 'advance'): Promise<ResumeResult> {
    this.requireRunner();
    const locations = this.resolveSpec(spec, this.requireProgram(), false);
    const frames = this.stack();
    const frame = frames[this.selectedLevel()];
    // Also stop where the frame returns, even past main (where backtraces end).
    const callerPc = frames[this.selectedLevel() + 1]?.pc
      ?? this.program!.unwind(frame.regs.dwarf, (a, n) => this.proc!.readMemory(a, n), frame.isCaller)?.regs.get(16);
    const caller = callerPc !== undefined ? { pc: callerPc } : undefined;
    const targets = new Set(locations.map((l) => l.address));
    if (caller && frame.cfa !== undefined) targets.add(caller.pc);
    const proc = this.proc!;
    for (const t of targets) proc.insertBreakpoint(t);
    try {
      return await this.resume((r) => r.cont((pc) => targets.has(pc) && (pc !== caller?.pc || frame.cfa === undefined || proc.regs().rsp >= frame.cfa)),
        { startFunction: undefined });
    } finally {
      if (proc.state === 'stopped') for (const t of targets) proc.removeBreakpoint(t);
    }
  }

  /** Runs one engine operation and turns its halt into a front-end result. */
  private async resume(op: (r: Runner) => Promise<Halt>, step?: { startFunction?: string; startCfa?: bigint }): Promise<ResumeResult> {
    const runner = this.runner!;
    const proc = this.proc!;
    this.frames = undefined;
    this.interruptRequested = false;
    this.lastBreakpoint = undefined;
    this.refreshWatchValues();
    const halt = await op(runner);
    this.frames = undefined;
    this.selectFrameLevel(0);
    if (proc.state === 'stopped') {
      // gdb shows a stop at an inlined call's first instruction at the call site, unless a
      // breakpoint set on the inlined function itself stopped it.
      const pc = proc.regs().rip;
      const onInlined = halt.kind === 'breakpoint' && halt.numbers.some((n) => this.bps.has(n)
        && this.bps.get(n).locations.some((l) => l.address === pc && l.inlined));
      if (halt.kind === 'step-done' && halt.inlineSkip !== undefined) this.inlineSkip = halt.inlineSkip;
      else this.inlineSkip = onInlined ? 0 : inlineEntriesAt(this.program!, pc);
    }
    if (halt.kind === 'exited' || halt.kind === 'killed') {
      this.afterExit();
      this.deleteScopedWatchpoints();
      // gdb's $_exitcode / $_exitsignal convenience variables.
      const int = expr.builtinType('int')!;
      if (halt.kind === 'exited') {
        this.store.setConvenience('_exitcode', expr.makeInt(int, BigInt(halt.code)));
        return { kind: 'exited', exit: { kind: 'exited', pid: proc.pid, code: halt.code } };
      }
      this.store.setConvenience('_exitsignal', expr.makeInt(int, BigInt(halt.signo)));
      return { kind: 'exited', exit: { kind: 'killed', pid: proc.pid, signal: signalName(halt.signo), description: signalDescription(halt.signo) } };
    }
    this.refreshModules();
    let reason: StopReason = { kind: 'step' };
    let style: LocationStyle = 'source-and-location';
    switch (halt.kind) {
      case 'breakpoint': {
        const n = Math.min(...halt.numbers);
        const bp = this.bps.get(n);
        if (bp.type === 'watchpoint') {
          reason = { kind: 'watchpoint-scope', number: n };
          this.deleteBreakpoints([n]);
          break;
        }
        const at = proc.regs().rip;
        const location = bp.locations.length > 1 ? bp.locations.findIndex((l) => l.address === at) + 1 : 0;
        reason = { kind: 'breakpoint', number: n, temporary: bp.temporary, location: location || undefined };
        this.lastBreakpoint = n;
        for (const k of halt.numbers) if (this.bps.has(k) && this.bps.get(k).temporary) this.bps.delete(k);
        this.syncBreakpoints();
        break;
      }
      case 'watchpoint':
        reason = this.watchpointReason(halt.number);
        break;
      case 'signal':
        reason = halt.signo === 2 && this.interruptRequested
          ? { kind: 'interrupted' }
          : { kind: 'signal', name: signalName(halt.signo), description: signalDescription(halt.signo) };
        if (halt.signo === 2 && this.interruptRequested) runner.pendingSignal = 0;
        break;
      case 'step-done': case 'internal': {
        const fn = this.stack()[0]?.fn?.name;
        const cfa = this.currentCfa();
        const stepCfa = (halt.kind === 'step-done' ? halt.stepCfa : undefined) ?? step?.startCfa;
        if (step && step.startFunction !== undefined && fn === step.startFunction && (stepCfa === undefined || cfa === stepCfa)) style = 'source-line';
        break;
      }
    }
    const stop: Stop = { reason, frame: this.describeFrame(this.stack()[0]), style };
    return { kind: 'stopped', stop };
  }

  private codeMap(): CodeMap {
    const program = this.program!;
    return {
      rowAt: (pc) => program.rowAt(pc),
      functionAt: (pc) => {
        const f = program.functionAt(pc);
        if (!f) return undefined;
        // PLT stubs, and the dynamic linker's lazy-binding entry they lead through on a first call.
        const trampoline = f.def.trampoline === true || f.name.startsWith('_dl_runtime_resolve');
        return { name: f.name, low: f.low, high: f.high, hasLines: program.rowAt(f.low) !== undefined, trampoline };
      },
      stepTarget: (fn) => this.postPrologue(fn.low) ?? fn.low,
      inlineChain: (pc) => program.inlinedAt(pc).map((c) => ({ low: c.fn.low, callFile: c.callFile, callLine: c.callLine })),
    };
  }

  /** gdb's post-prologue address of the function starting at `low`. */
  private postPrologue(low: bigint): bigint | undefined {
    const program = this.program!;
    const fn = program.functionAt(low);
    if (!fn) return undefined;
    return program.prologueEnd(fn, (a, n) => this.readCode(a, n));
  }

  private readCode(address: bigint, length: number): Buffer {
    if (this.proc && this.proc.state === 'stopped') return this.proc.readMemory(address, length);
    return this.program!.readFileImage(address, length);
  }

  /** The CFA of the innermost frame. */
  private currentCfa(): bigint | undefined {
    return this.stack()[0]?.cfa;
  }

  /** The innermost frame's return address and CFA, for leaving code without line info. */
  private callerOfInnermost(): { pc: bigint; cfa: bigint } | undefined {
    this.frames = undefined;
    const frames = this.stack(2);
    if (frames.length < 2 || frames[0].cfa === undefined) return undefined;
    return { pc: frames[1].pc, cfa: frames[0].cfa };
  }

  // ---- breakpoints ----

  /** `break SPEC [if COND]` / `tbreak`. */
  setBreakpoint(text: string, temporary: boolean): Breakpoint {
    if (!this.program) throw new UserError('No symbol table is loaded.  Use the "file" command.\nMake breakpoint pending on future shared library load? (y or [n]) [answered N; input not from terminal]');
    const program = this.program;
    const { spec, condition } = splitCondition(text);
    const specText = spec === '' ? this.defaultSpec() : spec;
    const locations = this.resolveSpec(specText, program);
    if (condition) this.checkCondition(condition, locations[0]?.address);
    const bp = this.bps.add({ type: 'breakpoint', spec: specText, temporary, condition, locations });
    this.markConditionScope(bp);
    this.syncBreakpoints();
    return bp;
  }

  /** Locations of a breakpoint where its condition names no known symbol (gdb disables those). */
  private markConditionScope(bp: Breakpoint): void {
    if (!bp.condition || bp.locations.length < 2) return;
    const program = this.program!;
    const text = bp.condition.replace(/"(\\.|[^"\\])*"|'(\\.|[^'\\])*'/g, ' ');
    const names = [...text.matchAll(/(^|[^.\w$>])([A-Za-z_]\w*)/g)].map((m) => m[2]).filter((n) => !C_WORDS.has(n));
    for (const l of bp.locations) {
      const locals = new Set(program.variablesAt(l.address).map((v) => v.name));
      l.conditionInvalid = names.some((n) => !locals.has(n) && !program.globalVariable(n, l.address) && !program.enumerator(n, l.address)
        && !program.functionByName(n) && !program.lookupType(n));
    }
  }

  private defaultSpec(): string {
    const f = this.stack()[this.selectedLevel()];
    if (!f) throw new UserError('No default breakpoint address now.');
    return `*0x${f.pc.toString(16)}`;
  }

  private resolveBreakpoint(bp: Breakpoint, program: Program): void {
    try {
      bp.locations = this.resolveSpec(bp.spec, program);
    } catch {
      bp.locations = [];
    }
    this.markConditionScope(bp);
  }

  /** Resolves a location spec to code addresses (gdb's messages for what does not resolve). */
  resolveSpec(specText: string, program: Program, breakpoint = true): BreakpointLocation[] {
    const spec = parseLocationSpec(specText);
    // `break` offers a pending breakpoint (answered no in batch); until/advance just fail.
    const pending = breakpoint ? '\nMake breakpoint pending on future shared library load? (y or [n]) [answered N; input not from terminal]' : '';
    switch (spec.kind) {
      case 'here': {
        const f = this.stack()[this.selectedLevel()];
        if (!f) throw new UserError('No default breakpoint address now.');
        return [this.locationAt(f.pc)];
      }
      case 'address': {
        const addr = this.evaluateAddress(spec.expression);
        return [this.locationAt(addr)];
      }
      case 'line': {
        const file = spec.file ?? this.defaultSourceFile();
        const locs = program.lineBreakpoints(file, spec.line);
        if (locs.length === 0) {
          if (spec.file && !program.hasSourceFile(spec.file)) throw new UserError(`No source file named ${spec.file}.${pending}`);
          throw new UserError(`No line ${spec.line} in ${spec.file ? `file "${spec.file}"` : 'the current file'}.${pending}`);
        }
        return locs.map((l) => ({ address: l.address, file: program.displayName(l.file), line: l.line, function: program.functionAt(l.address)?.name }));
      }
      case 'function': {
        // Once libraries are loaded, a name is looked up in all of them (gdb's re-set does so).
        const everywhere = !spec.file && program.modules().length > 1;
        let fns = (everywhere ? program.functionsByNameEverywhere(spec.name) : program.functionsByName(spec.name, spec.file)).filter((f) => !f.def.trampoline);
        // A library function before the library is loaded: its PLT stub, until the load (gdb).
        if (fns.length === 0 && !spec.file) fns = program.functionsByName(`${spec.name}@plt`);
        if (fns.length === 0) throw new UserError(`Function "${spec.name}" not defined${spec.file ? ` in "${spec.file}"` : ''}.${pending}`);
        // gdb keeps a breakpoint's locations in address order.
        return fns.map((fn) => this.locationAt(fn.def.trampoline ? fn.low : program.prologueEnd(fn, (a, n) => this.readCode(a, n)) ?? fn.low, fn))
          .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
      }
    }
  }

  /** A breakpoint location at address; `named` is the function a breakpoint on a function is in
   * (gdb names that one, not a copy inlined at its first instruction). */
  private locationAt(address: bigint, named?: FunctionSymbol): BreakpointLocation {
    const program = this.requireProgram();
    const row = program.rowAt(address);
    const fn = program.functionAt(address);
    const inlined = program.inlinedAt(address)[0]?.fn;
    return { address, function: (named ?? inlined ?? fn)?.name, inlined: inlined !== undefined, symbol: program.symbolize(address), trampoline: fn?.def.trampoline, file: row && program.displayName(row.file), line: row?.line };
  }

  private checkCondition(condition: string, _address?: bigint): void {
    this.parseOnly(condition);
  }

  /** Called at every trap at `pc`: which user breakpoints stop there (counting hits). */
  private breakpointsHit(pc: bigint): number[] {
    const stopping: number[] = [];
    if (pc === this.solibEvent) {
      this.librariesChanged();
      if (this.bps.at(pc).length === 0) return stopping;
    }
    const sp = this.proc!.regs().rsp;
    for (const bp of this.bps.all()) {
      const w = bp.type === 'watchpoint' && bp.enabled ? bp.watch : undefined;
      if (w?.scopePc === pc && w.frameCfa !== undefined && sp >= w.frameCfa) stopping.push(bp.number);
    }
    for (const bp of this.bps.at(pc)) {
      if (bp.condition) {
        let ok: boolean;
        try {
          this.frames = undefined;
          ok = this.evaluateCondition(bp.condition);
        } catch (e) {
          this.warn(`Error in testing condition for breakpoint ${bp.number}:\n${(e as Error).message}`);
          ok = true;
        }
        if (!ok) continue;
      }
      bp.hitCount++;
      if (bp.ignoreCount > 0) { bp.ignoreCount--; continue; }
      stopping.push(bp.number);
    }
    this.frames = undefined;
    return stopping;
  }

  deleteBreakpoints(numbers?: number[]): void {
    const list = numbers ?? this.bps.all().map((b) => b.number);
    for (const n of list) {
      // gdb tells of a missing number (on stdout) and goes on with the others.
      if (!this.bps.has(n)) { this.notify(`No breakpoint number ${n}.`); continue; }
      const bp = this.bps.get(n);
      if (bp.type === 'watchpoint') this.releaseWatchpoint(bp);
      this.bps.delete(n);
    }
    this.syncBreakpoints();
  }

  clearBreakpointsAt(spec: string): number[] {
    const locs = this.resolveSpec(spec, this.requireProgram());
    const addrs = new Set(locs.map((l) => l.address));
    const hit = this.bps.all().filter((b) => b.type === 'breakpoint' && b.locations.some((l) => addrs.has(l.address))).map((b) => b.number);
    if (hit.length === 0) throw new UserError(`No breakpoint at ${spec}.`);
    this.deleteBreakpoints(hit);
    return hit;
  }

  enableBreakpoints(numbers: number[] | undefined, enabled: boolean): void {
    for (const n of numbers ?? this.bps.all().map((b) => b.number)) {
      if (this.bps.has(n)) this.bps.get(n).enabled = enabled;
      else this.notify(`No breakpoint number ${n}.`);
    }
    this.syncBreakpoints();
  }

  setCondition(n: number, condition: string | undefined): void {
    const bp = this.bps.get(n);
    if (condition) this.checkCondition(condition);
    bp.condition = condition;
  }

  setIgnoreCount(n: number, count: number): void {
    this.bps.get(n).ignoreCount = count;
  }

  breakpoints(): Breakpoint[] { return this.bps.all(); }

  /** `watch EXPR`: a hardware watchpoint on the expression's storage. */
  watch(expression: string, kind: WatchKind): Breakpoint {
    const bp = this.addWatchpoint(expression, kind);
    this.syncBreakpoints();
    return bp;
  }
}
