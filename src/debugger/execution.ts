// How the program is moved: continue with breakpoints, conditions, watchpoints and signals,
// and gdb's line-stepping algorithm (step, next, until, finish, stepi, nexti).
//
// Terms. A "row" is one line-table entry: the addresses [start, end) of one line. "Stepping
// over" a call runs to its return address with a temporary internal breakpoint, so a call
// to printf costs two stops, not thousands of single-steps. As in gdb, a step ends at the
// first is_stmt row start whose line differs from the line being stepped; landing in the
// middle of a row (after returning to a caller) adopts that row's line and keeps stepping.
import type { TargetEvent, Tracee } from '../target/Process';
import type { SignalAction } from './signals';

export interface CodeRow { file: string; line: number; start: bigint; end: bigint; isStmt: boolean }
export interface CodeFunction {
  name: string; low: bigint; high: bigint; hasLines: boolean;
  /** Code that only forwards a call (a PLT stub, the lazy binder): `step` goes through it. */
  trampoline: boolean;
}

const SIGSEGV = 11;
const SI_KERNEL = 0x80, TRAP_TRACE = 2, TRAP_HWBKPT = 4;

/** Single-steps allowed for going through a PLT stub and a first-call symbol resolution. */
const TRAMPOLINE_STEP_LIMIT = 200000;

/** What the stepping algorithms need to know about code: addresses to lines and functions. */
export interface CodeMap {
  rowAt(pc: bigint): CodeRow | undefined;
  functionAt(pc: bigint): CodeFunction | undefined;
  /** Where `step` into `fn` stops: gdb's post-prologue address. */
  stepTarget(fn: CodeFunction): bigint;
  /** The inlined calls holding pc, innermost first: their entry and call site. */
  inlineChain(pc: bigint): InlinedCall[];
  /** Entries of the functions that jump out of calls to a setjmp (longjmp and its aliases). */
  longjumps(): bigint[];
}

/** The function a non-local jump (longjmp) left from: its entry and its CFA there. */
export interface Jumper { entry: bigint; cfa: bigint }

/** An inlined call: its lowest address, the addresses a stop at hides it (see frames.ts inlineStarts), its call site. */
export interface InlinedCall { name: string; low: bigint; starts: bigint[]; callFile?: string; callLine?: number }

/** Where a line step starts, as the user sees it: how many inlined calls deep frame 0 is
 * (hidden ones excluded) and the line it shows. */
export interface StepStart { depth: number; line?: { file: string; line: number } }

/** Why the program stopped, before the Debugger turns it into a user-facing Stop. */
export type Halt =
  | { kind: 'breakpoint'; numbers: number[] }
  | { kind: 'watchpoint'; number: number }
  | { kind: 'signal'; signo: number }
  /** `stepCfa`, `stepFunction`: the frame a line step went on in (gdb's set_step_info), where
   * not the one it started in; a stop in it is shown as a line alone. */
  | { kind: 'step-done'; inlineSkip?: number; stepCfa?: bigint; stepFunction?: string }
  | { kind: 'internal' }
  /** A function the debugger called returned to its dummy frame's return address. */
  | { kind: 'call-return' }
  | { kind: 'exited'; code: number }
  | { kind: 'killed'; signo: number }
  /** A reverse command reached the start of recorded history. */
  | { kind: 'history-start' }
  /** The program was started and stopped at its first instruction (`starti`). */
  | { kind: 'started' }
  /** A forward command in the recorded past reached its end: the program's exit. */
  | { kind: 'history-end' };

/** The policy hooks the Debugger supplies: which stops the user cares about. */
export interface StopPolicy {
  /** User breakpoints at `pc` that stop (conditions true, ignore counts used up); counts hits. */
  breakpointsHit(pc: bigint): number[];
  /** A triggered watchpoint: the number of the one whose value changed, or undefined. */
  watchpointHit(slot: number): number | undefined;
  /** Whether the user asked to interrupt. */
  interrupted(): boolean;
  /** What a signal the program receives does (gdb's `handle` table). */
  signalAction(signo: number): SignalAction;
  /** A signal that does not stop the program but is reported as it arrives. */
  signalReceived?(signo: number): void;
  /** Whether pc and sp are where a function the debugger called returns (see DummyFrame). */
  callReturn?(pc: bigint, sp: bigint): boolean;
}

/** What the kernel said of the program's last stop: a signal's siginfo_t, or the SIGTRAP of a
 * breakpoint (SI_KERNEL), a single-step (TRAP_TRACE) or a debug register (TRAP_HWBKPT). */
export type LastStop = { kind: 'signal'; raw: Buffer } | { kind: 'trap'; code: number; addr: bigint };

/**
 * gdb's rules for a line step (either way) that reached `pc`, held by the inlined calls `chain`
 * (innermost first), deeper than the frame stepped in (`depth0` calls deep): at the entry of an
 * inlined call, `step` enters it if the call is on the line being stepped and otherwise stops at
 * the call site, `next` goes through it if the call is on that line and otherwise stops at the
 * call site; inside an inlined call past its entry, `step` stops and `next` goes on. Undefined
 * when the pc is not deeper than the start.
 */
export function inlinedStep(chain: InlinedCall[], pc: bigint, mode: 'step' | 'next' | 'until', depth0: number,
  line: { file: string; line: number } | undefined): Extract<Halt, { kind: 'step-done' }> | 'continue' | undefined {
  const fresh = chain.length - depth0;
  if (fresh <= 0) return undefined;
  const entries = inlineEntries(chain, pc);
  if (entries < fresh) return mode === 'step' ? { kind: 'step-done', inlineSkip: entries } : 'continue';
  const call = chain[fresh - 1];
  const onLine = line !== undefined && call.callLine === line.line && call.callFile === line.file;
  if (mode === 'step') return { kind: 'step-done', inlineSkip: onLine ? entries - 1 : entries };
  return onLine ? 'continue' : { kind: 'step-done', inlineSkip: entries };
}

/** How many of the inlined calls `chain` (innermost first) start at `pc`: a stop there hides them. */
export function inlineEntries(chain: InlinedCall[], pc: bigint): number {
  let entries = 0;
  while (entries < chain.length && chain[entries].starts.includes(pc)) entries++;
  return entries;
}

export class Runner {
  /** A signal to deliver on the next resume (the one the program last stopped with). */
  pendingSignal = 0;
  lastStop?: LastStop;

  constructor(private readonly proc: Tracee, private readonly code: CodeMap, private readonly policy: StopPolicy) {}

  private pc(): bigint { return this.proc.regs().rip; }
  private sp(): bigint { return this.proc.regs().rsp; }

  private takeSignal(): number {
    const s = this.pendingSignal;
    this.pendingSignal = 0;
    return s;
  }

  private atCallReturn(): boolean {
    return this.policy.callReturn?.(this.pc(), this.sp()) === true;
  }

  /** Turns a target event into a halt, or undefined if the run should go on. */
  private classify(ev: TargetEvent, internal?: (pc: bigint) => boolean): Halt | undefined {
    if (ev.kind === 'signal') this.lastStop = { kind: 'signal', raw: ev.siginfo.raw };
    else if (ev.kind === 'breakpoint') this.lastStop = { kind: 'trap', code: SI_KERNEL, addr: 0n };
    else if (ev.kind === 'step' || ev.kind === 'watchpoint') this.lastStop = { kind: 'trap', code: ev.kind === 'step' ? TRAP_TRACE : TRAP_HWBKPT, addr: this.pc() };
    // The return address of a debugger's call is on the stack: returning there faults (the stack
    // is not executable) or, on an executable stack, hits the breakpoint written there.
    // gdb returns from its calls through a breakpoint, so $_siginfo then shows that SIGTRAP.
    if ((ev.kind === 'breakpoint' || (ev.kind === 'signal' && ev.signal === SIGSEGV)) && this.atCallReturn()) {
      this.lastStop = { kind: 'trap', code: SI_KERNEL, addr: 0n };
      return { kind: 'call-return' };
    }
    switch (ev.kind) {
      case 'exited': return { kind: 'exited', code: ev.code };
      case 'killed': return { kind: 'killed', signo: ev.signal };
      case 'breakpoint': {
        const numbers = this.policy.breakpointsHit(ev.address);
        if (numbers.length > 0) return { kind: 'breakpoint', numbers };
        if (internal && internal(ev.address)) return { kind: 'internal' };
        return undefined;
      }
      case 'watchpoint': {
        // Every slot that triggered is told (one write can concern several watchpoints).
        const numbers = ev.slots.map((s) => this.policy.watchpointHit(s)).filter((n): n is number => n !== undefined);
        return numbers.length ? { kind: 'watchpoint', number: numbers[0] } : undefined;
      }
      case 'step': return { kind: 'step-done' };
      case 'event': return undefined; // fork children are let go by Process
      case 'signal': {
        if (ev.signal === 19 /* SIGSTOP */ && this.policy.interrupted()) return { kind: 'signal', signo: 2 };
        const action = this.policy.signalAction(ev.signal);
        this.pendingSignal = action.pass ? ev.signal : 0;
        if (action.stop) return { kind: 'signal', signo: ev.signal };
        if (action.print) this.policy.signalReceived?.(ev.signal);
        return undefined;
      }
    }
  }

  /** Continues until something the user or `internal` cares about. The signal it starts with
   * is delivered where the program stands, as gdb does: a breakpoint there is hit again after
   * the handler returns (or at once if the signal is ignored). */
  async cont(internal?: (pc: bigint) => boolean): Promise<Halt> {
    // The command's own stops count only in the thread it runs in; any thread may hit the user's.
    const tid = this.proc.tid;
    const mine = internal && ((pc: bigint): boolean => this.proc.tid === tid && internal(pc));
    for (let first = true; ; first = false) {
      const signal = this.takeSignal();
      const ev = await this.proc.cont(signal, !(first && signal !== 0));
      const h = this.classify(ev, mine);
      if (h) return h;
      // A watch trap that does not stop comes after the instruction, maybe where a breakpoint is:
      // going on would step over that one unseen, so it is hit here.
      if (ev.kind === 'watchpoint' && this.proc.state === 'stopped' && this.proc.hasBreakpoint(this.pc())) {
        const b = this.classify({ kind: 'breakpoint', address: this.pc() }, mine);
        if (b) return b;
      }
    }
  }

  /** One instruction; calls are entered. Breakpoints at the new pc count as hits. */
  async stepInstruction(): Promise<Halt> {
    const tid = this.proc.tid;
    const ev = await this.proc.step(this.takeSignal());
    const h = this.classify(ev);
    if (!h && this.proc.tid !== tid && this.proc.state === 'stopped' && this.proc.threads().some((t) => t.tid === tid)) {
      // Another thread stopped for nothing the user stops for (its signal is passed to it when it
      // runs again): the step goes on in its own thread, which may not have moved.
      this.proc.queueSignal(this.proc.tid, this.takeSignal());
      this.proc.selectThread(tid);
      return { kind: 'step-done' };
    }
    if (h && h.kind !== 'step-done') return h;
    if (this.atCallReturn()) return { kind: 'call-return' };
    const numbers = this.policy.breakpointsHit(this.pc());
    // gdb hides inlined calls entered only at the end of a line step, never after an instruction.
    return numbers.length ? { kind: 'breakpoint', numbers } : { kind: 'step-done', inlineSkip: 0 };
  }

  /** Runs until `pc` is reached with the stack pointer above `spBelow` (the frame returned). */
  async runTo(pc: bigint, spAbove?: bigint): Promise<Halt> {
    this.proc.insertBreakpoint(pc);
    try {
      return await this.cont((at) => at === pc && (spAbove === undefined || this.sp() > spAbove));
    } finally {
      if (this.proc.state === 'stopped') this.proc.removeBreakpoint(pc);
    }
  }

  private inlinedStep(mode: 'step' | 'next' | 'until', depth0: number, line: { file: string; line: number } | undefined): Halt | 'continue' | undefined {
    return inlinedStep(this.code.inlineChain(this.pc()), this.pc(), mode, depth0, line);
  }

  /** `finish` from an inlined call: steps (over calls) until the pc leaves `ranges`, then on to
   * the start of a statement. */
  async stepOut(ranges: Array<[bigint, bigint]>): Promise<Halt> {
    const inside = (pc: bigint): boolean => ranges.some(([a, b]) => pc >= a && pc < b);
    for (;;) {
      const h = await this.nextInstruction();
      if (h.kind !== 'step-done') return h;
      if (this.policy.interrupted()) return { kind: 'signal', signo: 2 };
      const pc = this.pc();
      if (inside(pc)) continue;
      const row = this.code.rowAt(pc);
      if (!row || (pc === row.start && row.isStmt)) return { kind: 'step-done' };
    }
  }

  /** From the entry of a PLT stub, single-steps to the function it forwards to: the first pc
   * outside trampolines with the stack as it was at the stub's entry (the lazy binder pushes
   * and restores it). Gives up, at the stub's callee-to-be unknown, after a step budget; or
   * where `stop`, asked after each step, says so. */
  private async throughTrampoline(stop?: () => boolean): Promise<Halt> {
    const entrySp = this.sp();
    for (let i = 0; i < TRAMPOLINE_STEP_LIMIT; i++) {
      const h = await this.stepInstruction();
      if (h.kind !== 'step-done' || stop?.()) return h;
      const fn = this.code.functionAt(this.pc());
      if (this.sp() === entrySp && fn && !fn.trampoline) return h;
      if (this.sp() > entrySp) return h;
    }
    return { kind: 'step-done' };
  }

  /** Whether the last single-step executed a call: the stack grew by a return address that
   * points just after the previous instruction. */
  private enteredCall(prevPc: bigint, prevSp: bigint): boolean {
    const sp = this.sp();
    if (sp !== prevSp - 8n) return false;
    const ret = this.proc.readMemory(sp, 8).readBigUInt64LE(0);
    return ret > prevPc && ret <= prevPc + 15n;
  }

  /** `nexti`: one instruction, stepping over calls. With `jumps`, a call also ends where a
   * longjmp out of it lands (see overCall); gdb's nexti does not see those. */
  async nextInstruction(jumps = false): Promise<Halt> {
    const prevPc = this.pc();
    const prevSp = this.sp();
    const h = await this.stepInstruction();
    if (h.kind !== 'step-done' || !this.enteredCall(prevPc, prevSp)) return h;
    const r = (await this.overCall(jumps)).halt;
    return r.kind === 'internal' ? { kind: 'step-done', inlineSkip: 0 } : r;
  }

  /** `n` instructions, calls stepped over (with `jumps`, as nextInstruction). */
  async nextInstructions(n: number, jumps = false): Promise<Halt> {
    let h: Halt = { kind: 'step-done' };
    for (let i = 0; i < n && h.kind === 'step-done'; i++) h = await this.nextInstruction(jumps);
    return h;
  }

  /**
   * From the entry of the call just made, runs to its return; with `jumps`, or to where a longjmp
   * out of it lands in the frame that made it or one further out (a breakpoint at each longjmp
   * entry, then single-steps to the landing). The halt is 'internal' where it ended so; `jumper`
   * is the function that jumped, if the call ended by a jump.
   */
  private async overCall(jumps: boolean): Promise<{ halt: Halt; jumper?: Jumper }> {
    const callSp = this.sp();
    const ret = this.proc.readMemory(callSp, 8).readBigUInt64LE(0);
    if (!jumps) return { halt: await this.runTo(ret, callSp) };
    const entries = new Set(this.jumpEntries ??= this.code.longjumps());
    const armed = [ret, ...entries].filter((a) => {
      try {
        this.proc.insertBreakpoint(a);
        return true;
      } catch {
        return false; // not mapped (yet) in this process
      }
    });
    try {
      for (;;) {
        const halt = await this.cont((at) => (at === ret && this.sp() > callSp) || entries.has(at));
        if (halt.kind !== 'internal' || this.pc() === ret) return { halt };
        const landed = await this.throughJump(callSp);
        if (landed && 'kind' in landed) return { halt: landed };
        if (landed) return { halt: { kind: 'internal' }, jumper: landed };
      }
    } finally {
      if (this.proc.state === 'stopped') for (const a of armed) this.proc.removeBreakpoint(a);
    }
  }

  private jumpEntries?: bigint[];

  /** From a longjmp's entry, single-steps (into calls) until it jumps: to the function it left
   * from, if it landed with the stack above `callSp` (out of the call being stepped over);
   * undefined if it landed deeper, returned, or took too many steps (the call goes on). */
  private async throughJump(callSp: bigint): Promise<Jumper | Halt | undefined> {
    const frames: Jumper[] = [{ entry: this.pc(), cfa: this.sp() + 8n }];
    // Once the stack pointer is set above the jumper's frame, the jump out of its code lands.
    let jumping: CodeFunction | undefined;
    for (let i = 0; i < TRAMPOLINE_STEP_LIMIT && frames.length > 0; i++) {
      const prevPc = this.pc();
      const prevSp = this.sp();
      const top = frames[frames.length - 1];
      const h = await this.stepInstruction();
      if (h.kind !== 'step-done') return h;
      const pc = this.pc();
      if (jumping) {
        if (pc >= jumping.low && pc < jumping.high) continue;
        return this.sp() > callSp ? top : undefined;
      }
      if (this.enteredCall(prevPc, prevSp)) {
        frames.push({ entry: pc, cfa: this.sp() + 8n });
        continue;
      }
      if (this.sp() < top.cfa) continue;
      // A `ret` leaves the frame where it was entered; anything else going above it jumps.
      if (this.sp() === top.cfa && this.proc.readMemory(prevPc, 1)[0] === 0xc3) {
        frames.pop();
        continue;
      }
      jumping = this.code.functionAt(prevPc);
      if (!jumping || pc < jumping.low || pc >= jumping.high) return this.sp() > callSp ? top : undefined;
    }
    return undefined;
  }

  /** Steps like nextInstruction(true) until `reached()` (also asked on entering a call, and with
   * `again` after each single-step through a PLT stub: `onCall` is told the function it forwards
   * to, or for a call a longjmp left, the function that jumped); returns how many steps that took, or undefined if the program stopped otherwise or
   * `limit` ran out. */
  async stepsUntil(reached: (again?: boolean) => boolean, limit: number, onCall?: (step: number, entry: bigint, cfa: bigint) => void): Promise<number | undefined> {
    for (let n = 1; n <= limit; n++) {
      const prevPc = this.pc();
      const prevSp = this.sp();
      const h = await this.stepInstruction();
      if (h.kind !== 'step-done') return undefined;
      if (reached()) return n;
      if (this.enteredCall(prevPc, prevSp)) {
        const cfa = this.sp() + 8n;
        // Through a PLT stub (and the lazy binder) to the function it forwards to: that is the
        // callee whose return a reverse-step enters.
        if (onCall && this.code.functionAt(this.pc())?.trampoline) {
          let hit = false;
          if ((await this.throughTrampoline(() => (hit = reached(true)))).kind !== 'step-done') return undefined;
          if (hit) return n;
        }
        const entry = this.pc();
        const over = await this.overCall(true);
        if (over.halt.kind !== 'internal') return undefined;
        onCall?.(n, over.jumper?.entry ?? entry, over.jumper?.cfa ?? cfa);
        if (reached()) return n;
      }
    }
    return undefined;
  }

  /**
   * gdb's line step. `mode` 'step' enters functions that have line information; 'next'
   * steps over calls; 'until' is 'next' that does not stop on a backward jump in the loop.
   * `finishFrame` returns the caller's pc and the frame's CFA, for leaving code without lines.
   */
  async stepLine(mode: 'step' | 'next' | 'until', finishFrame: () => { pc: bigint; cfa: bigint } | undefined, start?: StepStart): Promise<Halt> {
    let row = this.code.rowAt(this.pc());
    const fn = this.code.functionAt(this.pc());
    let line: { file: string; line: number } | undefined = start?.line ?? (row ? { file: row.file, line: row.line } : undefined);
    const depth0 = start?.depth ?? this.code.inlineChain(this.pc()).length;
    let range: [bigint, bigint] = row ? [row.start, row.end] : fn ? [fn.low, fn.high] : [this.pc(), this.pc() + 1n];
    // `until` never goes back in the function: without lines, it stops at any instruction after pc.
    if (mode === 'until' && fn) range = [fn.low, row ? row.end : this.pc() + 1n];
    let stepCfa: bigint | undefined;
    let stepFunction: string | undefined;
    let depth = depth0;
    for (;;) {
      const prevPc = this.pc();
      const prevSp = this.sp();
      const h = await this.stepInstruction();
      if (h.kind !== 'step-done') return h;
      if (this.policy.interrupted()) return { kind: 'signal', signo: 2 };
      const pc = this.pc();
      if (pc >= range[0] && pc < range[1]) continue;

      if (this.enteredCall(prevPc, prevSp)) {
        let callee = this.code.functionAt(pc);
        if (mode === 'step' && callee?.trampoline) {
          const t = await this.throughTrampoline();
          if (t.kind !== 'step-done') return t;
          callee = this.code.functionAt(this.pc());
        }
        if (mode === 'step' && callee && callee.hasLines) {
          const target = this.code.stepTarget(callee);
          if (target === this.pc()) return { kind: 'step-done' };
          const r = await this.runTo(target);
          return r.kind === 'internal' ? { kind: 'step-done' } : r;
        }
        const r = await this.runTo(this.proc.readMemory(this.sp(), 8).readBigUInt64LE(0), this.sp());
        if (r.kind !== 'internal') return r;
        if (this.pc() >= range[0] && this.pc() < range[1]) continue;
      }

      const inlined = this.inlinedStep(mode, depth0, line);
      if (inlined === 'continue') continue;
      if (inlined) return inlined;

      row = this.code.rowAt(this.pc());
      if (!row) {
        const here = this.code.functionAt(this.pc());
        if (here) return { kind: 'step-done' };
        // Code without a name or lines (e.g. returning into libc's startup): run out of it.
        const out = finishFrame();
        if (!out) return { kind: 'step-done' };
        const r = await this.runTo(out.pc, out.cfa - 8n);
        if (r.kind !== 'internal') return r;
        row = this.code.rowAt(this.pc());
        if (!row) return { kind: 'step-done' };
      }
      const at = this.pc();
      if (at === row.start && (!line || row.line !== line.line || row.file !== line.file)) {
        if (row.isStmt) return { kind: 'step-done', ...(stepCfa !== undefined && { stepCfa }), ...(stepFunction !== undefined && { stepFunction }) };
        // Not a statement: step on through its row, still on the line we step from (gdb). Out of
        // the inlined call stepped in, the step goes on in the frame it is back in, its line
        // ignored (gdb: "stepped to a different frame").
        range = [row.start, row.end];
        const chain = this.code.inlineChain(at);
        if (chain.length < depth) {
          depth = chain.length;
          line = { file: row.file, line: 0 };
          stepCfa = finishFrame()?.cfa ?? stepCfa;
          stepFunction = chain[0]?.name ?? this.code.functionAt(at)?.name;
        }
        continue;
      }
      // The middle of a row, or another row of the same line: adopt it and keep stepping. In
      // the middle of a row (back in a caller) the step's frame becomes this one, as gdb's
      // set_step_info does: the stop is then shown as a line only if it is in this frame.
      range = [row.start, row.end];
      if (at !== row.start) {
        line = { file: row.file, line: row.line };
        stepCfa = finishFrame()?.cfa ?? stepCfa;
      }
    }
  }
}
