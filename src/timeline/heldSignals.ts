// Signals from outside that reach the live program between two system calls: replay could not
// find that point again, so they are held back and given at a point it can find (a call's end).
import type { TargetEvent } from '../target/Process';
import { caught } from './processFacts';
import type { Recorder, SyscallLog } from './syscalls';

/** How long a signal from outside that came between two system calls is held back waiting
 * for the next call (ms): then it is given where the program is, and going back past that
 * point is refused. */
const HOLD_MS = 50;

/**
 * Signals from outside that came between two system calls, held back: replay could not find
 * that point again. At the program's next call's entry they are sent again, so that they come
 * as that call ends (or cut it short), a point replay finds (SyscallRecord.signal). A program
 * that makes no call for HOLD_MS gets them where it is (going back past that is refused).
 */
export class HeldSignals {
  private held: number[] = [];
  private heldSince = 0;
  /** The signal of the live process's last stop, if it came from outside between two calls. */
  private lastAsync?: number;
  /** Signals sent again after HOLD_MS: given as they come, wherever that is. */
  private readonly passing = new Set<number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly pid: number, private readonly log: SyscallLog, private readonly recorder: Recorder) {}

  /** `signal` is to be given to the process as it resumes: one from outside that came between
   * two calls to the live process is held back instead; returns what to give now. */
  hold(signal: number, live: boolean): number {
    const async = this.lastAsync;
    this.lastAsync = undefined;
    if (!signal || !live || signal !== async) return signal;
    if (this.passing.delete(signal)) {
      this.log.asyncSignals.push({ index: this.log.length, signal });
      return signal;
    }
    this.holdBack(signal);
    return 0;
  }

  holdBack(signal: number): void {
    if (this.held.length === 0) this.heldSince = Date.now();
    this.held.push(signal);
  }

  /** The program is at a call's entry: the signals held back are sent again. */
  release(): void {
    for (const s of this.held.splice(0)) {
      process.kill(this.pid, s);
      this.log.heldSignals++;
    }
  }

  /** While the live process runs with signals held back: past HOLD_MS they are sent again and
   * given as they come. */
  arm(): void {
    this.disarm();
    if (this.held.length === 0) return;
    this.timer = setTimeout(() => {
      for (const s of this.held) this.passing.add(s);
      this.release();
    }, Math.max(0, this.heldSince + HOLD_MS - Date.now()));
  }

  disarm(): void { clearTimeout(this.timer); }

  /** The live process stops to receive a signal: if it came from outside (not a fault of its
   * own, nor sent by itself) and a handler takes it, replay must give it at the same point: as a
   * system call ended (kept on the call's record), or else nowhere replay can find again. */
  note(ev: TargetEvent): void {
    if (ev.kind !== 'signal') return;
    const { signal, siginfo: info } = ev;
    const fault = info.code > 0 && [4, 5, 7, 8, 11, 31].includes(signal) && info.code !== 0x80;
    const ownRaise = info.code <= 0 && info.pid === this.pid;
    if (fault || ownRaise || !caught(this.pid, signal)) return;
    if (this.recorder.signalAtCallEnd(signal)) return;
    this.lastAsync = signal;
  }
}
