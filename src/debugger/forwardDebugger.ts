// The Debugger without reverse execution: one program, its process (with recorded history),
// running and stepping forward; stops are reported as data (events.ts).
import { Process, shellWord } from '../target/Process';
import { totalMemory } from '../target/maps';
import { UserError, type ResumeResult, type Stop, type StopReason, type LocationStyle } from './events';
import { Runner, type Halt } from './execution';
import { hiddenInlinedCalls, inlineEntriesAt } from './frames';
import { exitResult } from './exitResult';
import { CallNeeded } from './evalContext';
import { callResult, callStopped, popDummy, setUpCall } from './inferiorCall';
import type { FunctionType } from '../symbols/types';
import type { Value } from '../expr/context';
import { inferiorEnvironment, inferiorExecPath, splitArguments } from './inferiorEnv';
import { trapSiginfo } from './siginfo';
import { BreakpointControl } from './breakpointControl';
import { Checkpoints } from './checkpoints';
import { openProgram } from './loadProgram';
import { thinCheckpoints } from './budget';
import { ThreadList } from './threadList';
import { DEFAULT_INTERVAL_MS, Inferior, type Checkpoint, type IntervalCalls } from '../timeline/Inferior';
import { stackBytes } from './spans';
import { CoreTracee } from './postMortem';
import type { ImageHistory } from '../timeline/logFile';
import { toMoment } from './imageHistory';
import { History, sameRegisters, type Position, type Segment } from './history';

/** What a replay's observer returns to end the command being replayed. */
export const REPLAY_MARK = -1;
/** The breakpoint number a forward command from the past stops with at the present. */
const PRESENT_MARK = -2;
import { signalDescription, signalName } from './signals';

export type StepStartInfo = { startFunction?: string; startCfa?: bigint };

export abstract class ForwardDebugger extends BreakpointControl {
  protected programFile?: string;
  protected programArguments: string[] = [];
  protected runner?: Runner;
  protected interruptRequested = false;
  /** Front-end commands running (nested: a CLI line that runs others); see command(). */
  private commandDepth = 0;
  /** The breakpoint number of the last stop, for `continue N`. */

  /** Loads a program; returns a warning to show (e.g. no debugging symbols), if any. */
  load(file: string, args: string[] = []): string | undefined {
    const { program, resolved } = openProgram(file);
    this.program = program;
    this.programFile = inferiorExecPath(resolved);
    this.programArguments = args;
    return program.hasDebugInfo ? undefined : `(No debugging symbols found in ${file})`;
  }

  programPath(): string | undefined { return this.programFile; }

  programArgs(): string[] { return this.programArguments; }

  /** gdb's `set args TEXT` (and `run TEXT`). */
  setProgramArgs(text: string): void {
    this.programArguments = splitArguments(text);
    this.programArgsText = text;
  }

  /** The arguments as the user gave them (`show args`). */
  programArgsText?: string;

  /** The arguments as shell text: as given to `set args`/`run`, or the words of `--args` escaped. */
  programArgsLine(): string {
    return this.programArgsText ?? this.programArguments.map(shellWord).join(' ');
  }

  /** gdb's `set startup-with-shell`. */
  startupWithShell = true;

  override setSetting(word: string, value: string): boolean {
    if (word === 'startup-with-shell') this.startupWithShell = !/^(off|0|no|disable)$/.test(value.trim());
    return super.setSetting(word, value);
  }

  pid(): number | undefined { return this.proc?.state === 'stopped' || this.proc?.state === 'running' ? this.proc.pid : undefined; }

  protected checkpointSet?: Checkpoints;
  protected history?: History;

  protected inferior(): Inferior { return this.proc as Inferior; }

  /** gdb's `checkpoint`, `restart N`, `delete checkpoint N`, `info checkpoints`. */
  checkpoints(): Checkpoints {
    if (!this.checkpointSet) throw new UserError('The program is not being run.');
    return this.checkpointSet;
  }

  /** After the process shown changed (a checkpoint restored): forget what was computed. */
  switchedProcess(): void {
    this.frames = undefined;
    this.selectFrameLevel(0);
    // The calls in progress there: those whose return address is on its stack.
    const sp = this.proc!.regs().rsp;
    this.dummies = this.dummies.filter((d) => d.returnSp > sp && this.proc!.readMemory(d.returnSp - 8n, 8).readBigUInt64LE(0) === d.returnAddress);
    this.inlineSkip = inlineEntriesAt(this.program!, this.proc!.regs().rip);
    this.refreshModules();
    if (!this.runner) this.makeRunner(); // the program had ended: a checkpoint brings it back
    // A signal the program stopped with belongs to that moment, not to this one.
    this.runner!.pendingSignal = 0;
    this.syncBreakpoints();
  }

  protected makeRunner(): void {
    // The dynamic linker calls _dl_debug_state after each change to the library list.
    this.solibEvent = this.program!.elfFunctionAddress('_dl_debug_state') ?? this.program!.functionsByName('_dl_debug_state')[0]?.low;
    this.runner = new Runner(this.proc!, this.codeMap(), {
      breakpointsHit: (pc) => (this.atPresent(pc) ? [PRESENT_MARK] : this.breakpointsHit(pc)),
      watchpointHit: (slot) => this.watchpointHit(slot),
      interrupted: () => this.interruptRequested,
      signalAction: (n) => this.signals.action(n),
      signalReceived: (n) => this.notify(`\nProgram received signal ${signalName(n)}, ${signalDescription(n)}.`),
      callReturn: (pc, sp) => this.dummies.some((d) => d.returnAddress === pc && d.returnSp === sp),
    });
  }

  hasCheckpoints(): boolean { return this.checkpointSet !== undefined; }

  protected requireRunner(): Runner {
    if (!this.proc || !this.runner || this.proc.state !== 'stopped') throw new UserError('The program is not being run.');
    return this.runner;
  }

  /** Where and with what the program starts, for front ends that are not a terminal (DAP):
   * its environment, directory and standard descriptors; unset, rdb's own. */
  launch: { env?: NodeJS.ProcessEnv; cwd?: string; stdio?: [number, number, number] } = {};

  /** Starts (or restarts) the program and runs to the first stop; `atFirstInstruction`, stops
   * before it runs any (gdb's starti). */
  async run(atFirstInstruction = false): Promise<ResumeResult> {
    this.requireProgram();
    if (this.proc) {
      await this.proc.kill(); // also its checkpoints, which outlive its end
      this.afterExit(); // the new process holds none of the old one's breakpoints
    }
    // gdb starts the program through $SHELL, which sets the order of its environment.
    const args = this.programArgsLine();
    const live = await Process.spawn(this.programFile!, this.programArguments, {
      env: inferiorEnvironment(this.launch.env ?? process.env, this.startupWithShell), cwd: this.launch.cwd ?? process.cwd(), disableAslr: true,
      stdio: this.launch.stdio,
      shell: this.startupWithShell ? { path: process.env.SHELL || '/bin/sh', args } : undefined,
    });
    this.adopt(live);
    // A breakpoint that cannot be inserted leaves the program at its first instruction (gdb).
    const failed = this.insertionFailures();
    if (failed) throw new UserError(failed);
    // Where the program stands now is the start of its history already.
    if (atFirstInstruction) return this.report({ kind: 'started' });
    return this.resume((r) => r.cont());
  }

  /** Makes the stopped process `live` the program: recorded, its history starting here, or
   * (an image's) at `image.base`, from where `image.history` leads to here. */
  protected adopt(live: Process, image?: { base: Process; history: ImageHistory }): void {
    const program = this.requireProgram();
    live.onFork = (child, how) => this.notify(`[Detaching after ${how} from child process ${child}]`);
    const proc = new Inferior(live, image?.history.log);
    proc.interrupted = () => this.interruptRequested;
    proc.intervalMs = this.checkpointInterval;
    proc.intervalCalls = this.checkpointCalls;
    this.proc = proc;
    this.threadList = ThreadList.following(proc, (line) => this.notify(line));
    this.store.setInt('_thread', 1);
    this.store.setInt('_gthread', 1);
    this.checkpointSet = new Checkpoints(proc, () => ({ shown: this.history?.current, present: this.present }));
    this.refreshModules();
    this.makeRunner();
    // gdb counts hits per run.
    for (const bp of this.bps.all()) bp.hitCount = 0;
    for (const bp of this.bps.all()) if (bp.type === 'breakpoint') this.resolveBreakpoint(bp, program);
    this.syncBreakpoints();
    this.rearmWatchpoints();
    this.history = new History();
    if (!image) {
      // History starts at the program's first instruction.
      this.enterPosition();
      return;
    }
    const { log, regs, stack } = image.history;
    const checkpoint = proc.adoptBase(image.base);
    const from = this.history.enter({ id: -1, checkpoint, mark: { kind: 'end' }, regs: { ...image.base.regs() } });
    this.enterPosition({ from, ...toMoment(proc, regs, { logIndex: log.length, tscIndex: log.tsc.length, stack }) });
  }

  async kill(): Promise<number> {
    if (!this.proc || this.proc.state === 'exited') throw new UserError('The program is not being run.');
    const pid = this.proc.pid;
    await this.proc.kill();
    this.afterExit();
    return pid;
  }

  protected afterExit(): void {
    this.store.setInt('_thread', 0);
    this.store.setInt('_gthread', 0);
    this.frames = undefined;
    this.solibEvent = undefined;
    this.inserted.clear();
    this.runner = undefined;
    this.dummies = [];
  }

  /**
   * Runs one command of a front end (a CLI line, a DAP request). An interrupt asked while it runs
   * holds until the command ends or reports the interrupted stop: every run of the program the
   * command starts from then stops at once, so a search that runs copy after copy of the
   * program, with none running in between, ends too.
   */
  async command<T>(fn: () => Promise<T>): Promise<T> {
    if (this.commandDepth++ === 0) this.interruptRequested = false;
    try {
      return await fn();
    } finally {
      if (--this.commandDepth === 0) this.interruptRequested = false;
      // A search that failed or was interrupted leaves the libraries it saw in a copy of the
      // past: what is shown is the process as it stands.
      if (this.modulesFromCopy && this.proc?.state === 'stopped') this.refreshModules();
    }
  }

  /** Interrupts (Ctrl-C) the running program, and within command() what the command runs
   * next; false if no command and no program is running. */
  interrupt(): boolean {
    const running = this.proc?.state === 'running';
    if (!running && this.commandDepth === 0) return false;
    this.interruptRequested = true;
    if (running) this.proc!.interrupt();
    return true;
  }

  /** A run starts: an interrupt from before it is forgotten, unless a command holds it. */
  protected freshRun(): void {
    if (this.commandDepth === 0) this.interruptRequested = false;
  }

  /** Kills the program and frees everything; safe to call twice. */
  async dispose(): Promise<void> {
    if (this.proc) await this.proc.kill().catch(() => undefined);
    this.afterExit();
  }

  async cont(): Promise<ResumeResult> {
    this.requireRunner();
    return this.resume((r) => r.cont());
  }

  /** gdb's `signal SIG`: continues, delivering `signo` (0: none, also not the one it stopped with). */
  async continueWithSignal(signo: number): Promise<ResumeResult> {
    this.requireRunner().pendingSignal = signo;
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
        result = this.enterInlined();
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

  /** Stopped at an inlined call's entry, shown at its call site: `step` enters it in place. */
  protected enterInlined(): ResumeResult {
    this.inlineSkip--;
    this.frames = undefined;
    return { kind: 'stopped', stop: { reason: { kind: 'step' }, frame: this.describeFrame(this.stack()[0]), style: 'source-and-location' } };
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
        const name = this.program!.functionAt(e.address)?.name ?? `at 0x${e.address.toString(16)}`;
        state.results.push(await this.callFunction(e.address, e.type, e.args, name));
      } finally {
        this.calls = undefined;
      }
    }
  }

  /** Runs one call of a program function for an expression; a call that does not return
   * reports its stop and fails, leaving the program in the called function (as gdb). */
  private async callFunction(address: bigint, type: FunctionType, args: Value[], name: string): Promise<Value> {
    const proc = this.proc!;
    if (proc instanceof CoreTracee) throw new UserError('You can\'t do that without a process to debug.');
    const runner = this.requireRunner();
    const from = this.history?.current;
    const dummy = { ...setUpCall(proc, address, type, args, name), signal: runner.pendingSignal };
    // The call runs without the program's last signal, which waits until it is over (gdb).
    runner.pendingSignal = 0;
    this.dummies.push(dummy);
    this.frames = undefined;
    this.freshRun();
    const halt = await runner.cont();
    let value: Value | undefined;
    if (halt.kind === 'call-return') {
      value = callResult(proc, type);
      this.dummies.pop();
      popDummy(proc, dummy);
      runner.pendingSignal = dummy.signal;
    }
    this.frames = undefined;
    // The call changed the program without it running: history goes on after a barrier.
    if (from && proc.state === 'stopped') this.enterPosition({ from, op: async () => ({ kind: 'internal' }), frozen: this.freeze(), barrier: true });
    if (value) return value;
    const bySignal = halt.kind === 'signal' && !this.interruptRequested;
    throw callStopped(name, this.report(halt), bySignal);
  }

  /** The program returned to the dummy frame of a call it stopped in: it gets back the registers
   * it had before that call (and before calls made inside it since). */
  private returnFromCall(from: Position | undefined): void {
    const proc = this.proc!;
    const { rip, rsp } = proc.regs();
    const i = this.dummies.findIndex((d) => d.returnAddress === rip && d.returnSp === rsp);
    if (i < 0) throw new Error(`no call returns to 0x${rip.toString(16)}`);
    const popped = this.dummies.splice(i);
    for (const d of popped.slice(1)) if (proc.hasBreakpoint(d.returnAddress)) proc.removeBreakpoint(d.returnAddress);
    popDummy(proc, popped[0]);
    this.runner!.pendingSignal = popped[0].signal ?? 0;
    this.frames = undefined;
    if (from) this.enterPosition({ from, op: async () => ({ kind: 'internal' }), frozen: this.freeze(), barrier: true });
  }

  protected override stopSiginfo(): Buffer | undefined {
    if (this.proc instanceof CoreTracee) return this.proc.siginfo();
    const last = this.runner?.lastStop;
    if (!last || this.proc?.state !== 'stopped') return undefined;
    return last.kind === 'signal' ? last.raw : trapSiginfo(last.code, last.addr);
  }

  /** Runs one engine operation and turns its halt into a front-end result. */
  protected async resume(op: (r: Runner) => Promise<Halt>, step?: StepStartInfo, beforeCallReturn?: () => void): Promise<ResumeResult> {
    const failed = this.insertionFailures();
    if (failed) throw new UserError(`${failed}\nCommand aborted.`);
    const runner = this.runner!;
    this.resumedTid = this.proc!.tid;
    this.frames = undefined;
    this.freshRun();
    this.lastBreakpoint = undefined;
    this.refreshWatchValues();
    const frozen = this.freeze();
    const from = this.history?.current;
    const signals = this.inferior().log.asyncSignals.length;
    const signal = runner.pendingSignal || undefined;
    // After `record`, a command from the past stops at the present, as gdb's record stops at
    // the end of its log (no new position: the present is shown again; a next command goes on
    // live). Otherwise it goes on live past the present.
    const inf = this.inferior();
    const present = this.present;
    const armed = from && present && from !== present && this.recorded === this.history && inf.replaying && inf.presentAlive ? present : undefined;
    if (armed) {
      this.presentStop = armed;
      inf.insertBreakpoint(armed.regs.rip);
    }
    inf.beginIntervals();
    const runs = inf.runsStarted;
    let halt: Halt;
    let intervals: Checkpoint[];
    try {
      halt = await op(runner);
    } finally {
      intervals = inf.takeIntervals();
      if (armed) {
        this.presentStop = undefined;
        if (this.proc!.state === 'stopped') inf.removeBreakpoint(armed.regs.rip);
      }
    }
    if (halt.kind === 'call-return') {
      // (No checkpoint at the return address: a fork cannot be injected where code cannot run.)
      for (const cp of intervals) void inf.drop(cp);
      this.frames = undefined;
      beforeCallReturn?.();
      this.returnFromCall(from);
      return this.report(halt, step);
    }
    if (armed && halt.kind === 'breakpoint' && halt.numbers.includes(PRESENT_MARK)) {
      for (const cp of intervals) void inf.drop(cp);
      this.checkpoints().restore(0);
      this.history!.enter(armed);
      this.switchedProcess();
      return this.report({ kind: 'history-end' }, step);
    }
    const late = inf.log.asyncSignals[signals];
    const interrupted = halt.kind === 'signal' && halt.signo === 2 && this.interruptRequested;
    if (interrupted && inf.runsStarted === runs && from) {
      // Interrupted before it ran at all: the program is where it was, at the same position.
      for (const cp of intervals) void inf.drop(cp);
      return this.report(halt, step);
    }
    const unreplayable = inf.unrecordable ?? (late ? `signal ${signalName(late.signal)} came from outside between two system calls while the program ran, and rdb cannot replay such signals yet`
      : interrupted ? 'the program was interrupted here (Ctrl-C, a pause) while it ran, at a moment replay cannot find again' : undefined);
    const segment = (): Segment => ({ from: from!, op, frozen, signal, unreplayable, intervals: intervals.length && !unreplayable ? intervals : undefined });
    if (!from || unreplayable || !(this.proc!.state === 'stopped' || inf.atExit)) for (const cp of intervals) void inf.drop(cp);
    if (from && this.proc!.state === 'stopped') this.enterPosition(segment());
    else if (from && inf.atExit) return this.reachedEnd(from, segment(), halt, step);
    return this.report(halt, step);
  }

  /** The program reached its exit (a command from position `from` ended there): what to report. */
  protected abstract reachedEnd(from: Position, segment: Segment, halt: Halt, step?: StepStartInfo): Promise<ResumeResult>;

  /** The position of the live process (the present), the last one it stopped at. */
  protected present?: Position;

  /** The history `record` was given in (as gdb's record, a command from the past then stops
   * at the present). */
  protected recorded?: History;

  /** The present, while a forward command from the past runs towards it. */
  private presentStop?: Position;

  /** Whether the program (a copy of the past) stands exactly at the present at `pc`. */
  private atPresent(pc: bigint): boolean {
    const p = this.presentStop;
    return p !== undefined && pc === p.regs.rip && sameRegisters(this.proc!.regs(), p.regs);
  }

  /** gdb's `restart N`: checkpoint N (0: the present) is shown, and history goes on from there. */
  restartCheckpoint(id: number): number {
    const { pid, at } = this.checkpoints().restore(id);
    if (at) this.history?.enter(at);
    this.switchedProcess();
    return pid;
  }

  /** Records the stop just reached as a position of history, with a checkpoint. */
  protected enterPosition(segment?: Segment): void {
    const proc = this.inferior();
    const checkpoint = proc.unrecordable ? undefined : proc.checkpoint();
    const regs = { ...proc.regs() };
    // A command's end is recognised by these in runs from its interval checkpoints.
    const progress = segment?.intervals && checkpoint ? { logIndex: checkpoint.logIndex, tscIndex: checkpoint.tscIndex, stack: stackBytes(proc, regs.rsp) } : undefined;
    const p = this.history!.enter({ id: -1, checkpoint, segment, mark: { kind: 'end' }, regs, progress });
    if (!proc.replaying) this.present = p;
    if (this.history!.size % 8 === 0) this.thinHistory();
  }

  /** What the checkpoints of history may hold in memory (`set checkpoint-memory`). */
  checkpointMemory = Math.floor(totalMemory() / 4);

  /** Live time between interval checkpoints of a long command (`set checkpoint-interval`, ms). */
  checkpointInterval = DEFAULT_INTERVAL_MS;
  /** Interval checkpoints by recorded calls instead (the hidden `set checkpoint-interval-calls`). */
  checkpointCalls?: IntervalCalls;

  /** Frees older checkpoints within the memory budget (see budget.ts). */
  protected thinHistory(): void {
    thinCheckpoints(this.history!, this.inferior(), this.checkpointMemory);
  }

  /** Turns an engine halt into a front-end result. */
  protected report(halt: Halt, step?: StepStartInfo): ResumeResult {
    const runner = this.runner!;
    const proc = this.proc!;
    // Warnings of the run (a condition that could not be evaluated) come before its stop.
    for (const w of this.warnings.splice(0)) this.notifyError(w);
    this.frames = undefined;
    this.selectFrameLevel(0);
    if (proc.state === 'stopped') {
      const pc = proc.regs().rip;
      const brokenOn = halt.kind === 'breakpoint' ? halt.numbers.flatMap((n) => this.bps.has(n)
        ? this.bps.get(n).locations.filter((l) => l.address === pc && l.inlined).map((l) => l.function) : []) : [];
      this.inlineSkip = halt.kind === 'step-done' && halt.inlineSkip !== undefined ? halt.inlineSkip : hiddenInlinedCalls(this.program!, pc, brokenOn);
    }
    if (halt.kind === 'exited' || halt.kind === 'killed') {
      this.afterExit();
      this.deleteScopedWatchpoints();
      return exitResult(this.store, proc.pid, halt);
    }
    this.refreshModules();
    let reason: StopReason = { kind: 'step' };
    let style: LocationStyle = 'source-and-location';
    switch (halt.kind) {
      case 'breakpoint':
        reason = this.breakpointReason(halt.numbers, proc.regs().rip);
        break;
      case 'watchpoint':
        reason = this.watchpointReason(halt.number);
        break;
      case 'signal':
        if (halt.signo === 2 && this.interruptRequested) {
          reason = { kind: 'interrupted' };
          runner.pendingSignal = 0;
          // Taken: the command's next run (a loop of a user-defined command) goes on.
          this.interruptRequested = false;
        } else {
          reason = { kind: 'signal', name: signalName(halt.signo), description: signalDescription(halt.signo) };
        }
        break;
      case 'history-start': case 'history-end': case 'call-return': case 'started':
        reason = { kind: halt.kind };
        break;
      case 'step-done': case 'internal': {
        const fn = this.stack()[0]?.fn?.name;
        const cfa = this.currentCfa();
        const stepCfa = (halt.kind === 'step-done' ? halt.stepCfa : undefined) ?? step?.startCfa;
        const stepFn = (halt.kind === 'step-done' ? halt.stepFunction : undefined) ?? step?.startFunction;
        if (step && stepFn !== undefined && fn === stepFn && (stepCfa === undefined || cfa === stepCfa)) style = 'source-line';
        break;
      }
    }
    const stop: Stop = { reason, frame: this.describeFrame(this.stack()[0]), style, ...this.stopThread() };
    return { kind: 'stopped', stop };
  }

  /** The program's threads (gdb's numbering) in this run. */
  protected threadList?: ThreadList;
  /** The thread selected when the last command resumed the program. */
  private resumedTid?: number;

  /** Which thread a stop is in, once there are several: gdb names it in the stop line, and
   * says so when it is another thread than the one that was selected. */
  private stopThread(): Partial<Pick<Stop, 'thread' | 'switchedTo'>> {
    const at = this.threadList?.stopIn(this.inferior(), this.resumedTid);
    if (!at) return {};
    this.store.setInt('_thread', at.id);
    this.store.setInt('_gthread', at.id);
    return at.stop;
  }

  /** The CFA of the innermost frame. */
  protected currentCfa(): bigint | undefined {
    return this.stack()[0]?.cfa;
  }

  /** The innermost frame's return address and CFA, for leaving code without line info. */
  protected callerOfInnermost(): { pc: bigint; cfa: bigint } | undefined {
    this.frames = undefined;
    const frames = this.stack(2);
    if (frames.length < 2 || frames[0].cfa === undefined) return undefined;
    return { pc: frames[1].pc, cfa: frames[0].cfa };
  }
}
