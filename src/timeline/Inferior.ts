// The program as the debugger drives it: the live process, whose system calls are recorded, or
// a replica (a copy of a checkpoint) that replays them. Breakpoints and watchpoints follow
// whichever is current; where a replica reaches the end of what was recorded, the live process
// is brought to the same point and the run goes on there, for real.
import type { HwKind } from '../target/debugRegisters';
import { tracer, type Regs, type SyscallInfo } from '../target/native';
import type { Process, ProcessState, TargetEvent, Tracee } from '../target/Process';
import type { ThreadNotice } from '../target/threads';
import { Recorder, Replayer, SyscallLog, SYS_exit_group } from './syscalls';
export { ReplayLimit } from './syscalls';
import { readMaps, type Mapping } from '../target/maps';
import { patchVdso } from './vdso';
import { namedMaps, writeProgramImage } from './imageWriter';
import { HeldSignals } from './heldSignals';
import { CheckpointRefused, clearOurs, PastWriteError, sameRegisters, tscInstruction } from './processFacts';
export { CheckpointRefused, PastWriteError, sameRegisters } from './processFacts';
import { CallSchedule, type IntervalCalls } from './intervalCalls';
export { parseIntervalCalls, type IntervalCalls } from './intervalCalls';

/** A stopped copy of the program kept to return to. */
export interface Checkpoint {
  proc: Process;
  /** How many recorded calls the program had made when the copy was taken. */
  logIndex: number;
  /** How many time-stamp counter reads it had made. */
  tscIndex: number;
}

interface Watch { address: bigint; length: number; kind: HwKind }

/** Most interval checkpoints one command keeps: past it, every other one goes and they are
 * taken half as often. */
const MAX_INTERVALS = 32;

const SYS_prctl = 157;
const PR_SET_TSC = 26n;
const PR_TSC_ENABLE = 1n;
const PR_TSC_SIGSEGV = 2n;
const SIGSEGV = 11;

/** What a run the user interrupted before it started reports: a stop by SIGSTOP, as when the
 * interrupt comes while it runs. */
const UNSTARTED: TargetEvent = { kind: 'signal', signal: 19, siginfo: { signo: 19, errno: 0, code: 0, addr: 0n, pid: 0, raw: Buffer.alloc(0) } };

/** rdb's default live time between interval checkpoints, ms (`set checkpoint-interval`). */
export const DEFAULT_INTERVAL_MS = 250;

/** A replay the user interrupted: gdb's word for an interrupted command; nothing moved. */
export class ReplayInterrupted extends Error {
  constructor() { super('Quit'); this.name = 'ReplayInterrupted'; }
}

export class Inferior implements Tracee {
  readonly log: SyscallLog;
  private readonly recorder: Recorder;
  private readonly signals: HeldSignals;
  private current: Process;
  /** Breakpoint addresses with their reference counts, as the debugger inserted them. */
  private readonly breakpoints = new Map<bigint, number>();
  private readonly watches: Array<Watch | undefined> = [undefined, undefined, undefined, undefined];
  private readonly checkpoints = new Set<Process>();
  /** The program's exit status once the live process reached its exit_group call: it is kept
   * there (just before the call, never to run again), so the history up to the end stays. */
  exitCode?: number;
  /** The process that last reported the program's exit (the live one, or a replica that
   * replayed up to it): while it is current, the program has ended. */
  private ender?: Process;

  /** `log`: the history recorded before the live process came to be (an image's, see adoptBase). */
  constructor(readonly live: Process, log?: SyscallLog) {
    Inferior.prepare(live);
    // A child the program forks is let go: it reads the clock itself (the flag survives exec).
    live.onChild = (child) => { tracer().injectSyscall(child, SYS_prctl, [PR_SET_TSC, PR_TSC_ENABLE]); };
    this.log = log ?? new SyscallLog(live.pid);
    this.recorder = new Recorder(live, this.log, true);
    this.recorder.pauseDue = () => this.pausing && this.intervalDue();
    this.signals = new HeldSignals(live.pid, this.log, this.recorder);
    this.recorder.beforeCall = () => this.signals.release();
    live.syscallHook = this.recorder;
    this.current = live;
    live.onThread = (tid, how, fsBase) => {
      if (how === 'new') this.threadsStarted();
      this.onThread?.(tid, how, fsBase);
    };
  }

  /** Makes `p` a process whose clock reads can be recorded and replayed: its vDSO makes real
   * system calls, and rdtsc and rdtscp fault (SIGSEGV) instead of reading the clock. */
  private static prepare(p: Process): void {
    patchVdso(p);
    p.injectSyscall(SYS_prctl, [PR_SET_TSC, PR_TSC_SIGSEGV]);
  }

  /** Takes `p`, a process standing where the history in `log` begins (an image's base copy,
   * restored), as the checkpoint replays of that history start from. */
  adoptBase(p: Process): Checkpoint {
    Inferior.prepare(p);
    this.checkpoints.add(p);
    return { proc: p, logIndex: 0, tscIndex: 0 };
  }

  /** Told when a thread of the live program appears or exits. */
  onThread?: ThreadNotice;

  /** The program started its first thread: recording ends (rdb replays single-threaded
   * programs only), and so do interval checkpoints. */
  private threadsStarted(): void {
    if (this.live.syscallHook === this.recorder) this.live.syscallHook = undefined;
  }

  /** Why the current process cannot be copied or replayed, if it cannot. */
  get unrecordable(): string | undefined {
    return this.current.everThreaded ? 'the program started a thread, and rdb records and replays single-threaded programs only' : undefined;
  }

  /** The selected thread of the process shown (its pid for the main thread). */
  get tid(): number { return this.current.tid; }
  threads(): ReturnType<Process['threads']> { return this.current.threads(); }
  selectThread(tid: number): void { this.current.selectThread(tid); }
  queueSignal(tid: number, signo: number): void { this.current.queueSignal(tid, signo); }

  /** The program's pid as its user knows it (the live process's). */
  get pid(): number { return this.live.pid; }
  get state(): ProcessState { return this.atExit ? 'exited' : this.current.state; }
  get exit(): Process['exit'] { return this.atExit ? { kind: 'exited', code: this.exitCode! } : this.current.exit; }
  /** Whether the process shown stands at the program's exit, which it reported. */
  get atExit(): boolean { return this.ender !== undefined && this.current === this.ender; }
  /** Whether the live process is running or stopped, not kept at the program's exit. */
  get presentAlive(): boolean { return this.live.state === 'stopped' && this.exitCode === undefined; }
  /** Whether a replica (the recorded past) is current. */
  get replaying(): boolean { return this.current !== this.live; }
  /** The process the debugger is looking at (for /proc reads). */
  get currentPid(): number { return this.current.memoryPid; }

  /** The current process's mappings, files named as the program mapped them (a replica has
   * anonymous copies of the files mapped during the replayed part of history). */
  maps(): Mapping[] {
    if (!this.replaying) return readMaps(this.current.memoryPid);
    return namedMaps(this.log, this.current, (this.current.syscallHook as Replayer).index);
  }

  /**
   * Writes an ELF core of the process shown (a replica: the program as it was then). With
   * `history`, the image also holds the core of checkpoint `base` and the calls and clock reads
   * recorded from there to here, with the bytes `stack` at the stack pointer (imageWriter.ts).
   */
  writeCore(file: string, signal: number, siginfo?: Buffer, progress?: (done: bigint, total: bigint) => void,
    history?: { base: Checkpoint; stack: Buffer }): void {
    writeProgramImage(file, this.log, { proc: this.current, maps: this.maps(), ...this.progress() }, signal, siginfo, progress, history);
  }

  regs(): Readonly<Regs> { return this.current.regs(); }
  xstate(): Buffer { return this.current.xstate(); }
  readMemory(addr: bigint, len: number): Buffer { return this.current.readMemory(addr, len); }

  setRegs(regs: Regs): void {
    if (this.replaying) throw new PastWriteError('change registers');
    this.current.setRegs(regs);
  }

  /** Clears x86's resume flag, which a debug exception leaves so that the next instruction runs
   * unseen by the debug registers; the program never sees it, so replicas allow it too. */
  clearResumeFlag(): void {
    const regs = this.current.regs();
    if (regs.eflags & 0x10000n) this.current.setRegs({ ...regs, eflags: regs.eflags & ~0x10000n });
  }

  setXState(xsave: Buffer): void {
    if (this.replaying) throw new PastWriteError('change registers');
    this.current.setXState(xsave);
  }

  writeMemory(addr: bigint, data: Buffer): void {
    if (this.replaying) throw new PastWriteError('change memory');
    this.current.writeMemory(addr, data);
  }

  insertBreakpoint(addr: bigint): void {
    this.current.insertBreakpoint(addr);
    this.breakpoints.set(addr, (this.breakpoints.get(addr) ?? 0) + 1);
  }

  removeBreakpoint(addr: bigint): boolean {
    const refs = this.breakpoints.get(addr);
    if (refs === undefined) return false;
    if (refs > 1) this.breakpoints.set(addr, refs - 1);
    else this.breakpoints.delete(addr);
    return this.current.removeBreakpoint(addr);
  }

  hasBreakpoint(addr: bigint): boolean { return this.breakpoints.has(addr); }

  setHwWatchpoint(addr: bigint, len: number, kind: HwKind, at?: number): number {
    const slot = this.current.setHwWatchpoint(addr, len, kind, at);
    this.watches[slot] = { address: addr, length: len, kind };
    return slot;
  }

  clearHwWatchpoint(slot: number): void {
    this.current.clearHwWatchpoint(slot);
    this.watches[slot] = undefined;
  }

  hwWatchpoint(slot: number): ReturnType<Process['hwWatchpoint']> { return this.current.hwWatchpoint(slot); }

  interrupt(): void { this.current.interrupt(); }

  /** Live time between two interval checkpoints of a long command, in ms (0: none). */
  intervalMs = DEFAULT_INTERVAL_MS;
  /** Where interval checkpoints go instead, by recorded calls (a hidden setting, so that tests
   * place them where they want; see parseIntervalCalls). */
  intervalCalls?: IntervalCalls;
  private intervals: Checkpoint[] = [];
  private period = 0;
  private nextPause = Infinity;
  private schedule?: CallSchedule;

  /** Whether an interval checkpoint is due at the entry of the call about to be made. */
  private intervalDue(): boolean {
    return this.schedule ? this.schedule.due(this.log.length) : Date.now() >= this.nextPause;
  }
  /** Set while the live process runs in cont(): the recorder may pause it at a call's entry. */
  private pausing = false;

  /** A command starts: copies of the live process are taken at system call entries every
   * intervalMs while it runs (see takeIntervals). */
  beginIntervals(): void {
    this.intervals = [];
    this.period = this.intervalMs;
    this.nextPause = this.intervalMs > 0 ? Date.now() + this.period : Infinity;
    this.schedule = this.intervalCalls && new CallSchedule(this.intervalCalls);
  }

  /** The interval checkpoints taken since beginIntervals, oldest first: each stands just before
   * the `syscall` instruction of record `logIndex`, where a replay of the command passes. */
  takeIntervals(): Checkpoint[] {
    const out = this.intervals;
    this.intervals = [];
    this.nextPause = Infinity;
    this.schedule = undefined;
    return out;
  }

  /** The live process is at a call's entry the recorder paused it at: it is put back before
   * the call's instruction (which it makes again as it resumes) and copied there. */
  private async takeInterval(): Promise<void> {
    await this.live.cancelSyscall();
    this.schedule?.taken(this.log.length);
    this.intervals.push(this.checkpoint());
    if (this.intervals.length > MAX_INTERVALS) {
      const kept = this.intervals.filter((_, i) => i % 2 === 1);
      for (const cp of this.intervals) if (!kept.includes(cp)) void this.drop(cp);
      this.intervals = kept;
      this.period *= 2;
      this.schedule?.thinned();
    }
    this.nextPause = Date.now() + this.period;
  }

  /** Process.cont, across the live process and replicas; `stepOver` as there. */
  async cont(signal = 0, stepOver = true): Promise<TargetEvent> {
    signal = this.signals.hold(signal, !this.replaying);
    for (;;) {
      this.pausing = !this.replaying;
      let ev: TargetEvent;
      try {
        // An interrupt the user asked during this command stops each run it makes (a search's
        // replicas one after another), not only the one running when it came: one asked before
        // a run starts leaves it unstarted, as if stopped at once.
        if (this.interrupted?.()) return UNSTARTED;
        if (this.pausing) this.signals.arm();
        this.runsStarted++;
        ev = await this.current.cont(signal, stepOver);
      } finally {
        this.pausing = false;
        this.signals.disarm();
      }
      signal = 0;
      stepOver = false;
      const exit = this.liveExit(ev);
      if (exit) return this.end(this.live, exit);
      if (ev.kind === 'syscall' && !this.replaying) {
        await this.takeInterval();
        continue;
      }
      if (this.endOfHistory(ev)) {
        const replayed = this.exitReplayed(ev);
        if (replayed) return this.end(this.current, replayed);
        const live = await this.catchUp();
        if (live) return this.ended(live);
        continue;
      }
      const tsc = this.timeStamp(ev);
      if (tsc === 'emulated') continue;
      if (tsc === 'end') {
        const live = await this.catchUp();
        if (live) return this.ended(live);
        continue;
      }
      return this.ended(ev);
    }
  }

  async step(signal = 0): Promise<TargetEvent> {
    if (this.interrupted?.()) return UNSTARTED;
    this.runsStarted++;
    const ev = await this.current.step(this.signals.hold(signal, !this.replaying));
    const exit = this.liveExit(ev) ?? (this.replaying ? this.exitReplayed(ev) : undefined);
    if (exit) return this.end(this.current, exit);
    const tsc = this.timeStamp(ev);
    if (tsc === 'emulated') return { kind: 'step' };
    if (!this.endOfHistory(ev) && tsc !== 'end') return this.ended(ev);
    // The replica stopped where the recording ends; the live process takes this step.
    return this.ended((await this.catchUp()) ?? { kind: 'step' });
  }

  /**
   * A SIGSEGV from rdtsc/rdtscp: the live process gets a clock value (recorded), a replica the
   * recorded one, and both go past the instruction. 'end' when a replica has no value left (its
   * recorded past ends there); undefined for any other event.
   */
  private timeStamp(ev: TargetEvent): 'emulated' | 'end' | undefined {
    if (ev.kind !== 'signal' || ev.signal !== SIGSEGV) return undefined;
    const p = this.current;
    const regs = p.regs();
    const len = tscInstruction(p, regs.rip);
    if (len === 0) return undefined;
    let value: bigint;
    if (p === this.live) {
      value = process.hrtime.bigint() * 3n;
      this.log.tsc.push(value);
    } else {
      const r = p.syscallHook as Replayer;
      if (r.tscIndex >= this.log.tsc.length) {
        if (this.scratch) throw new Error('a replay of recorded history went past its end');
        return 'end';
      }
      value = this.log.tsc[r.tscIndex++];
    }
    p.setRegs({ ...regs, rax: value & 0xffffffffn, rdx: value >> 32n, rcx: len === 3 ? 0n : regs.rcx, rip: regs.rip + BigInt(len) });
    return 'emulated';
  }

  /** When the program ends, its breakpoints and watchpoints end with it. */
  private ended(ev: TargetEvent): TargetEvent {
    if (this.current === this.live) this.signals.note(ev);
    if (ev.kind === 'exited' || ev.kind === 'killed') {
      this.breakpoints.clear();
      this.watches.fill(undefined);
      // A replica killed by a signal made no system call after the recording: the live
      // process, stopped before that point, would die the same way. It goes now.
      if (ev.kind === 'killed' && this.replaying && this.live.state !== 'exited') void this.live.kill();
    }
    return ev;
  }

  private endOfHistory(ev: TargetEvent): boolean {
    if (ev.kind !== 'syscall' || !this.replaying) return false;
    if (this.scratch && !this.exitReplayed(ev)) throw new Error('a replay of recorded history went past its end');
    return true;
  }

  /** The exit_group call whose entry `ev` is, if it is one. */
  private static exitCall(ev: TargetEvent): SyscallInfo | undefined {
    return ev.kind === 'syscall' && ev.info.op === 'entry' && ev.info.nr === SYS_exit_group ? ev.info : undefined;
  }

  /** The live process at its exit_group call (the recorder stops it there). */
  private liveExit(ev: TargetEvent): SyscallInfo | undefined {
    return this.replaying ? undefined : Inferior.exitCall(ev);
  }

  /** A replica at the end of the recording, where the live run reached its exit_group call. */
  private exitReplayed(ev: TargetEvent): SyscallInfo | undefined {
    return this.exitCode === undefined ? undefined : Inferior.exitCall(ev);
  }

  /** Process `p` is at the exit_group call `call`: it is kept just before the call, without
   * our breakpoints, and the program's exit is reported. */
  private async end(p: Process, call: SyscallInfo): Promise<TargetEvent> {
    await p.cancelSyscall();
    clearOurs(p);
    const code = Number(call.args[0] & 0xffn);
    if (p === this.live) this.exitCode = code;
    const exact = this.exitRegs;
    if (p !== this.live && exact) {
      // The `syscall` instruction overwrote rcx and r11: they are put back as they were.
      const regs = p.regs();
      if (!sameRegisters({ ...regs, rcx: exact.rcx, r11: exact.r11 }, exact)) throw new Error('a replay reached the program\'s exit in another state than it was recorded in');
      p.setRegs({ ...exact });
    }
    this.ender = p;
    return this.ended({ kind: 'exited', code });
  }

  /** The registers just before the exit_group call, once exitCheckpoint found them. */
  private exitRegs?: Regs;

  get exitFound(): boolean { return this.exitRegs !== undefined; }

  /**
   * Makes `end` (a checkpoint of the process that reached the exit_group call) exact: the call's
   * `syscall` instruction overwrote rcx and r11, which a copy of `from` (a checkpoint taken
   * before the call in the last command that ran), replayed to that instruction, still has.
   */
  async exactExit(from: Checkpoint, end: Checkpoint): Promise<Regs> {
    const at = end.proc.regs();
    const regs = await this.withReplica(from, async () => {
      // A hardware breakpoint: the code there may not be mapped yet at `from`.
      const slot = this.setHwWatchpoint(at.rip, 1, 'exec');
      let signal = 0;
      for (;;) {
        const ev = await this.cont(signal);
        signal = ev.kind === 'signal' ? ev.signal : 0;
        if (ev.kind === 'watchpoint' && ev.slots.includes(slot) && (this.current.syscallHook as Replayer).atEnd) break;
        if (ev.kind === 'exited' || ev.kind === 'killed') throw new Error('a replay of the last command did not come to the program\'s exit');
      }
      this.clearHwWatchpoint(slot);
      return { ...this.current.regs() };
    });
    if (!sameRegisters({ ...at, rcx: regs.rcx, r11: regs.r11 }, regs)) throw new Error('a replay reached the program\'s exit in another state than it was recorded in');
    end.proc.setRegs(regs);
    this.exitRegs = regs;
    return regs;
  }

  /** Set while withReplica runs: replays must stay within recorded history. */
  private scratch = false;

  /**
   * Runs `fn` with a fresh copy of `cp` current, holding no breakpoints or watchpoints but those
   * `fn` inserts (a replay with a breakpoint set of its own); then the previous process is
   * current again with everything as it was, and the copy is gone. With `limit`, the replay
   * ends (ReplayLimit is thrown) at the entry of that record.
   */
  /** How many runs (cont, step) of the program have started: none since a point means the
   * program has not moved. */
  runsStarted = 0;

  /** Whether the user asked to stop what runs (a replay then ends with ReplayInterrupted; a
   * run started then stops at once). */
  interrupted?: () => boolean;

  async withReplica<T>(cp: Checkpoint, fn: () => Promise<T>, limit?: number): Promise<T> {
    const saved = { current: this.current, breakpoints: new Map(this.breakpoints), watches: [...this.watches], scratch: this.scratch, ender: this.ender };
    const replica = cp.proc.fork();
    const replayer = new Replayer(replica, this.log, cp.logIndex, cp.tscIndex);
    replayer.limit = limit;
    replica.syscallHook = replayer;
    this.current = replica;
    this.breakpoints.clear();
    this.watches.fill(undefined);
    this.scratch = true;
    try {
      const out = await fn();
      // A run the user interrupted (Ctrl-C, a cancelled request) ended early: not a result.
      if (this.interrupted?.()) throw new ReplayInterrupted();
      return out;
    } catch (e) {
      throw this.interrupted?.() ? new ReplayInterrupted() : e;
    } finally {
      const used = this.current;
      this.current = saved.current;
      this.breakpoints.clear();
      for (const [a, n] of saved.breakpoints) this.breakpoints.set(a, n);
      saved.watches.forEach((w, i) => { this.watches[i] = w; });
      this.scratch = saved.scratch;
      this.ender = saved.ender;
      await used.kill();
    }
  }

  /**
   * The replica stands at the entry of the first call the live run has not made. The live
   * process is somewhere between its last recorded call and that one (the program is
   * deterministic in between): it runs to that entry without breakpoints (the replica has
   * passed them), makes the call for real, and becomes current with the debugger's breakpoints
   * and watchpoints. Returns an event if the program ended doing so.
   */
  private async catchUp(): Promise<TargetEvent | undefined> {
    const replica = this.current;
    const want = replica.regs();
    const live = this.live;
    if (this.exitCode !== undefined) throw new Error('a replay went on past the program\'s exit: the recorded history is not this program\'s past');
    if (live.state === 'exited') {
      // The live run ended with this very call (exit_group): the replica makes it for real.
      replica.syscallHook = undefined;
      replica.setRegs({ ...want, rip: want.rip - 2n, rax: want.orig_rax });
      return replica.cont();
    }
    clearOurs(live);
    let entry = await live.syscall();
    // Signals from outside on the way are held back (sent again at the call's entry).
    while (entry.kind === 'signal' && !(entry.signal === SIGSEGV && live.regs().rip === want.rip)) {
      this.signals.holdBack(entry.signal);
      entry = await live.syscall();
    }
    if (entry.kind === 'signal' && live.regs().rip === want.rip) {
      // The replica stopped at a time-stamp read: the live process makes it (recorded).
      this.current = live;
      await replica.kill();
      if (this.timeStamp(entry) !== 'emulated') throw new Error('the live process did not reach the point where replay ended');
      this.apply(live);
      return undefined;
    }
    if (entry.kind !== 'syscall' || entry.info.op !== 'entry' || live.regs().rip !== want.rip) {
      throw new Error('the live process did not reach the call where replay ended: the recorded history is not this program\'s past');
    }
    this.current = live;
    await replica.kill();
    const last = this.liveExit(entry);
    if (last) return this.end(live, last);
    this.recorder.entry(entry.info);
    const exit = await live.syscall();
    if (exit.kind === 'syscall' && exit.info.op === 'exit') this.recorder.exit(exit.info);
    this.apply(live);
    return exit.kind === 'syscall' ? undefined : exit;
  }

  /** Shows the present again: the live process, where it stopped. */
  returnToLive(): void {
    if (!this.replaying) return;
    const replica = this.current;
    this.current = this.live;
    clearOurs(this.live);
    this.apply(this.live);
    void replica.kill();
  }

  /** Inserts the debugger's breakpoints and watchpoints into `p` (which has none of ours). */
  private apply(p: Process): void {
    if (p.state !== 'stopped') return;
    for (const [addr, refs] of this.breakpoints) for (let i = 0; i < refs; i++) p.insertBreakpoint(addr);
    this.watches.forEach((w, slot) => { if (w) p.setHwWatchpoint(w.address, w.length, w.kind, slot); });
  }

  /** A writable shared mapping the program made: such pages are shared with the checkpoints
   * too, so they do not keep the past (DESIGN); reverse execution is refused then. */
  get sharedMemory(): string | undefined { return this.log.sharedMemory; }

  /** How many recorded calls and time-stamp reads the current process has made (or replayed). */
  progress(): { logIndex: number; tscIndex: number } {
    const r = this.replaying ? (this.current.syscallHook as Replayer) : undefined;
    return { logIndex: r ? r.index : this.log.length, tscIndex: r ? r.tscIndex : this.log.tsc.length };
  }

  /** A copy of the current state to come back to. */
  checkpoint(): Checkpoint {
    const why = this.unrecordable;
    if (why) throw new CheckpointRefused(why);
    const proc = this.current.fork();
    this.checkpoints.add(proc);
    return { proc, ...this.progress() };
  }

  /** Makes a fresh copy of `cp` current (the checkpoint itself stays as it is). */
  restore(cp: Checkpoint): void {
    const replica = cp.proc.fork();
    replica.syscallHook = new Replayer(replica, this.log, cp.logIndex, cp.tscIndex);
    const old = this.current;
    this.current = replica;
    this.apply(replica);
    if (old !== this.live) void old.kill();
  }

  /** Kills a checkpoint's process. */
  async drop(cp: Checkpoint): Promise<void> {
    this.checkpoints.delete(cp.proc);
    await cp.proc.kill();
  }

  /** Kills the live process, the current replica and every checkpoint. */
  async kill(): Promise<void> {
    const all = [this.live, this.current, ...this.checkpoints];
    this.checkpoints.clear();
    await Promise.all(all.map((p) => p.kill()));
  }
}
