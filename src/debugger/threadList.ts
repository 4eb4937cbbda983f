// gdb's view of the program's threads: numbers in order of appearance (the main thread is 1,
// numbers are not reused within a run), target ids (`Thread 0x7ffff7dd16c0 (LWP 3286)`, the
// pthread_t being the thread pointer) and names (the kernel's comm).
import * as fs from 'fs';
import type { Inferior } from '../timeline/Inferior';
import type { Stop } from './events';

/** A thread as gdb lists it. */
export interface ThreadInfo { id: number; tid: number; targetId: string; name: string }

export function targetId(tid: number, fsBase: bigint): string {
  return `Thread 0x${fsBase.toString(16)} (LWP ${tid})`;
}

function threadName(pid: number, tid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

export class ThreadList {
  private readonly nums = new Map<number, number>();
  private next = 1;

  constructor(readonly pid: number) {
    this.add(pid);
  }

  /** The list of a program just started, kept up to date as its threads come and go, with gdb's
   * notices (`[New Thread ...]`, `[Thread ... exited]`) told to `notify`. */
  static following(proc: Inferior, notify: (line: string) => void): ThreadList {
    const list = new ThreadList(proc.pid);
    // (A restored image's threads are there from the start.)
    for (const t of proc.threads()) if (t.tid !== proc.pid) list.add(t.tid);
    proc.onThread = (tid, how, fsBase) => {
      if (how === 'new') list.add(tid);
      // gdb meets the ended main thread's last wait as a thread it does not know.
      if (how === 'reaped') notify(`[New process ${tid}]`);
      else notify(how === 'new' ? `[New ${targetId(tid, fsBase)}]` : `[${targetId(tid, fsBase)} exited]`);
      if (how === 'exited') list.remove(tid);
    };
    return list;
  }

  /** The thread a stop is in, once the program has had several: its number, and what gdb says
   * of it (its name in the stop line, `[Switching to ...]` when it is not `resumed`, the thread
   * that was selected as the program resumed). */
  stopIn(proc: Inferior, resumed: number | undefined): { id: number; stop: Pick<Stop, 'thread' | 'switchedTo'> } | undefined {
    if (!proc.live.everThreaded || proc.replaying) return undefined;
    const t = proc.threads().find((x) => x.tid === proc.tid);
    if (!t) return undefined;
    const info = this.info(t.tid, t.fsBase);
    return {
      id: info.id,
      stop: { thread: this.named ? { id: info.id, name: info.name } : undefined, switchedTo: resumed !== undefined && resumed !== t.tid ? info.targetId : undefined },
    };
  }

  /** Numbers a new thread; returns its number. */
  add(tid: number): number {
    const n = this.next++;
    this.nums.set(tid, n);
    return n;
  }

  remove(tid: number): void { this.nums.delete(tid); }

  number(tid: number): number | undefined { return this.nums.get(tid); }

  tidOf(num: number): number | undefined {
    for (const [tid, n] of this.nums) if (n === num) return tid;
    return undefined;
  }

  /** gdb names the thread in its stop lines once a thread other than the first has existed. */
  get named(): boolean { return this.next > 2; }

  info(tid: number, fsBase: bigint): ThreadInfo {
    return { id: this.nums.get(tid) ?? 0, tid, targetId: targetId(tid, fsBase), name: threadName(this.pid, tid) };
  }
}
