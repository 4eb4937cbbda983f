// Breakpoints and watchpoints of the Debugger: setting, resolving in loaded libraries, hit
// policy (conditions, ignore counts) and keeping the inserted traps in step with them.
import type { CodeMap } from './execution';
import { codeMapOf } from './loadProgram';
import * as path from 'path';
import { Program, type FunctionSymbol } from '../symbols/Program';
import { locationUsed, parseLocationSpec, splitCondition, type Breakpoint, type BreakpointLocation, type WatchKind } from './breakpoints';
import { UserError, type StopReason } from './events';
import { Inspector } from './Inspector';
import { returnAddress } from './frames';
import type { Frozen } from './history';
import { SignalTable, type SignalAction } from './signals';
import * as expr from '../expr';
import { sizeOf } from '../symbols/types';
import { Inferior } from '../timeline/Inferior';

/** C keywords and type words a condition may contain besides symbols. */
const C_WORDS = new Set(['sizeof', 'struct', 'union', 'enum', 'unsigned', 'signed', 'int', 'char', 'short', 'long', 'float',
  'double', 'void', 'const', 'volatile', '_Bool']);

export abstract class BreakpointControl extends Inspector {
  protected requireProgram(): Program {
    if (!this.program) throw new UserError('No executable file specified.\nUse the "file" or "exec-file" command.');
    return this.program;
  }

  /** Maps the executable and shared libraries at their load addresses. */
  protected refreshModules(): void {
    if (!this.proc || !this.program) return;
    this.program.updateModules((this.proc as Inferior).maps());
    this.modulesFromCopy = false;
  }

  /** Whether the libraries mapped are those of a copy of the past a replay ran in. */
  protected modulesFromCopy = false;

  protected readCode(address: bigint, length: number): Buffer {
    if (this.proc && this.proc.state === 'stopped') return this.proc.readMemory(address, length);
    return this.program!.readFileImage(address, length);
  }

  /** What the stepping engine knows of the code: lines, inlined calls, prologues. */
  protected codeMap(): CodeMap {
    return codeMapOf(this.program!, (low) => this.postPrologue(low));
  }

  /** gdb's post-prologue address of the function starting at `low`. */
  protected postPrologue(low: bigint): bigint | undefined {
    const program = this.program!;
    const fn = program.functionAt(low);
    if (!fn) return undefined;
    return program.prologueEnd(fn, (a, n) => this.readCode(a, n));
  }

  protected inserted = new Set<bigint>();

  /** The stop policy as it is now: what a replay of the command about to run needs. */
  protected freeze(): Frozen { return { table: this.bps.clone(), slots: new Map(this.slots), signals: this.signals.clone() }; }

  /** gdb's `handle` table: what each signal the program receives does. */
  readonly signals = new SignalTable();

  signalAction(signo: number): SignalAction { return this.signals.action(signo); }

  setSignalAction(signo: number, action: SignalAction): void { this.signals.set(signo, action); }

  /** Runs `fn` with a copy of `frozen` as the stop policy, inserted into the current process
   * (which must hold none of ours): a command replayed as it ran. Everything is back after. */
  protected async withFrozenPolicy<T>(frozen: Frozen, fn: () => Promise<T>): Promise<T> {
    const saved = { bps: this.bps, slots: this.slots, inserted: this.inserted, warnings: this.warnings.length };
    this.bps = frozen.table.clone();
    this.slots = new Map(frozen.slots);
    this.inserted = new Set();
    this.frames = undefined;
    try {
      for (const [slot, n] of this.slots) {
        const bp = this.bps.get(n);
        const w = bp.watch!;
        this.proc!.setHwWatchpoint(w.address, w.length, bp.watchKind === 'write' ? 'write' : 'readwrite', slot);
      }
      this.syncBreakpoints();
      return await fn();
    } finally {
      this.bps = saved.bps;
      this.slots = saved.slots;
      this.inserted = saved.inserted;
      this.warnings.length = saved.warnings; // a replay repeats no warning
      this.frames = undefined;
      this.refreshModules();
      this.modulesFromCopy = true;
    }
  }
  protected solibEvent?: bigint;

  /** Libraries were loaded or unloaded: map them, move breakpoints that wait on a PLT stub to
   * the library function they name, and find pending ones (a library's function, found in an
   * earlier run, that a new run has not loaded yet). */
  protected librariesChanged(): void {
    this.refreshModules();
    const program = this.program!;
    for (const bp of this.bps.all()) {
      if (bp.type !== 'breakpoint') continue;
      const spec = parseLocationSpec(bp.spec);
      if (bp.locations.every((l) => l.trampoline) || (spec.kind === 'function' && !spec.file)) this.resolveBreakpoint(bp, program);
    }
    this.syncBreakpoints();
  }

  /** Makes the inserted software breakpoints match the enabled user breakpoints. */
  /** The breakpoint the program last stopped at (for `continue N`). */
  protected lastBreakpoint?: number;

  /** Why the program stopped at breakpoints `numbers` (at `at`), and what that stop does to them:
   * temporary ones deleted, `enable count` ones counted down, $_hit_bpnum set; a watchpoint
   * reported here went out of scope and is deleted. */
  protected breakpointReason(numbers: number[], at: bigint): StopReason {
    const n = Math.min(...numbers);
    const bp = this.bps.get(n);
    if (bp.type === 'watchpoint') {
      this.deleteBreakpoints([n]);
      return { kind: 'watchpoint-scope', number: n };
    }
    const location = bp.locations.length > 1 ? bp.locations.findIndex((l) => l.address === at) + 1 : 0;
    this.lastBreakpoint = n;
    for (const k of numbers) if (this.bps.has(k) && this.bps.get(k).temporary) this.bps.delete(k);
    for (const k of numbers) {
      const after = this.bps.has(k) ? this.bps.get(k).disableAfter : undefined;
      if (after && --after.stops <= 0) this.bps.get(k).enabled = false;
    }
    if (!bp.temporary) {
      this.store.setInt('_hit_bpnum', n);
      this.store.setInt('_hit_locno', location || 1);
    }
    this.syncBreakpoints();
    return { kind: 'breakpoint', number: n, temporary: bp.temporary, location: location || undefined };
  }

  protected syncBreakpoints(): void {
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

  /** gdb's report of enabled breakpoints it cannot insert (their address is not mapped), with
   * which it refuses to resume: `Warning:\nCannot insert breakpoint 1.\nCannot access memory at
   * address 0x0\n`; undefined when all are in. */
  protected insertionFailures(): string | undefined {
    if (!this.proc || this.proc.state !== 'stopped') return undefined;
    this.syncBreakpoints();
    const lines: string[] = [];
    for (const b of this.bps.all()) {
      if (b.type !== 'breakpoint' || !b.enabled) continue;
      for (const l of b.locations) {
        if (locationUsed(l) && !this.inserted.has(l.address)) lines.push(`Cannot insert breakpoint ${b.number}.`, `Cannot access memory at address 0x${l.address.toString(16)}`);
      }
    }
    return lines.length > 0 ? ['Warning:', ...lines, ''].join('\n') : undefined;
  }


  /** `break SPEC [if COND]` / `tbreak`. */
  setBreakpoint(text: string, temporary: boolean): Breakpoint {
    if (!this.program) throw new UserError('No symbol table is loaded.  Use the "file" command.\nMake breakpoint pending on future shared library load? (y or [n]) [answered N; input not from terminal]');
    const program = this.program;
    const { spec, condition } = splitCondition(text);
    let specText = spec === '' ? this.defaultSpec() : spec;
    const locations = this.resolveSpec(specText, program);
    // gdb keeps a bare line as the full name of the file it was taken in.
    const file = /^\d+$/.test(specText.trim()) ? this.defaultSourceFile() : undefined;
    if (file) specText = `${path.normalize(file)}:${specText.trim()}`;
    if (condition) {
      this.checkCondition(condition, locations[0]?.address);
      this.validateCondition(condition, locations, (i) => `${i + 1}`);
    }
    const bp = this.bps.add({ type: 'breakpoint', spec: specText, temporary, condition, locations });
    this.store.setInt('bpnum', bp.number);
    this.markConditionScope(bp);
    this.syncBreakpoints();
    return bp;
  }

  /** For each location, gdb's error for the condition there when it names no known symbol. */
  private conditionProblems(condition: string, locations: BreakpointLocation[]): Array<string | undefined> {
    const program = this.program!;
    const text = condition.replace(/"(\\.|[^"\\])*"|'(\\.|[^'\\])*'/g, ' ');
    // Tags after struct/union/enum are not symbols.
    const untagged = text.replace(/\b(struct|union|enum)\s+[A-Za-z_]\w*/g, ' ');
    const names = [...untagged.matchAll(/(^|[^.\w$>])([A-Za-z_]\w*)/g)].map((m) => m[2]).filter((n) => !C_WORDS.has(n));
    return locations.map((l) => {
      const locals = new Set(program.variablesAt(l.address).map((v) => v.name));
      const unknown = names.find((n) => !locals.has(n) && !program.globalVariable(n, l.address) && !program.enumerator(n, l.address)
        && !program.functionByName(n) && !program.lookupType(n));
      return unknown === undefined ? undefined : `No symbol "${unknown}" in current context.`;
    });
  }

  /** Locations of a breakpoint where its condition names no known symbol (gdb disables those). */
  protected markConditionScope(bp: Breakpoint): void {
    if (!bp.condition || bp.locations.length < 2) return;
    this.conditionProblems(bp.condition, bp.locations).forEach((p, i) => { bp.locations[i].conditionInvalid = p !== undefined; });
  }

  /** gdb's check of a new condition: an error when it fits none of the breakpoint's locations,
   * else a warning for each location it disables (`label` numbers them). */
  private validateCondition(condition: string, locations: BreakpointLocation[], label: (i: number) => string): void {
    if (locations.length === 0) return;
    const problems = this.conditionProblems(condition, locations);
    if (problems.every((p) => p !== undefined)) throw new UserError(problems[0]!);
    if (locations.length < 2) return;
    problems.forEach((p, i) => { if (p) this.notify(`warning: failed to validate condition at location ${label(i)}, disabling:\n  ${p}`); });
  }

  protected defaultSpec(): string {
    const f = this.stack()[this.selectedLevel()];
    if (!f) throw new UserError('No default breakpoint address now.');
    return `*0x${f.pc.toString(16)}`;
  }

  protected resolveBreakpoint(bp: Breakpoint, program: Program): void {
    // Locations move (the program loads at its bias); one disabled by `disable N.M` stays so.
    const key = (l: BreakpointLocation): string => `${l.function}|${l.symbol}|${l.file}|${l.line}|${l.trampoline}`;
    const disabled = new Set(bp.locations.filter((l) => l.disabled).map(key));
    try {
      bp.locations = this.resolveSpec(bp.spec, program);
    } catch {
      bp.locations = [];
    }
    for (const l of bp.locations) if (disabled.has(key(l))) l.disabled = true;
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
        // A line of an inlined function's body is in that function (gdb).
        return locs.map((l) => ({ ...this.locationAt(l.address), file: program.displayName(l.file), line: l.line }));
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
  protected locationAt(address: bigint, named?: FunctionSymbol): BreakpointLocation {
    const program = this.requireProgram();
    const row = program.rowAt(address);
    const fn = program.functionAt(address);
    const inlined = program.inlinedAt(address)[0]?.fn;
    return { address, function: (named ?? inlined ?? fn)?.name, inlined: inlined !== undefined, symbol: program.symbolize(address), trampoline: fn?.def.trampoline, file: row && program.displayName(row.file), line: row?.line };
  }

  protected checkCondition(condition: string, _address?: bigint): void {
    this.parseOnly(condition);
  }

  /** Called at every trap at `pc`: which user breakpoints stop there (counting hits). */
  protected breakpointsHit(pc: bigint): number[] {
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
          this.warn(`Error in testing breakpoint condition:\n${(e as Error).message}`);
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

  /** `enable once|delete|count N LIST`: enabled, then disabled after one or N stops, or
   * deleted after the next one. */
  enableFor(numbers: number[], how: 'once' | 'delete' | number): void {
    for (const n of numbers) {
      if (!this.bps.has(n)) { this.notify(`No breakpoint number ${n}.`); continue; }
      const bp = this.bps.get(n);
      bp.enabled = true;
      if (how === 'delete') { bp.temporary = true; bp.disableAfter = undefined; } else bp.disableAfter = { stops: how === 'once' ? 1 : how };
    }
    this.syncBreakpoints();
  }

  /** `enable/disable N.M[-K]`: locations M..K of breakpoint N. */
  enableLocations(n: number, first: number, last: number, enabled: boolean): void {
    if (!this.bps.has(n)) throw new UserError(`No breakpoint number ${n}.`);
    const locations = this.bps.get(n).locations;
    for (const m of [first, last]) if (m < 1 || m > locations.length) throw new UserError(`Bad breakpoint location number '${m}'`);
    if (first > last) throw new UserError(`Inverted breakpoint location range at '${first}-${last}'`);
    for (let m = first; m <= last; m++) locations[m - 1].disabled = !enabled;
    this.syncBreakpoints();
  }

  /** `condition N [EXPR]`; returns gdb's notes on the locations the change enables again. */
  setCondition(n: number, condition: string | undefined): string[] {
    const bp = this.bps.get(n);
    if (condition) {
      this.checkCondition(condition);
      this.validateCondition(condition, bp.locations, (i) => `${n}.${i + 1}`);
    }
    const before = bp.locations.map((l) => l.conditionInvalid);
    bp.condition = condition;
    for (const l of bp.locations) l.conditionInvalid = false;
    this.markConditionScope(bp);
    this.syncBreakpoints();
    const reenabled = bp.locations.flatMap((l, i) => before[i] && !l.conditionInvalid
      ? [`Breakpoint ${n}'s condition is now valid at location ${i + 1}, enabling.`] : []);
    return reenabled;
  }

  setIgnoreCount(n: number, count: number): void {
    this.bps.get(n).ignoreCount = count;
  }

  breakpoints(): Breakpoint[] { return this.bps.all(); }

  /** `watch EXPR`: a hardware watchpoint on the expression's storage. */
  /** `watch EXPR [if COND]` (rwatch, awatch: `kind`). */
  watch(text: string, kind: WatchKind): Breakpoint {
    const { spec: expression, condition } = splitCondition(text);
    if (condition) {
      this.checkCondition(condition);
      // gdb reads the condition where the program stands.
      const frame = this.stack()[this.selectedLevel()];
      const problem = this.conditionProblems(condition, [{ address: frame?.lookupPc ?? 0n }])[0];
      if (problem) throw new UserError(problem);
    }
    const location = /^-l(?:ocation)?\s+(.*)$/s.exec(expression);
    const bp = location ? this.addLocationWatchpoint(location[1], kind) : this.addWatchpoint(expression, kind);
    bp.condition = condition;
    this.syncBreakpoints();
    return bp;
  }

  /** gdb's `watch -location EXPR`: the memory EXPR is at now, whatever the scope later. */
  private addLocationWatchpoint(text: string, kind: WatchKind): Breakpoint {
    const { value } = this.evaluate(text);
    if (!value.lval || value.lval.kind !== 'memory') throw new UserError('Cannot watch constant value `' + text + "'.");
    const at = `* (${expr.typeName(expr.pointerTo(value.type))}) 0x${value.lval.address.toString(16)}`;
    const bp = this.addWatchpoint(at, kind);
    bp.spec = `-location ${text.trim()}`;
    bp.watch!.expression = at;
    return bp;
  }

  // ---- watchpoints ----

  protected addWatchpoint(text: string, kind: 'write' | 'read' | 'access') {
    const { value, ctx } = this.evaluate(text);
    if (!value.lval || value.lval.kind !== 'memory') throw new UserError('Cannot watch constant value `' + text + "'.");
    const length = sizeOf(value.type);
    if (![1, 2, 4, 8].includes(length)) throw new UserError(`Expression cannot be implemented with read/access watchpoint of ${length} bytes.`);
    const fixed = expr.fetch(value, ctx);
    const frame = this.stack()[this.selected];
    const isLocal = frame !== undefined && this.usesLocals(text, frame);
    const bp = this.bps.add({
      type: 'watchpoint', watchKind: kind, spec: text, temporary: false, locations: [],
      watch: {
        address: value.lval.address, length, oldText: expr.formatValue(fixed, ctx, this.printing.options({ topLevel: true })), oldBytes: fixed.bytes ?? Buffer.alloc(0),
        // A watchpoint on a frame's locals ends when that frame returns to its caller.
        frameCfa: isLocal ? frame.cfa : undefined, scopePc: isLocal ? returnAddress(this.proc!, this.program!, frame) : undefined,
      },
    });
    this.store.setInt('bpnum', bp.number);
    if (this.live()) this.armWatchpoint(bp);
    return bp;
  }

  protected slots = new Map<number, number>();

  protected armWatchpoint(bp: import('./breakpoints').Breakpoint): void {
    const w = bp.watch!;
    const slot = this.proc!.setHwWatchpoint(w.address, w.length, bp.watchKind === 'write' ? 'write' : 'readwrite');
    this.slots.set(slot, bp.number);
  }

  /** A new process holds none of the old one's debug registers: each watchpoint (not one on a
   * frame's locals) is evaluated there again, as the program's addresses move once it is
   * loaded, and armed; the value it sees now is the old one. */
  protected rearmWatchpoints(): void {
    this.slots.clear();
    for (const bp of this.bps.all()) {
      const w = bp.watch;
      if (bp.type !== 'watchpoint' || !w || w.frameCfa !== undefined) continue;
      try {
        const { value, ctx } = this.evaluate(w.expression ?? bp.spec);
        if (value.lval?.kind !== 'memory') continue;
        const fixed = expr.fetch(value, ctx);
        w.address = value.lval.address;
        w.oldBytes = fixed.bytes ?? Buffer.alloc(0);
        w.oldText = expr.formatValue(fixed, ctx, this.printing.options({ topLevel: true }));
      } catch {
        continue; // not readable yet: it stays unarmed, as before
      }
      this.armWatchpoint(bp);
    }
  }

  protected releaseWatchpoint(bp: import('./breakpoints').Breakpoint): void {
    for (const [slot, n] of this.slots) {
      if (n === bp.number) {
        if (this.live()) this.proc!.clearHwWatchpoint(slot);
        this.slots.delete(slot);
      }
    }
  }

  /** Takes the watched values as they are now as the ones a change is reported against (after
   * the program moved in time, or was changed by the user). */
  protected refreshWatchValues(): void {
    if (!this.live()) return;
    for (const bp of this.bps.watchpoints()) {
      const w = bp.watch!;
      let now: Buffer;
      try {
        now = this.proc!.readMemory(w.address, w.length);
      } catch {
        continue;
      }
      if (now.equals(w.oldBytes)) continue;
      w.oldBytes = now;
      try {
        w.oldText = this.formatWatched(w.expression ?? bp.spec);
      } catch {
        // Not printable here (a local of another frame): the bytes still tell changes.
      }
    }
  }

  /** The first enabled watchpoint whose value differs from the one last taken. */
  protected changedWatchpoint(): number | undefined {
    for (const bp of this.bps.watchpoints()) {
      const w = bp.watch!;
      try {
        if (!this.proc!.readMemory(w.address, w.length).equals(w.oldBytes)) return bp.number;
      } catch {
        continue;
      }
    }
    return undefined;
  }

  protected deleteScopedWatchpoints(): void { this.slots.clear(); }

  /** A hardware watchpoint fired: the number of the watchpoint whose value changed (or read). */
  protected watchpointHit(slot: number): number | undefined {
    const n = this.slots.get(slot);
    if (n === undefined || !this.bps.has(n)) return undefined;
    const bp = this.bps.get(n);
    const w = bp.watch!;
    const now = this.proc!.readMemory(w.address, w.length);
    if (bp.watchKind === 'write' && now.equals(w.oldBytes)) return undefined;
    // x86 cannot trap reads alone: a read watchpoint that saw the value change was a write.
    if (bp.watchKind === 'read' && !now.equals(w.oldBytes)) {
      w.oldBytes = now;
      w.oldText = this.formatWatched(w.expression ?? bp.spec);
      return undefined;
    }
    if (bp.condition && !this.watchConditionHolds(bp.condition, n)) {
      // The value seen becomes the old one all the same (gdb's next report starts from it).
      w.oldBytes = now;
      w.oldText = this.formatWatched(w.expression ?? bp.spec);
      return undefined;
    }
    bp.hitCount++;
    return n;
  }

  /** A watchpoint's condition at a trigger; one that fails to evaluate stops, as gdb. */
  private watchConditionHolds(condition: string, n: number): boolean {
    try {
      this.frames = undefined;
      return this.evaluateCondition(condition);
    } catch (e) {
      this.warn(`Error in testing condition for breakpoint ${n}:\n${(e as Error).message}`);
      return true;
    }
  }

  protected formatWatched(text: string): string {
    this.frames = undefined;
    const ctx = this.context(this.stack()[0]);
    return expr.formatValue(expr.fetch(expr.evaluate(text, ctx), ctx), ctx, this.printing.options({ topLevel: true }));
  }

  protected watchpointReason(n: number) {
    const bp = this.bps.get(n);
    const w = bp.watch!;
    this.frames = undefined;
    const ctx = this.context(this.stack()[0]);
    const { value } = { value: expr.evaluate(w.expression ?? bp.spec, ctx) };
    const fixed = expr.fetch(value, ctx);
    const newText = expr.formatValue(fixed, ctx, this.printing.options({ topLevel: true }));
    const access = bp.watchKind === 'write' ? undefined : bp.watchKind;
    const changed = !(fixed.bytes ?? Buffer.alloc(0)).equals(w.oldBytes);
    const reason = { kind: 'watchpoint' as const, number: n, expression: bp.spec, oldValue: w.oldText, newValue: newText, hardware: true, access, changed };
    w.oldText = newText;
    w.oldBytes = fixed.bytes ?? Buffer.alloc(0);
    return reason;
  }
}
