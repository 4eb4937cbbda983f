// One traced process: spawn, resume, stop events, registers, memory with breakpoints hidden,
// software breakpoints by address and hardware watchpoints. Knows addresses, never source lines.
//
// State: 'stopped' (sync calls allowed), 'running' (a resume is pending), 'exited' (reaped).
// Every resume transparently steps over a breakpoint at the current pc first. Stops come back as
// TargetEvents; a breakpoint hit has rip already rewound to the breakpoint address.
import * as path from 'path';
import { BreakpointTable } from './BreakpointTable';
import type { HwKind } from './debugRegisters';
import { Regs, ResumeMode, StopEvent, SyscallInfo, tracer } from './native';
import { register, unregister } from './registry';
import { readMaps } from './maps';
import { ThreadGroup, type ThreadNotice } from './threads';
import { trapEvent } from './trapEvent';
import { WatchSlots, type HwSlot } from './watchSlots';
import { envStrings, shellWord, type ProcessSpawnOptions, type SyscallHook, type TargetEvent } from './processTypes';
export { shellWord, type ProcessSpawnOptions, type SyscallHook, type TargetEvent } from './processTypes';

export type ProcessState = 'stopped' | 'running' | 'exited';


/** What a debugger drives: one traced process, or something that stands for one (a program
 * whose past is replayed by copies of it). */
export type Tracee = Pick<Process, 'pid' | 'tid' | 'threads' | 'selectThread' | 'queueSignal' | 'state' | 'exit' | 'regs' | 'setRegs' | 'xstate' | 'setXState' | 'readMemory' |
  'writeMemory' | 'insertBreakpoint' | 'removeBreakpoint' | 'hasBreakpoint' | 'setHwWatchpoint' | 'clearHwWatchpoint' |
  'hwWatchpoint' | 'cont' | 'step' | 'interrupt' | 'kill'>;

/** A call that needs a stopped process was made while it ran or after it exited. */
export class ProcessStateError extends Error {
  constructor(readonly pid: number, readonly state: ProcessState, what: string) {
    super(`cannot ${what}: process ${pid} ${state === 'running' ? 'is running' : 'has exited'}`);
    this.name = 'ProcessStateError';
  }
}

const SIGTRAP = 5;
/** orig_rax outside a system call (-1). */
const NO_SYSCALL = 0xffffffffffffffffn;


export class Process {
  private current: ProcessState = 'stopped';
  /** Inside cont (between its resumes, a system call being handled) and an interrupt asked
   * there: it takes at the next resume. */
  private inCont = false;
  private stopAsked = false;
  private cachedRegs?: Readonly<Regs>;
  private readonly breakpoints: BreakpointTable;
  private readonly watches = new WatchSlots();
  private killing?: Promise<void>;
  private readonly group: ThreadGroup;
  /** The thread whose registers are read and that steps: the one that last stopped, or the
   * one selected. */
  private selectedTid: number;
  /** How the process ended, once it has. */
  exit?: { kind: 'exited'; code: number } | { kind: 'killed'; signal: number };

  private constructor(readonly pid: number) {
    const t = tracer();
    this.selectedTid = pid;
    this.group = new ThreadGroup(pid, {
      hasBreakpoint: (a) => this.breakpoints.has(a),
      liftBreakpoint: (a) => this.breakpoints.lift(a),
      restoreBreakpoint: (a) => this.breakpoints.restore(a),
      prepareThread: (tid) => this.watches.copyTo(tid),
    });
    this.breakpoints = new BreakpointTable({
      read: (addr, len) => t.readMemory(this.memoryPid, addr, len),
      write: (addr, data) => t.writeMemory(this.memoryPid, addr, data),
    });
    register(this);
  }

  /** Starts `file` with `args` (argv[0] is `file` as given) stopped at its first instruction
   * after exec. A relative `file` is relative to our working directory, not `opts.cwd`; there is
   * no PATH search. */
  static async spawn(file: string, args: string[] = [], opts: ProcessSpawnOptions = {}): Promise<Process> {
    const common = { cwd: opts.cwd, disableAslr: opts.disableAslr ?? false, stdio: opts.stdio, pid: opts.pid };
    const sh = opts.shell;
    const pid = sh
      ? await tracer().spawn(sh.path, [sh.path, '-c', `exec ${shellWord(file)} ${sh.args}`], envStrings(opts.env), { ...common, throughShell: true })
      : await tracer().spawn(path.resolve(file), [file, ...args], envStrings(opts.env), common);
    return new Process(pid);
  }

  get state(): ProcessState { return this.current; }

  /** The thread through which memory is read and written and /proc tells of the process: the
   * main thread, unless it ended while others run on (its memory and maps are gone with it). */
  get memoryPid(): number { return this.group.leaderGone ? this.selectedTid : this.pid; }

  /** The selected thread's id (the pid for the main thread). */
  get tid(): number { return this.selectedTid; }

  /** The program's threads, in the order they appeared (the main thread first). */
  threads(): Array<{ tid: number; fsBase: bigint }> {
    // The main thread's pointer is set as the program starts: read it each time.
    return this.group.tids().map((tid) => ({ tid, fsBase: this.group.get(tid)!.fsBase || tracer().getRegs(tid).fs_base }));
  }

  /** Whether the program ever had more than one thread. */
  get everThreaded(): boolean { return this.group.everMany; }

  /** Takes thread `tid`, which an injected clone made (stopped, traced), as one of the program's. */
  adoptThread(tid: number, fsBase: bigint): void { this.group.adoptStopped(tid, fsBase); }

  /** Makes `tid` the thread whose registers are read and that steps. */
  selectThread(tid: number): void {
    this.requireStopped('select a thread');
    if (!this.group.has(tid)) throw new Error(`no thread ${tid} in process ${this.pid}`);
    if (tid !== this.selectedTid) this.cachedRegs = undefined;
    this.selectedTid = tid;
  }

  /** Gives thread `tid` `signo` to deliver when it next runs (0: none). */
  queueSignal(tid: number, signo: number): void {
    const t = this.group.get(tid);
    if (!t) throw new Error(`no thread ${tid} in process ${this.pid}`);
    t.signal = signo;
  }

  /** Told when a thread appears (stopped, before it runs) or exits. */
  set onThread(fn: ThreadNotice | undefined) { this.group.notice = fn; }

  /** A copy of this stopped process made by an injected fork (a checkpoint, or a copy of one):
   * stopped, traced, with the same registers and memory but none of our breakpoints (they are
   * lifted around the fork) and no watchpoints. Killed with us like any tracee. */
  fork(): Process {
    this.requireStopped('fork');
    // The injected call borrows the code at the pc; stopped where nothing is mapped (a jump to
    // 0), it borrows the start of a code mapping instead, and both processes get the pc back.
    const regs = this.regs();
    const elsewhere = this.readable(regs.rip, 2) ? undefined : this.codeAddress();
    const addrs = this.breakpoints.addresses();
    for (const a of addrs) this.breakpoints.lift(a);
    let child: number;
    try {
      if (elsewhere !== undefined) this.setRegs({ ...regs, rip: elsewhere });
      child = tracer().fork(this.pid);
    } finally {
      for (const a of addrs) this.breakpoints.restore(a);
      if (elsewhere !== undefined) this.setRegs(regs);
    }
    const copy = new Process(child);
    if (elsewhere !== undefined) copy.setRegs(regs);
    return copy;
  }

  private readable(addr: bigint, len: number): boolean {
    try {
      return tracer().readMemory(this.memoryPid, addr, len).length === len;
    } catch {
      return false;
    }
  }

  /** The start of the first mapping of a file's code (not the vDSO's). */
  private codeAddress(): bigint | undefined {
    return readMaps(this.memoryPid).find((m) => m.executable && m.readable && m.path !== undefined && !m.path.startsWith('['))?.start;
  }

  /** Runs system call `nr` in this stopped process and restores it; the raw result. */
  injectSyscall(nr: number, args: bigint[]): bigint {
    this.requireStopped('run a system call');
    this.cachedRegs = undefined;
    return tracer().injectSyscall(this.tid, nr, args);
  }

  private requireStopped(what: string): void {
    if (this.current !== 'stopped') throw new ProcessStateError(this.pid, this.current, what);
  }

  /** The general registers; cached until the next resume or setRegs. Do not mutate. */
  regs(): Readonly<Regs> {
    this.requireStopped('read registers');
    if (!this.cachedRegs) this.cachedRegs = Object.freeze(tracer().getRegs(this.tid));
    return this.cachedRegs;
  }

  setRegs(regs: Regs): void {
    this.requireStopped('write registers');
    tracer().setRegs(this.tid, regs);
    this.cachedRegs = Object.freeze({ ...regs });
  }

  /** The XSAVE area (x87, SSE, AVX, ...), as PTRACE_GETREGSET NT_X86_XSTATE returns it. */
  xstate(): Buffer {
    this.requireStopped('read the XSAVE area');
    return tracer().getXState(this.tid);
  }

  /** Writes the XSAVE area; `xsave` must be a (modified) buffer from xstate(). */
  setXState(xsave: Buffer): void {
    this.requireStopped('write the XSAVE area');
    tracer().setXState(this.tid, xsave);
  }

  /** Reads memory as the program sees it: inserted breakpoints show their original bytes. */
  readMemory(addr: bigint, len: number): Buffer {
    this.requireStopped('read memory');
    return this.breakpoints.hide(addr, tracer().readMemory(this.memoryPid, addr, len));
  }

  /** Reads into `buf` (large reads without a copy); returns the bytes read, breakpoints hidden. */
  readMemoryInto(addr: bigint, buf: Buffer): number {
    this.requireStopped('read memory');
    const n = tracer().readMemoryInto(this.memoryPid, addr, buf);
    this.breakpoints.hide(addr, buf.subarray(0, n));
    return n;
  }

  /** Writes memory (also read-only text); bytes under a breakpoint become its saved original. */
  writeMemory(addr: bigint, data: Buffer): void {
    this.requireStopped('write memory');
    this.breakpoints.write(addr, data);
  }

  /** Inserts (or adds a reference to) a software breakpoint at `addr`. */
  insertBreakpoint(addr: bigint): void {
    this.requireStopped('insert a breakpoint');
    this.breakpoints.insert(addr);
  }

  /** Drops a reference to the breakpoint at `addr`; false if there was none. */
  removeBreakpoint(addr: bigint): boolean {
    this.requireStopped('remove a breakpoint');
    return this.breakpoints.remove(addr);
  }

  hasBreakpoint(addr: bigint): boolean { return this.breakpoints.has(addr); }

  breakpointAddresses(): bigint[] { return this.breakpoints.addresses(); }

  /** Watches `len` bytes at `addr` with a debug register; returns the slot (0-3): `at`, or the
   * first free one. */
  setHwWatchpoint(addr: bigint, len: number, kind: HwKind, at?: number): number {
    this.requireStopped('set a hardware watchpoint');
    return this.watches.set(this.group.tids(), addr, len, kind, at);
  }

  clearHwWatchpoint(slot: number): void {
    this.requireStopped('clear a hardware watchpoint');
    this.watches.clear(this.group.tids(), slot);
  }

  hwWatchpoint(slot: number): Readonly<HwSlot> | undefined { return this.watches.slots[slot]; }

  /** Continues until the next stop, delivering `signal` (0: none). With a syscall hook, system
   * calls are handed to it on the way and never end the call unless the hook says so. A
   * breakpoint at the pc is stepped over first if `stepOver` (it was hit to stop here); not so
   * after a system call stop on the way, where it is still to be hit. */
  async cont(signal = 0, stepOver = true): Promise<TargetEvent> {
    this.inCont = true;
    try {
      for (;;) {
        // Re-read each round: recording stops when the program starts a thread.
        const hook = this.syscallHook;
        const mode: ResumeMode = !hook ? 'cont' : hook.mode === 'record' ? 'syscall' : 'sysemu';
        const run = this.resume(mode, signal, 'continue', stepOver);
        if (this.stopAsked) this.interrupt();
        const ev = await run;
        if (!hook) return ev;
        signal = 0;
        stepOver = false;
        if (ev.kind !== 'syscall') return ev;
        const done = await this.handleSyscall(hook, ev);
        if (done) return done;
      }
    } finally {
      this.inCont = false;
      this.stopAsked = false;
    }
  }

  /** Executes one instruction (entering calls), delivering `signal` (0: none). With a syscall
   * hook, a `syscall` instruction is handed to it and counts as the instruction stepped. */
  async step(signal = 0): Promise<TargetEvent> {
    const hook = this.syscallHook;
    if (!hook) return this.resume('step', signal, 'step');
    let ev: TargetEvent;
    if (hook.mode === 'emulate') {
      ev = await this.resume('sysemu_step', signal, 'step');
    } else {
      const pc = this.regs().rip;
      const insn = this.readMemoryOrEmpty(pc, 2);
      ev = await this.resume(insn.length === 2 && insn[0] === 0x0f && insn[1] === 0x05 ? 'syscall' : 'step', signal, 'step');
    }
    if (ev.kind !== 'syscall') return ev;
    return (await this.handleSyscall(hook, ev)) ?? { kind: 'step' };
  }

  private readMemoryOrEmpty(addr: bigint, len: number): Buffer {
    try {
      return this.readMemory(addr, len);
    } catch {
      return Buffer.alloc(0);
    }
  }

  /** Takes a syscall stop through the hook: records or emulates the call, or runs it for real
   * (rewinding an emulation stop onto the `syscall` instruction). Returns an event that ends the
   * resume (the hook's 'stop', or the process ending), or undefined to go on. */
  private async handleSyscall(hook: SyscallHook, ev: { kind: 'syscall'; info: SyscallInfo }): Promise<TargetEvent | undefined> {
    if (ev.info.op === 'exit') {
      hook.exit(ev.info);
      return undefined;
    }
    const verdict = hook.entry(ev.info);
    if (verdict === 'stop') return ev;
    if (hook.mode === 'emulate') {
      if (verdict !== 'run') return undefined; // emulated: the hook set the result
      const regs = this.regs();
      this.setRegs({ ...regs, rip: regs.rip - 2n, rax: regs.orig_rax });
      // Switching from emulation to PTRACE_SYSCALL first reports the skipped call's exit.
      let entry = await this.resume('syscall', 0, 'run a system call');
      if (entry.kind === 'syscall' && entry.info.op === 'exit') entry = await this.resume('syscall', 0, 'run a system call');
      if (entry.kind !== 'syscall') return entry;
    }
    const exit = await this.resume('syscall', 0, 'run a system call');
    if (exit.kind !== 'syscall') return exit;
    hook.exit(exit.info);
    return undefined;
  }

  /** At a system call's entry stop: cancels the call and puts the process just before its
   * `syscall` instruction, in an ordinary stop (as if it had not reached the instruction yet;
   * rcx and r11 keep what the instruction put there). */
  async cancelSyscall(): Promise<void> {
    const regs = this.regs();
    const nr = regs.orig_rax;
    this.setRegs({ ...regs, orig_rax: NO_SYSCALL });
    // Leaving the kernel with the trap flag set stops at once, before any instruction runs.
    const ev = this.classify(await this.rawResume('step'), 'step');
    if (ev.kind !== 'step') throw new Error(`cannot cancel a system call of process ${this.pid}: it stopped with ${ev.kind}`);
    const after = this.regs();
    this.setRegs({ ...after, rip: after.rip - 2n, rax: nr, orig_rax: NO_SYSCALL });
  }

  private async rawResume(mode: ResumeMode): Promise<StopEvent> {
    this.requireStopped('resume');
    this.cachedRegs = undefined;
    this.current = 'running';
    try {
      for (;;) {
        const ev = await tracer().resume(this.tid, mode, 0);
        if (!this.group.swallow(ev)) return ev;
      }
    } catch (e) {
      this.current = 'stopped';
      throw e;
    }
  }

  /** Runs to the next syscall entry or exit stop (no hook involved), delivering `signal`. */
  syscall(signal = 0): Promise<TargetEvent> { return this.resume('syscall', signal, 'continue to a syscall'); }

  /** Records or emulates the program's system calls while it runs (see SyscallHook). */
  syscallHook?: SyscallHook;

  /** Asks a running process to stop; the pending resume then reports SIGSTOP. Between the
   * resumes of a cont (a system call handled on the way), the next resume stops. No-op otherwise. */
  interrupt(): void {
    if (this.current !== 'running') {
      if (this.inCont) this.stopAsked = true;
      return;
    }
    this.stopAsked = false;
    try {
      tracer().interrupt(this.pid);
    } catch (e) {
      // It exited (and was reaped) before its resume settled; that resume reports how.
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
  }

  /** Kills the process and waits until it is reaped; safe to call in any state and repeatedly. */
  kill(): Promise<void> {
    if (this.current === 'exited') return Promise.resolve();
    if (!this.killing) {
      const gone = (): void => {
        if (!this.exit) this.exit = { kind: 'killed', signal: 9 };
        this.markExited();
      };
      this.killing = tracer().kill(this.pid).then(gone, (e: NodeJS.ErrnoException) => {
        // Not (or no longer) ours to reap: it is gone all the same.
        if (e.code !== 'ESRCH' && e.code !== 'ECHILD') throw e;
        gone();
      });
    }
    return this.killing;
  }

  private markExited(): void {
    this.current = 'exited';
    this.cachedRegs = undefined;
    this.breakpoints.forgetAll();
    this.watches.forget();
    this.group.tellExits();
    this.group.reset();
    this.selectedTid = this.pid;
    unregister(this);
  }

  private async resume(mode: ResumeMode, signal: number, what: string, stepOver = true): Promise<TargetEvent> {
    this.requireStopped(what);
    const pc = stepOver && this.breakpoints.size > 0 ? this.pcIfAlive() : undefined;
    this.cachedRegs = undefined;
    this.current = 'running';
    try {
      const single = mode === 'step' || mode === 'sysemu_step';
      if (this.group.size > 1) {
        // As gdb does, a stop another thread made while it was being stopped is reported
        // before anything runs, a single-step's too.
        const pending = this.group.takePending();
        if (pending) {
          if (signal) this.group.get(this.tid)!.signal = signal;
          return this.takeStopOrStep(pending, 'cont');
        }
      }
      if (pc !== undefined && this.breakpoints.has(pc)) {
        const stepped = await this.stepOverBreakpoint(pc, signal, mode);
        if (stepped || single) return stepped ?? { kind: 'step' };
        signal = 0;
        this.current = 'running';
      }
      for (;;) {
        // The other threads run during a single-step too, as under gdb: a line that waits on
        // another thread (a spin on a flag) ends.
        const ev = this.group.size === 1
          ? await tracer().resume(this.tid, mode, signal)
          : await this.group.runAll(this.tid, mode, signal);
        signal = 0;
        if (this.group.swallow(ev)) continue;
        if (!single && ev.kind === 'event' && ev.event === 'clone') {
          // The first thread the program starts: from now on every thread runs.
          const next = await this.group.runAll(this.tid, mode, 0, ev);
          const out = this.takeStop(next, mode);
          if (out) return out;
          this.current = 'running';
          continue;
        }
        const out = this.takeStop(ev, mode);
        if (out) return out;
        this.current = 'running';
      }
    } catch (e) {
      // The addon failed to resume or wait (not a stop): the process is stopped as before, or gone.
      if (this.current === 'running') this.current = 'stopped';
      throw e;
    }
  }

  /** The pc, or undefined if the process died while stopped (the resume then reports how). */
  private pcIfAlive(): bigint | undefined {
    try {
      return this.regs().rip;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
      throw e;
    }
  }

  /** Executes the instruction under the breakpoint at `pc` with the int3 lifted. Returns the
   * event if the step stopped for another reason than finishing cleanly (or `undefined`). */
  private async stepOverBreakpoint(pc: bigint, signal: number, mode: ResumeMode): Promise<TargetEvent | undefined> {
    try {
      this.breakpoints.lift(pc);
    } catch (e) {
      // Killed from outside while stopped: the resume below reports how it ended.
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
    // A `syscall` instruction under the breakpoint must stop at its entry like any other call
    // when calls are recorded or emulated: a plain single-step would run it unseen.
    let request: ResumeMode = 'step';
    if (mode === 'sysemu' || mode === 'sysemu_step') request = 'sysemu_step';
    else if (mode === 'syscall' && this.breakpoints.isSyscallInstruction(pc)) request = 'syscall';
    const out = this.takeStopOrStep(await tracer().resume(this.tid, request, signal), request);
    // After exec the table is empty, so nothing is written into the new image.
    if (this.current === 'stopped') this.breakpoints.restore(pc);
    return out.kind === 'step' ? undefined : out;
  }

  /** A forked child is not followed: its copies of our breakpoints are taken out and it is let
   * go (gdb's "detach-on-fork"). */
  private releaseChild(child: number, sharesMemory: boolean): void {
    const n = tracer();
    n.waitForkChild(child);
    if (sharesMemory) {
      // A vfork child runs in the program's own memory while the program waits, until the child
      // execs or exits (vfork_done): the breakpoints are out of that memory until then.
      for (const a of this.breakpoints.addresses()) this.breakpoints.lift(a);
    } else {
      for (const { addr, original } of this.breakpoints.originals()) n.writeMemory(child, addr, Buffer.of(original));
    }
    this.onChild?.(child);
    this.onFork?.(child, sharesMemory ? 'vfork' : 'fork'); // before the child runs, so the front end's notice precedes its output
    n.detach(child);
  }

  /** Told of each child the program forks, just before the child is let go. */
  onFork?: (child: number, how: 'fork' | 'vfork') => void;

  /** Sets up each child the program forks (stopped, still traced) before it is let go. */
  onChild?: (child: number) => void;

  /** Selects the thread a stop came from and turns the stop into a TargetEvent; undefined for
   * the thread group's own business (a thread created or gone), after which the run goes on. */
  private takeStop(ev: StopEvent, mode: ResumeMode): TargetEvent | undefined {
    if ((ev.kind === 'exited' || ev.kind === 'killed') && ev.pid !== this.pid) {
      this.group.drop(ev.pid);
      this.group.tellExits();
      if (ev.pid === this.selectedTid) this.selectedTid = this.group.tids()[0];
      this.current = 'stopped';
      return undefined;
    }
    if (ev.kind === 'event' && ev.event === 'vfork_done') {
      // The vfork child has left the program's memory: the breakpoints go back in; the run goes on.
      this.current = 'stopped';
      for (const a of this.breakpoints.addresses()) this.breakpoints.restore(a);
      return undefined;
    }
    if (ev.kind === 'event' && ev.event === 'clone') {
      this.current = 'stopped';
      this.cachedRegs = undefined;
      this.group.adopt(Number(ev.msg));
      this.group.tellExits();
      return undefined;
    }
    if (ev.pid !== this.selectedTid && this.group.has(ev.pid)) this.selectedTid = ev.pid;
    const out = this.classify(ev, mode);
    if (out.kind === 'breakpoint' && this.group.size > 1) this.group.get(this.selectedTid)!.reportedAt = out.address;
    return out;
  }

  private takeStopOrStep(ev: StopEvent, mode: ResumeMode): TargetEvent {
    return this.takeStop(ev, mode) ?? { kind: 'step' };
  }

  /** Turns a raw stop into a TargetEvent and updates the state. */
  private classify(ev: StopEvent, mode: ResumeMode): TargetEvent {
    switch (ev.kind) {
      case 'exited':
        this.exit = { kind: 'exited', code: ev.status };
        this.markExited();
        return { kind: 'exited', code: ev.status };
      case 'killed':
        this.exit = { kind: 'killed', signal: ev.signal };
        this.markExited();
        return { kind: 'killed', signal: ev.signal };
      default:
        break;
    }
    this.current = 'stopped';
    this.cachedRegs = undefined;
    switch (ev.kind) {
      case 'syscall':
        return { kind: 'syscall', info: ev.info };
      case 'event':
        if (ev.event === 'exec') {
          this.breakpoints.forgetAll();
          this.watches.forget();
          this.group.reset();
          this.selectedTid = this.pid;
        }
        if (ev.event === 'fork' || ev.event === 'vfork') this.releaseChild(Number(ev.msg), ev.event === 'vfork');
        return { kind: 'event', event: ev.event, msg: ev.msg };
      case 'signal':
        return ev.signal === SIGTRAP ? trapEvent(this, this.breakpoints, this.watches.slots, ev.siginfo, mode) : { kind: 'signal', signal: ev.signal, siginfo: ev.siginfo };
    }
  }
}
