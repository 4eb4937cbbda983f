// The threads of one traced process, driven all-stop: a run resumes every thread, the first
// thread to report ends it, and the others are stopped before the stop is handed up.
//
// Events of other threads that come while they are being stopped: a breakpoint hit is undone
// (pc back on the int3, to be hit again when the thread next runs); anything else is kept
// pending and reported by the next run before any thread runs. A thread whose own breakpoint
// hit was reported steps over it, alone, before the others run again.
import * as fs from 'fs';
import { ResumeMode, StopEvent, tracer } from './native';

const SIGSTOP = 19;
const SIGINT = 2;
const SIGTRAP = 5;
/** si_code of a signal the kernel itself sends (the terminal's Ctrl-C, an int3's trap). */
const SI_KERNEL = 0x80;
/** si_code of a hardware watchpoint's trap. */
const TRAP_HWBKPT = 4;

export interface ThreadState {
  readonly tid: number;
  /** Its thread pointer (glibc's pthread_t), read when it was first seen. */
  fsBase: bigint;
  /** A stop that came while it was being stopped, to report before anything runs again. */
  pending?: StopEvent;
  /** A signal to deliver when it next runs. */
  signal: number;
  /** Our SIGSTOP is still queued for it (it stopped for something else first). */
  sigstopQueued: boolean;
  /** The breakpoint address whose hit it reported; it steps over it before it runs again. */
  reportedAt?: bigint;
}

/** What the thread group needs from its process: its breakpoint table. */
export interface GroupHost {
  hasBreakpoint(addr: bigint): boolean;
  liftBreakpoint(addr: bigint): void;
  restoreBreakpoint(addr: bigint): void;
  /** Gives a new thread what every thread has (debug registers). */
  prepareThread(tid: number): void;
}

/** How a thread came or went; 'reaped' is the main thread's wait telling, after it had ended
 * while others ran on, that the whole process ended. */
export type ThreadNotice = (tid: number, how: 'new' | 'exited' | 'reaped', fsBase: bigint) => void;

function isStop(ev: StopEvent): boolean { return ev.kind === 'signal' && ev.signal === SIGSTOP; }

/** A Ctrl-C the terminal sent to the whole foreground process group, the program's copies (the
 * checkpoints, a search's replicas) with rdb: rdb takes it and interrupts what runs, so the
 * programs never see it (as gdb's `handle SIGINT nopass`); one left pending in a stopped copy
 * is dropped when that copy next runs. */
function fromTerminal(ev: StopEvent): boolean { return ev.kind === 'signal' && ev.signal === SIGINT && ev.siginfo.code === SI_KERNEL; }

function ends(ev: StopEvent): boolean { return ev.kind === 'exited' || ev.kind === 'killed'; }

export class ThreadGroup {
  private readonly list = new Map<number, ThreadState>();
  /** Told when a thread appears or exits. */
  notice?: ThreadNotice;
  /** Whether the program ever had more than one thread. */
  everMany = false;
  /** The main thread ended (pthread_exit) while others run on: it stays a zombie, never to stop
   * again, until the last thread ends and its wait tells how the process ended. */
  leaderGone = false;

  constructor(readonly pid: number, private readonly host: GroupHost) {
    this.list.set(pid, { tid: pid, fsBase: 0n, signal: 0, sigstopQueued: false });
  }

  /** How many threads there are, a main thread that ended among them. */
  get size(): number { return this.list.size; }

  /** The threads that can run and stop. */
  tids(): number[] { return [...this.list.keys()].filter((tid) => !(this.leaderGone && tid === this.pid)); }

  get(tid: number): ThreadState | undefined { return this.list.get(tid); }

  has(tid: number): boolean { return this.list.has(tid) && !(this.leaderGone && tid === this.pid); }

  /** A thread the program just created (its clone event came): wait for its first stop and
   * keep it stopped. */
  adopt(tid: number): void {
    if (this.list.has(tid)) return;
    const t = tracer();
    t.waitForkChild(tid);
    const fsBase = t.getRegs(tid).fs_base;
    this.rememberLeaderBase();
    this.list.set(tid, { tid, fsBase, signal: 0, sigstopQueued: false });
    this.everMany = true;
    this.host.prepareThread(tid);
    this.notice?.(tid, 'new', fsBase);
  }

  /** A thread made by a call rdb injected (a restore's clone), stopped and traced already. */
  adoptStopped(tid: number, fsBase: bigint): void {
    if (this.list.has(tid)) return;
    this.rememberLeaderBase();
    this.list.set(tid, { tid, fsBase, signal: 0, sigstopQueued: false });
    this.everMany = true;
    this.host.prepareThread(tid);
    this.notice?.(tid, 'new', fsBase);
  }

  /** Keeps the main thread's thread pointer (for its exit notice, should it end first), if it
   * is stopped now: the first time another thread appears. */
  private rememberLeaderBase(): void {
    const leader = this.list.get(this.pid)!;
    if (leader.fsBase || this.leaderGone) return;
    try {
      leader.fsBase = tracer().getRegs(this.pid).fs_base;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e; // running: read at the next stop
    }
  }

  /** Threads that exited, not told yet: as under gdb, whose waits come later than ours and
   * find the kernel's older events first (it reports a tracer's stopped threads in the order
   * they were attached, the main thread first), an exit is told after the next event. */
  private exited: ThreadState[] = [];

  /** A thread that exited (not the whole process). */
  drop(tid: number): void {
    const t = this.list.get(tid);
    if (!t || tid === this.pid) return;
    this.list.delete(tid);
    this.exited.push(t);
  }

  /** Tells the exits not told yet. */
  tellExits(): void {
    for (const t of this.exited.splice(0)) this.notice?.(t.tid, 'exited', t.fsBase);
  }

  /** Forgets every thread but the leader (the process ended or exec'd). */
  reset(): void {
    for (const tid of this.tids()) if (tid !== this.pid) this.list.delete(tid);
    this.leaderGone = false;
  }

  /** A pending stop of some thread, taken out (reported instead of running). */
  takePending(): StopEvent | undefined {
    for (const t of this.list.values()) {
      if (t.pending) {
        const ev = t.pending;
        t.pending = undefined;
        return ev;
      }
    }
    return undefined;
  }

  /**
   * Runs every thread, `selected` in `mode` with `signal`, the others continued with their own
   * pending signals, until one reports something for the caller: new threads are adopted,
   * exits of other threads dropped, our own late SIGSTOPs swallowed on the way. Every other
   * thread is stopped before this returns (unless the whole process ended).
   */
  async runAll(selected: number, mode: ResumeMode, signal: number, cloned?: StopEvent): Promise<StopEvent> {
    const runs: Array<[number, ResumeMode, number]> = [];
    if (!cloned) {
      await this.stepOverReported(selected);
      for (const t of this.list.values()) {
        if (this.leaderGone && t.tid === this.pid) continue;
        if (t.tid === selected) runs.push([t.tid, mode, signal]);
        else runs.push([t.tid, 'cont', t.signal]);
        t.signal = 0;
        t.reportedAt = undefined;
      }
    }
    let ev: StopEvent;
    for (;;) {
      if (cloned) {
        ev = cloned;
        cloned = undefined;
      } else {
        // An ended main thread is waited for too: its wait tells how the process ended.
        ev = await tracer().resumeThreads(runs, [...this.list.keys()]);
      }
      runs.length = 0;
      const again = (tid: number): void => { runs.push([tid, tid === selected ? mode : 'cont', 0]); };
      if (ends(ev) && ev.pid !== this.pid) {
        this.drop(ev.pid);
        if (ev.pid === selected) selected = this.tids()[0]; // go on all the same
        continue;
      }
      if (ev.kind === 'event' && ev.event === 'clone') {
        // The creating thread runs on at once, as under gdb (which takes a while over a new
        // thread); the new one once it is known.
        const child = Number(ev.msg);
        if (ev.pid === this.pid) this.rememberLeaderBase();
        await tracer().resumeThreads([[ev.pid, ev.pid === selected ? mode : 'cont', 0]], []);
        this.adopt(child);
        this.tellExits();
        runs.push([child, 'cont', 0]);
        continue;
      }
      if (this.swallow(ev)) {
        again(ev.pid);
        continue;
      }
      break;
    }
    if (!ends(ev)) await this.stopOthers(ev.pid, mode === 'step' || mode === 'sysemu_step' ? selected : undefined);
    this.tellExits();
    if (ends(ev) && this.leaderGone) this.notice?.(this.pid, 'reaped', 0n);
    return ev;
  }

  /** Whether `ev` is our own SIGSTOP arriving late (the thread had stopped for something else
   * when we stopped it), or the terminal's SIGINT: then it is taken as said, and the thread is
   * to be resumed as before. */
  swallow(ev: StopEvent): boolean {
    if (fromTerminal(ev)) return true;
    const t = this.list.get(ev.pid);
    if (!t || !t.sigstopQueued || !isStop(ev)) return false;
    t.sigstopQueued = false;
    return true;
  }

  /** Stops every thread but `tid` (they all run). The single-step of `stepping`, if it ended
   * meanwhile, is done: the step was cut short by another thread's stop. */
  private async stopOthers(tid: number, stepping?: number): Promise<void> {
    this.checkLeader(tid);
    const others = this.tids().filter((t) => t !== tid);
    if (others.length === 0) return;
    const t = tracer();
    const stops = await t.stopThreads(this.pid, others);
    for (const ev of stops) {
      const th = this.list.get(ev.pid);
      if (!th) continue;
      if (ends(ev)) {
        this.drop(ev.pid);
        continue;
      }
      if (isStop(ev)) continue;
      th.sigstopQueued = true;
      // A system call stop (recording had not ended yet): it goes on with the call as it runs.
      if (ev.kind === 'syscall') continue;
      if (ev.kind === 'event' && ev.event === 'clone') {
        this.adopt(Number(ev.msg));
        // The new thread runs on from its first stop with the others, later.
        continue;
      }
      if (ev.pid === stepping && ev.kind === 'signal' && ev.signal === SIGTRAP && ev.siginfo.code > 0
        && ev.siginfo.code !== SI_KERNEL && ev.siginfo.code !== TRAP_HWBKPT) continue;
      if (ev.kind === 'signal' && ev.signal === SIGTRAP && ev.siginfo.code === SI_KERNEL) {
        const regs = t.getRegs(ev.pid);
        if (this.host.hasBreakpoint(regs.rip - 1n)) {
          t.setRegs(ev.pid, { ...regs, rip: regs.rip - 1n }); // undone: hit again when it runs
          continue;
        }
      }
      th.pending = ev;
    }
  }

  /** Notes that the main thread ended, if it has (it is a zombie: it would never stop), when
   * `reporting`, another thread, stopped. */
  private checkLeader(reporting: number): void {
    if (this.leaderGone || reporting === this.pid || this.list.size < 2) return;
    let status: string;
    try {
      status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    } catch {
      return; // the process is going: its wait tells
    }
    if (!/^State:\s*[ZX]/m.test(status)) return;
    this.leaderGone = true;
    this.exited.push(this.list.get(this.pid)!);
  }

  /** Threads other than `selected` that reported a breakpoint hit and still sit on it execute
   * that instruction first, alone. */
  private async stepOverReported(selected: number): Promise<void> {
    const t = tracer();
    for (const th of this.list.values()) {
      const at = th.reportedAt;
      if (th.tid === selected || at === undefined || !this.host.hasBreakpoint(at)) continue;
      if (t.getRegs(th.tid).rip !== at) continue;
      this.host.liftBreakpoint(at);
      let ev: StopEvent;
      try {
        ev = await t.resume(th.tid, 'step', th.signal);
        th.signal = 0;
      } finally {
        this.host.restoreBreakpoint(at);
      }
      if (ev.kind === 'event' && ev.event === 'clone') this.adopt(Number(ev.msg));
      else if (ends(ev)) this.drop(th.tid);
      else if (!(ev.kind === 'signal' && ev.signal === SIGTRAP)) th.pending = ev;
    }
  }
}
