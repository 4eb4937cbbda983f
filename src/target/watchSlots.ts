// The four debug-register slots of one traced process: which watch each holds, written into
// every thread's DR0-DR3 and DR7 (debug registers are per thread), copied into new threads.
import { dr7Disable, dr7Enable, HwKind, HwLength, hwWatchpointProblem } from './debugRegisters';
import { tracer } from './native';

export interface HwSlot {
  address: bigint;
  length: HwLength;
  kind: HwKind;
}

export class WatchSlots {
  /** The watch in each slot (undefined: free). */
  readonly slots: (HwSlot | undefined)[] = [undefined, undefined, undefined, undefined];

  /** Watches `len` bytes at `addr` in every thread of `tids`; returns the slot (0-3): `at`, or
   * the first free one. On failure no thread keeps it. */
  set(tids: number[], addr: bigint, len: number, kind: HwKind, at?: number): number {
    const problem = hwWatchpointProblem(addr, len, kind);
    if (problem) throw new Error(`cannot set a hardware watchpoint: ${problem}`);
    const slot = at ?? this.slots.findIndex((s) => s === undefined);
    if (at !== undefined && this.slots[at]) throw new Error(`debug register ${at} is in use`);
    if (slot < 0) throw new Error('cannot set a hardware watchpoint: all 4 debug registers are in use');
    const t = tracer();
    const done: number[] = [];
    try {
      for (const tid of tids) {
        const dr7 = t.getDebugReg(tid, 7);
        t.setDebugReg(tid, slot, addr);
        done.push(tid);
        t.setDebugReg(tid, 7, dr7Enable(dr7, slot, len as HwLength, kind));
      }
    } catch (e) {
      for (const tid of done) this.disable(tid, slot);
      throw e;
    }
    this.slots[slot] = { address: addr, length: len as HwLength, kind };
    return slot;
  }

  /** Frees `slot` in every thread of `tids`. */
  clear(tids: number[], slot: number): void {
    if (!this.slots[slot]) throw new Error(`no hardware watchpoint in slot ${slot}`);
    for (const tid of tids) this.disable(tid, slot);
    this.slots[slot] = undefined;
  }

  /** Gives new thread `tid` the watches every thread has. */
  copyTo(tid: number): void {
    const t = tracer();
    let dr7 = 0n;
    this.slots.forEach((s, slot) => {
      if (!s) return;
      t.setDebugReg(tid, slot, s.address);
      dr7 = dr7Enable(dr7, slot, s.length, s.kind);
    });
    if (dr7 !== 0n) t.setDebugReg(tid, 7, dr7);
  }

  /** Forgets every watch (the process exited or exec'd: its registers are gone). */
  forget(): void { this.slots.fill(undefined); }

  private disable(tid: number, slot: number): void {
    const t = tracer();
    t.setDebugReg(tid, 7, dr7Disable(t.getDebugReg(tid, 7), slot));
    t.setDebugReg(tid, slot, 0n);
  }
}
