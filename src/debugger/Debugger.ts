// The facade both front ends use: one program, its process, breakpoints and stepping in either
// direction. It reports stops as data (events.ts); inspection lives in Inspector.ts, forward
// execution in forwardDebugger.ts, the searches of reverse execution in reverse*.ts.
import { UserError, type ResumeResult } from './events';
import { timelineInfo, type TimelineInfo } from './timelineInfo';
export type { TimelineInfo } from './timelineInfo';
import { useLocaleCharset } from './printSettings';
import { floatInfoLines } from './floatInfo';
import { Runner, type Halt } from './execution';
import { REPLAY_MARK, type StepStartInfo } from './forwardDebugger';
import { FrameCommands } from './frameCommands';
import { type History, type Observer, type Position, type Segment } from './history';
import { checkpointOf, previousInstruction, readAt, reverseSearch, type ReplayHost } from './reverse';
import { reverseFinish, reverseLine, type FrameAt, type LineHost } from './reverseLines';
import { BreakpointTable, type Breakpoint } from './breakpoints';
import { StationCache } from './stations';
import { instructionBefore } from './anchors';
import { ScanCache } from './scanCache';
import { regsToDwarf } from './registers';
import { addressOfSymbol, listSymbols, scopeLines } from './symbolSearch';
import type { SymbolKind } from '../symbols/fileScope';
import { instructionsLeadingTo, programRowFlow } from './rowFlow';
import { sharedLibraries, type SharedLibrary } from './processInfo';
import type { ThreadInfo } from './threadList';
import { frameInfoLines, frameInfoOf } from './frameInfo';
import { parseIntervalCalls } from '../timeline/Inferior';
import { VariableTree } from './variableTree';
import { instructionsAround, readReadable, referencedAddress, watchableStorage, type ViewInstruction } from './memoryView';
import { CoreTracee } from './postMortem';
import { lineStartObserver, rowStarts, stopObserver } from './observers';

export class Debugger extends FrameCommands {
  /** Makes strings print in the charset of the environment's locale, as gdb does (process-wide). */
  static useLocaleCharset(env: NodeJS.ProcessEnv = process.env): void { useLocaleCharset(env); }
  private readonly stations = new StationCache(() => this.inferior());
  private readonly scans = new ScanCache();
  /** `set exec-counters`: whether searches count a breakpoint's hits with the debug registers
   * (a perf event) instead of stopping at each. */
  execCounters = true;
  /** gdb's `set exec-direction`: which way step, next, continue and finish go. */
  execDirection: 'forward' | 'reverse' = 'forward';

  override setSetting(word: string, value: string): boolean {
    const v = value.trim();
    if (word === 'exec-direction') {
      if (v !== 'forward' && v !== 'reverse') throw new UserError(`Undefined item: "${v}".`);
      if (v === 'reverse' && !this.history && !this.hasImageHistory()) throw new UserError('Target does not support this operation.');
      this.execDirection = v;
      return true;
    }
    if (word === 'checkpoint-interval') {
      if (!/^\d+$/.test(v)) throw new UserError(`"${v}" is not a number of milliseconds (0: none).`);
      this.checkpointInterval = Number(v);
      if (this.proc) this.inferior().intervalMs = this.checkpointInterval;
      return true;
    }
    if (word === 'checkpoint-interval-calls') {
      // Hidden, for tests: interval checkpoints placed by recorded calls instead of by time.
      try {
        this.checkpointCalls = parseIntervalCalls(v);
      } catch (e) {
        throw new UserError((e as Error).message);
      }
      if (this.proc) this.inferior().intervalCalls = this.checkpointCalls;
      return true;
    }
    if (word === 'search-stations') {
      // Hidden, for tests: the copies searches keep at counted hits placed by hit counts, not by time.
      try {
        this.stations.placement = parseIntervalCalls(v, true);
      } catch (e) {
        throw new UserError((e as Error).message);
      }
      return true;
    }
    if (word === 'exec-counters') {
      if (v !== 'on' && v !== 'off') throw new UserError(`"on" or "off" expected.`);
      this.execCounters = v === 'on';
      return true;
    }
    if (word === 'checkpoint-memory') {
      const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?)?$/i.exec(v);
      if (!m) throw new UserError(`"${v}" is not a size (say 512M or 2G).`);
      const unit = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').charAt(0).toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
      this.checkpointMemory = Math.floor(Number(m[1]) * unit);
      if (this.history) this.thinHistory();
      return true;
    }
    return super.setSetting(word, value);
  }
  // ---- reverse execution ----

  /**
   * gdb's `record [full]`: rdb records from the program's first instruction, but as with gdb's
   * record the past then starts here (going back stops here with No more reverse-execution
   * history) and a forward command from the past stops at the present, the end of gdb's log.
   */
  record(): void {
    if (!this.proc || this.proc.state === 'exited' || !this.history?.current) throw new UserError('Process record: the program is not being run.');
    if (this.recorded === this.history) throw new UserError('The process is already being recorded.  Use "record stop" to stop recording first.');
    this.recorded = this.history;
    this.enterPosition();
  }

  /** gdb's `record stop`: its log is deleted, so the past before here is gone; rdb goes on
   * recording from here. */
  recordStop(): void {
    if (!this.history || this.recorded !== this.history) throw new UserError('No recording is currently active.\nUse the "record full" or "record btrace" command first.');
    this.recorded = undefined;
    this.enterPosition();
  }

  private replayHost(): ReplayHost {
    // Runners rdb makes up for a search treat signals as the segment searched did (its copy
    // of the table); at worst as the table is now.
    const signals = this.signals.clone();
    const quiet = { breakpointsHit: (): number[] => [], watchpointHit: (): undefined => undefined, interrupted: () => this.interruptRequested,
      signalAction: (n: number) => signals.action(n) };
    return {
      inferior: this.inferior(),
      history: this.history!,
      replaySegment: (seg, arm, watch) => this.withFrozenPolicy(seg.frozen, async () => {
        arm();
        const runner = new Runner(this.proc!, this.codeMap(), {
          breakpointsHit: (pc) => (watch({ kind: 'code', pc }) ? [REPLAY_MARK] : this.breakpointsHit(pc)),
          watchpointHit: (slot) => (watch({ kind: 'data', slot }) ? REPLAY_MARK : this.watchpointHit(slot)),
          interrupted: () => this.interruptRequested,
          signalAction: (n) => seg.frozen.signals.action(n),
        });
        // The replica is a fresh copy, stopped as a new child: the signal is given as it starts.
        runner.pendingSignal = seg.signal ?? 0;
        const halt = await seg.op(runner);
        // Ctrl-C during a search: gdb's word for an interrupted command; nothing moved.
        if (this.interruptRequested) throw new UserError('Quit');
        return halt;
      }),
      plainRunner: () => new Runner(this.proc!, this.codeMap(), quiet),
      watchingRunner: (watch, seg, ours) => new Runner(this.proc!, this.codeMap(), {
        breakpointsHit: (pc) => (watch({ kind: 'code', pc }) ? [REPLAY_MARK] : []),
        watchpointHit: (slot) => (watch({ kind: 'data', slot }) ? REPLAY_MARK : undefined),
        interrupted: () => this.interruptRequested,
        signalAction: (n) => (n === ours ? { stop: true, print: false, pass: false } : (seg?.frozen.signals ?? signals).action(n)),
      }),
      stations: this.stations,
      scans: this.scans,
      useCounters: this.execCounters,
      emptyPolicy: () => ({ table: new BreakpointTable(), slots: new Map(), signals }),
    };
  }

  /** The user's breakpoints and watchpoints as a search counts them (see observers.ts). */
  private stopObserver(): Observer {
    return stopObserver(this.bps, (address, length) => this.proc!.readMemory(address, length), (table, pc) => this.conditionsHold(table, pc));
  }

  /** The breakpoints of `table` at `pc` whose condition holds now (no hit is counted). */
  private conditionsHold(table: BreakpointTable, pc: bigint): number[] {
    return table.at(pc).filter((bp) => {
      if (!bp.condition) return true;
      this.frames = undefined;
      try {
        return this.evaluateCondition(bp.condition);
      } catch {
        return true;
      } finally {
        this.frames = undefined;
      }
    }).map((bp) => bp.number);
  }

  /** The start of every line-table row of the function holding the pc (and its entry). */
  private lineStartObserver(): Observer {
    return lineStartObserver(this.program!, this.proc!);
  }

  private rowStarts(low: bigint, high: bigint): Set<bigint> { return rowStarts(this.program!, low, high); }

  private lineHost(): LineHost {
    const program = this.program!;
    const code = this.codeMap();
    return {
      ...this.replayHost(),
      rowAt: (pc) => program.rowAt(pc),
      functionAt: (pc) => program.functionAt(pc),
      rowStarts: (low, high) => this.rowStarts(low, high),
      inlineChain: (pc) => code.inlineChain(pc),
      inlineSkip: this.inlineSkip,
      rowFlow: (start, end) => programRowFlow(program, start, end),
      instructionsLeadingTo: (pc) => instructionsLeadingTo(program, pc),
      userBreakpoints: () => {
        const table = this.bps.clone();
        return { addresses: table.addresses(), accepts: (pc) => this.conditionsHold(table, pc).length > 0, key: table.searchKey() };
      },
      cfaNow: () => {
        // From the CFI row alone where there is one (observers ask at every hit; unwinding reads
        // the saved registers too).
        const proc = this.proc!;
        const fromRow = program.cfa(regsToDwarf(proc.regs()), (a, n) => proc.readMemory(a, n));
        if (fromRow !== undefined) return fromRow;
        this.frames = undefined;
        const cfa = this.stack(1)[0]?.cfa;
        this.frames = undefined;
        return cfa;
      },
    };
  }

  /** The innermost frame and its caller as searches see them. */
  private framesAt(): { frame?: FrameAt; caller?: FrameAt; step: StepStartInfo } {
    const program = this.program!;
    this.frames = undefined;
    const [f0, f1] = this.stack(2);
    const at = (f: typeof f0 | undefined): FrameAt | undefined => {
      const fn = f && program.functionAt(f.lookupPc);
      return fn && f.cfa !== undefined ? { cfa: f.cfa, low: fn.low, high: fn.high } : undefined;
    };
    return { frame: at(f0), caller: at(f1), step: { startFunction: f0?.fn?.name, startCfa: f0?.cfa } };
  }

  /** The program reached its exit, where it is kept. The first time, that is the last position
   * of history and the exit is reported; a command from the recorded past stops there instead,
   * as gdb's record does at the end of its log; a command from there exits again. */
  protected async reachedEnd(from: Position, segment: Segment, halt: Halt, step?: StepStartInfo): Promise<ResumeResult> {
    const history = this.history!;
    if (!history.end) {
      this.enterPosition(segment);
      history.end = history.current;
    } else if (from !== history.end) {
      this.afterExit();
      await this.showEnd();
      return this.report({ kind: 'history-end' });
    }
    return this.report(halt, step);
  }

  /** Shows the program's end: a copy of it just before its exit_group call, found exactly the
   * first time (the process that reached the call has rcx and r11 overwritten by it). */
  private async showEnd(): Promise<void> {
    const end = this.history!.end!;
    const inf = this.inferior();
    if (end.segment && !inf.exitFound) end.regs = await inf.exactExit(await checkpointOf(this.replayHost(), end.segment.from), end.checkpoint!);
    await this.show(end);
  }

  /** After the program's exit, the reverse commands start from its end: a copy of the process
   * kept there is shown (as gdb's record shows the program stopped at its exit_group call).
   * Every reverse command starts here. */
  async reverseFromEnd(): Promise<void> {
    // A super core dump with recorded history: going back replays it.
    if (this.proc instanceof CoreTracee && this.hasImageHistory()) for (const line of await this.replayImage(this.proc)) this.notify(line);
    const end = this.history?.end;
    if (end && this.proc && this.inferior().atExit && this.history!.current === end) await this.showEnd();
    // No process (never run, killed, killed by a signal): gdb's words for a target without record.
    if (!this.proc || this.proc.state !== 'stopped') throw new UserError('Target exec does not support this command.');
  }

  /** reverse-step / reverse-next: back to the start of the line executed before. */
  async reverseStep(kind: 'step' | 'next', count: number): Promise<ResumeResult> {
    let result: ResumeResult | undefined;
    await this.reverseFromEnd();
    for (let i = 0; i < count; i++) {
      const history = this.requireHistory();
      const { frame, caller, step } = this.framesAt();
      if (!frame) throw new UserError('Cannot find bounds of current function');
      if (kind === 'step' && this.inlineSkip > 0) {
        // At an inlined call's entry, shown at its call site: as going forward, `step` enters it in place.
        result = this.enterInlined();
        continue;
      }
      // Going back out of main stops at its first line, as the start of history (gdb's record).
      const outermost = !caller && step.startFunction === 'main' ? this.mainStart() : undefined;
      const found = await reverseLine(this.lineHost(), kind, frame, caller, outermost);
      if (!found) return this.moveTo(history.startOf(history.current!), { kind: 'history-start' });
      result = await this.moveTo(found.position, found.halt, step);
    }
    return result!;
  }

  /** reverse-finish: back to where the selected function was called. */
  async reverseFinish(): Promise<ResumeResult> {
    await this.reverseFromEnd();
    const history = this.requireHistory();
    const { frame, caller } = this.framesAt();
    if (!frame || !caller) throw new UserError('"finish" not meaningful in the outermost frame.');
    const found = await reverseFinish(this.lineHost(), frame);
    if (!found) return this.moveTo(history.startOf(history.current!), { kind: 'history-start' });
    return this.moveTo(found.position, found.halt);
  }

  private requireHistory(): History {
    this.requireRunner();
    this.freshRun();
    const shared = this.inferior().sharedMemory;
    if (shared) throw new UserError(`cannot go back: the program writes shared memory (${shared}), which rdb's checkpoints cannot keep yet`);
    if (!this.history?.current) throw new UserError('Target does not support this command.');
    return this.history;
  }

  /** Makes position `pos` (a fresh copy of its checkpoint) the one shown. */
  private async show(pos: Position): Promise<void> {
    this.inferior().restore(await checkpointOf(this.replayHost(), pos));
    this.stations.clear(); // the searches that led here are over
    this.history!.enter(pos);
    this.switchedProcess();
  }

  /** Shows position `pos` as the stop `halt` describes. */
  private async moveTo(pos: Position, halt: Halt, step?: StepStartInfo): Promise<ResumeResult> {
    this.refreshWatchValues();
    await this.show(pos);
    // Arriving at the start of history says so first, as gdb's record does at its log's start.
    if (!pos.segment && halt.kind === 'step-done') halt = { kind: 'history-start' };
    if (halt.kind === 'step-done') {
      // Arriving where a breakpoint is reports it, as gdb does going either way.
      const numbers = this.conditionsHold(this.bps, pos.regs.rip);
      if (numbers.length) halt = { kind: 'breakpoint', numbers };
      // gdb counts the hits met going back too.
      for (const n of numbers) this.bps.get(n).hitCount++;
    }
    const result = this.report(halt, step);
    this.refreshWatchValues();
    return result;
  }

  /**
   * Main's first line (after its prologue), where gdb's record from `break main`, `run` starts:
   * reverse commands arriving there show it as the start of history, and line and instruction
   * steps go no further back (rdb's history goes on to the first instruction: reverse-continue
   * and watchpoints still find what ran before main).
   */
  private mainStart(): bigint | undefined {
    const main = this.program?.functionsByName('main')[0];
    return main && this.postPrologue(main.low);
  }

  /** reverse-continue: back to the last breakpoint hit or watched change (shown just before
   * the write, its value before it as the new one), or to the start of history. */
  async reverseContinue(): Promise<ResumeResult> {
    await this.reverseFromEnd();
    this.requireHistory();
    const host = this.lineHost();
    this.refreshWatchValues();
    const observer = this.stopObserver();
    let found = await reverseSearch(host, observer);
    // Ignore counts are used up going back too, each crossing counted as a hit (gdb).
    for (let bps = this.ignoring(found); bps.length; bps = this.ignoring(found)) {
      for (const bp of bps) { bp.ignoreCount--; bp.hitCount++; }
      found = await reverseSearch(host, observer, found.position);
    }
    const { position, hit, data } = found;
    if (!hit) return this.moveTo(await this.mainStartBefore() ?? position, { kind: 'history-start' });
    if (!data) return this.moveTo(position, { kind: position.regs.rip === this.mainStart() ? 'history-start' : 'step-done' });
    // The debug register fires after the write: the stop is at the writing instruction.
    const fn = this.program!.functionAt(position.regs.rip);
    const anchors: Observer = { addresses: fn ? this.rowStarts(fn.low, fn.high) : new Set(), accepts: () => true };
    const before = (await previousInstruction(host, position, anchors)) ?? position;
    // The values just after the access are the old ones: a read changes none (rwatch, awatch).
    await this.show(position);
    this.refreshWatchValues();
    await this.show(before);
    const n = this.changedWatchpoint() ?? this.bps.watchpoints().find((bp) => bp.watch && bp.watchKind !== 'write')?.number;
    if (n !== undefined) this.bps.get(n).hitCount++;
    const result = this.report(n !== undefined ? { kind: 'watchpoint', number: n } : { kind: 'step-done' });
    this.refreshWatchValues();
    return result;
  }

  /** Without `record`, where a reverse-continue that meets nothing stops after a run that first
   * stopped at main's first line (gdb's record from `break main`, `run` ends there): the last
   * arrival there before now, if any. */
  private async mainStartBefore(): Promise<Position | undefined> {
    const start = this.mainStart();
    if (start === undefined || this.recorded === this.history || this.history!.firstStop?.regs.rip !== start) return undefined;
    if (this.history!.current!.regs.rip === start) return this.history!.current!;
    const found = await reverseSearch(this.lineHost(), { addresses: new Set([start]), accepts: () => true, everyHit: true });
    return found.hit ? found.position : undefined;
  }

  /** The breakpoints a code hit found going back crosses without stopping: all of those there,
   * if each has an ignore count left. */
  private ignoring(found: { position: Position; hit: boolean; data?: boolean }): Breakpoint[] {
    if (!found.hit || found.data) return [];
    const here = this.bps.at(found.position.regs.rip);
    return here.length > 0 && here.every((bp) => bp.ignoreCount > 0) ? here : [];
  }

  /** reverse-stepi / reverse-nexti: the instruction executed before this one (for stepi, the
   * `ret` of a call that just returned). */
  async reverseStepInstruction(kind: 'stepi' | 'nexti', count: number): Promise<ResumeResult> {
    let result: ResumeResult | undefined;
    await this.reverseFromEnd();
    const host = this.lineHost();
    const into = (entry: bigint, cfa: bigint): Observer => {
      const fn = this.program!.functionAt(entry);
      return { addresses: fn ? this.rowStarts(fn.low, fn.high) : new Set([entry]), accepts: () => host.cfaNow() === cfa };
    };
    for (let i = 0; i < count; i++) {
      const history = this.requireHistory();
      const step = { startFunction: this.stack()[0]?.fn?.name, startCfa: this.currentCfa() };
      if (history.current!.regs.rip === this.mainStart()) return this.moveTo(history.current!, { kind: 'history-start' });
      const here = history.current!;
      const anchors = this.lineStartObserver();
      // reverse-nexti from a function's entry goes back over the PLT stub that led there, to the call (gdb).
      const before = (host.useCounters ? await instructionBefore(host, here, anchors) : undefined) ?? await previousInstruction(host, here, anchors, into, kind === 'stepi');
      if (!before) return this.moveTo(here, { kind: 'history-start' });
      // reverse-nexti back over a call that returned here: from the callee's `ret` back to the
      // call, through its frame (stopping at a breakpoint met there, as gdb).
      const returned = kind === 'nexti' && before.regs.rsp + 8n === here.regs.rsp && (await readAt(host, before, before.regs.rip, 1))[0] === 0xc3;
      const callee = returned ? this.program!.functionAt(before.regs.rip) : undefined;
      const over = callee && await reverseFinish(host, { cfa: here.regs.rsp, low: callee.low, high: callee.high }, before);
      // (An instruction step shows the inlined calls entered there, as going forward.)
      const halt = over?.halt ?? { kind: 'step-done' };
      result = await this.moveTo(over?.position ?? before, halt.kind === 'step-done' ? { ...halt, inlineSkip: 0 } : halt, step);
    }
    return result!;
  }

  /** gdb's question before `jump SPEC` leaves the selected frame's function (an inlined one
   * counts as its own), or undefined when the target is in it. */
  jumpQuestion(spec: string): string | undefined {
    if (!this.live()) return undefined;
    const program = this.requireProgram();
    const frame = this.stack()[this.selectedLevel()];
    const targets = this.resolveSpec(spec, program, false);
    const target = targets[0];
    // Several places are refused by jump itself, before any question.
    if (!frame?.fn || targets.length !== 1) return undefined;
    const there = program.inlinedAt(target.address)[0]?.fn ?? program.functionAt(target.address);
    if (there && there.low === frame.fn.low && there.name === frame.fn.name) return undefined;
    return `Line ${target.line ?? 0} is not in \`${frame.fn.name}'.  Jump anyway?`;
  }

  /** `info frame`, in gdb's layout. */
  /** gdb's `info float`: the x87 unit of the selected thread. */
  floatInfo(): string[] {
    if (!this.live()) throw new UserError('The program has no registers now.');
    return floatInfoLines(this.proc!.xstate());
  }

  frameInfo(): string[] {
    const frames = this.requireStack();
    const frame = frames[this.selected];
    return frameInfoLines(frames, this.selected, this.describeFrame(frame), this.program!, (a, n) => this.proc!.readMemory(a, n));
  }

  // ---- the process: its thread, libraries, lines ----

  /** The selected thread; undefined without a process. */
  thread(): ThreadInfo | undefined {
    if (!this.live()) return undefined;
    const all = this.threads();
    return all.find((t) => t.tid === this.proc!.tid) ?? all[0];
  }

  /** The program's threads by gdb's numbers; a copy of the past shows the one thread it had as
   * the program's (its pid is the live process's). */
  threads(): ThreadInfo[] {
    if (!this.live() || !this.threadList) return [];
    const inf = this.inferior();
    if (inf.replaying) return [this.threadList.info(inf.pid, this.proc!.regs().fs_base)];
    return inf.threads().map((t) => this.threadList!.info(t.tid, t.fsBase)).sort((a, b) => a.id - b.id);
  }

  /** gdb's `thread N`: thread N becomes the one inspected and stepped, at its innermost frame. */
  selectThread(id: number): ThreadInfo {
    const t = this.threads().find((x) => x.id === id);
    if (!t) throw new UserError(`Invalid thread ID: ${id}`);
    if (t.tid !== this.proc!.tid) {
      this.proc!.selectThread(t.tid);
      this.frames = undefined;
    }
    this.selectFrameLevel(0);
    this.store.setInt('_thread', t.id);
    this.store.setInt('_gthread', t.id);
    return t;
  }

  /** Runs `fn` with thread `id` selected, then selects the thread and frame it found again. */
  async withThread<T>(id: number, fn: () => T | Promise<T>): Promise<T> {
    const level = this.selectedLevel();
    const before = this.thread()!;
    this.selectThread(id);
    try {
      return await fn();
    } finally {
      if (!this.live()) return undefined as T; // the command ended the program
      this.selectThread(before.id);
      this.frames = undefined;
      this.selectFrameLevel(level);
    }
  }

  /** `info sharedlibrary`: the libraries loaded now; after the program, gdb still knows its
   * dynamic linker. */
  libraries(): SharedLibrary[] {
    if (!this.live()) return this.knownLibraries.slice(0, 1);
    this.knownLibraries = sharedLibraries(this.program!, (a, n) => this.proc!.readMemory(a, n), this.isPostMortem());
    return this.knownLibraries;
  }
  private knownLibraries: SharedLibrary[] = [];

  /** The source line of code address `pc`, with the file named as in stops (`path`: its full
   * path), and the function there. */
  lineOf(pc: bigint): { file: string; path: string; line: number; function?: string } | undefined {
    const row = this.program?.rowAt(pc);
    return row ? { file: this.program!.displayName(row.file), path: row.file, line: row.line, function: this.program!.functionAt(pc)?.name } : undefined;
  }

  /** `info frame [N | level N | function NAME]`: that frame's, left unselected (gdb heads it
   * "Stack frame at", without a level). */
  frameInfoAt(args: string): string[] {
    const before = this.selected;
    try {
      return frameInfoOf(args.trim(), this, this.live());
    } finally {
      this.selected = before;
    }
  }

  /** `info functions|variables|types [REGEX]`. */
  listSymbols(kind: SymbolKind, regex: string): string[] {
    return listSymbols(this.requireProgram(), kind, regex.trim());
  }

  /** `info scope LINESPEC`: where the locals visible at that place live. */
  scope(spec: string): string[] {
    const text = spec.trim();
    if (text === '') throw new UserError('requires an argument (function, line or *addr) to define a scope');
    const program = this.requireProgram();
    return scopeLines(program, text, this.resolveSpec(text, program, false)[0].address);
  }

  /** `info address SYM`: where gdb says a symbol lives. */
  infoAddress(name: string): string {
    if (name === '') throw new UserError('Argument required.');
    if (!this.program) throw new UserError('No symbol table is loaded.  Use the "file" command.');
    const frame = this.stack()[this.selected];
    return addressOfSymbol(this.program, name, frame, (a, n) => this.context(frame).readMemory(a, n));
  }

  /** Goes back (or on) to stop `id` of the timeline, as the program was there. */
  async travel(id: number): Promise<ResumeResult> {
    const history = this.requireHistory();
    const pos = history.positions().find((p) => p.id === id);
    if (!pos) throw new UserError(`The timeline has no stop ${id}.`);
    if (pos === this.present && this.inferior().presentAlive) return this.restartStop(0);
    if (pos === history.end) {
      await this.showEnd();
      return this.report({ kind: 'history-end' });
    }
    return this.moveTo(pos, { kind: 'step-done' });
  }

  /** gdb's `restart N` (checkpoint N; 0, the present), reported as a stop there. */
  restartStop(id: number): ResumeResult {
    this.restartCheckpoint(id);
    return this.report({ kind: 'step-done' });
  }

  /** What `info record` and `info timeline` show. */
  timeline(): TimelineInfo { return timelineInfo(this.requireHistory(), this.inferior(), this.checkpointMemory); }

  /** The selected thread's variables as a tree (see variableTree.ts); valid until the program moves. */
  variableTree(hex = false): VariableTree {
    return new VariableTree({ program: this.requireProgram(), stack: () => this.stack(), context: (f) => this.context(f), printing: this.printing }, hex);
  }
  // ---- memory and code views (memoryView.ts) ----

  /** [address, address + count) up to the first unreadable byte, and how many bytes after it. */
  readMemoryRange(address: bigint, count: number): { data: Buffer; unreadable: number } {
    if (!this.live()) throw new UserError('The program is not being run.');
    return readReadable((a, n) => this.proc!.readMemory(a, n), address, count);
  }

  /** The address the value of `text` refers to in the selected frame (a pointer's target). */
  referencedAddress(text: string): bigint | undefined { const { value, ctx } = this.evaluate(text); return referencedAddress(value, ctx); }

  /** Where `text` is stored in the selected frame, or why a hardware watchpoint cannot watch it. */
  watchableStorage(text: string): ReturnType<typeof watchableStorage> { return watchableStorage(this.evaluate(text).value); }

  /** `count` instructions from `offset` instructions away from the one at `address`. */
  instructionsAround(address: bigint, offset: number, count: number): ViewInstruction[] {
    const ctx = this.context(this.live() ? this.stack()[0] : undefined);
    return instructionsAround((a, n) => ctx.readMemory(a, n), (a) => this.program?.functionAt(a)?.low, (a) => ctx.symbolize(a), address, offset, count);
  }
}
