// The stretches a search replays: a command (segment) cut by its interval checkpoints into
// spans, each run on its own copy from its start (the segment's start, replayed with the
// command, or an interval checkpoint, run with nothing of the command's: before its end the
// command's own policy stopped nothing, so the program runs as it ran) to the next interval
// checkpoint (the entry of the call it was taken before) or to the position searched from.
import type { Checkpoint, Inferior } from '../timeline/Inferior';
import { ReplayLimit } from '../timeline/Inferior';
import type { Regs } from '../target/native';
import type { Tracee } from '../target/Process';
import { sameRegisters, type Observer, type Position, type ReplayEvent, type Segment } from './history';
import type { ReplayHost } from './reverse';

/** Bytes at the stack pointer kept with a position to recognise it (see Position.progress). */
const STACK_BYTES = 256;

export function stackBytes(t: Pick<Tracee, 'readMemory'>, rsp: bigint): Buffer {
  try {
    return t.readMemory(rsp, STACK_BYTES);
  } catch {
    return Buffer.alloc(0);
  }
}

/** What recognises position `p` later: the registers, the calls and clock reads made, the stack. */
export function progressOf(inf: Inferior): Position['progress'] {
  return { ...inf.progress(), stack: stackBytes(inf, inf.regs().rsp) };
}

/** One observer in one replay: its traps and debug registers armed, its events recognised. */
export class Watching {
  private readonly slots = new Map<number, number>();

  constructor(private readonly inf: Inferior, readonly observer: Observer) {}

  arm(): void {
    for (const a of this.observer.addresses) {
      try {
        this.inf.insertBreakpoint(a);
      } catch {
        // Not mapped at this point of the past (a library not loaded yet): no hit there.
      }
    }
    const data = this.observer.data;
    if (!data) return;
    data.reset();
    data.watches.forEach((w, i) => this.slots.set(this.inf.setHwWatchpoint(w.address, w.length, w.kind), i));
  }

  counts(ev: ReplayEvent): boolean {
    if (ev.kind === 'code') return this.observer.addresses.has(ev.pc) && this.observer.accepts(ev.pc);
    const i = this.slots.get(ev.slot);
    return i !== undefined && this.observer.data!.counts(i);
  }
}

/** Where a span starts: the segment's start (`base` undefined) or one of its interval checkpoints. */
export interface Origin { seg: Segment; base?: Checkpoint }

/** Recognises one moment during a run: armed as the run starts, asked at every event, and
 * asked (`here`) where the run stopped by itself (say, for a signal that stopped the command). */
export interface Detector { arm(): void; at(ev: ReplayEvent): boolean; here(): boolean }

/**
 * What recognises `p` in a run from `base` (undefined: the segment's start): the count of its
 * observer's hits when p was counted from there, else its registers, progress and stack met at
 * a trap on its pc. Undefined for the end of a command replayed from its start (the command
 * ends there) and where p cannot be recognised.
 */
export function detector(inf: Inferior, p: Position, base: Checkpoint | undefined): Detector | undefined {
  const mark = p.mark;
  if (mark.kind === 'hit' && mark.base === base) {
    const w = new Watching(inf, mark.observer);
    let n = 0;
    return { arm: () => w.arm(), at: (ev) => w.counts(ev) && ++n === mark.hits, here: () => false };
  }
  const prog = p.progress;
  if (!prog || (mark.kind === 'end' && base === undefined)) return undefined;
  return momentDetector(inf, p.regs, prog);
}

/** Recognises the moment with registers `regs` after `prog`'s calls and clock reads, with
 * `prog.stack` at its stack pointer: at a trap on its pc, or where a run stopped. */
export function momentDetector(inf: Inferior, regs: Regs, prog: { logIndex: number; tscIndex: number; stack: Buffer }): Detector {
  const pc = regs.rip;
  const here = (): boolean => {
    if (inf.state !== 'stopped' || !sameRegisters(inf.regs(), regs)) return false;
    const now = inf.progress();
    return now.logIndex === prog.logIndex && now.tscIndex === prog.tscIndex && stackBytes(inf, regs.rsp).equals(prog.stack);
  };
  return { arm: () => inf.insertBreakpoint(pc), at: (ev) => ev.kind === 'code' && ev.pc === pc && here(), here };
}

/** The interval checkpoints of p's segment that lie before p, oldest first: those p can be
 * recognised in a run from. */
export function intervalsBefore(p: Position): Checkpoint[] {
  const all = p.segment?.intervals ?? [];
  if (all.length === 0) return [];
  if (p.mark.kind === 'hit' && p.mark.base) {
    const i = all.indexOf(p.mark.base);
    if (i >= 0) return all.slice(0, i + 1);
  }
  const prog = p.progress;
  if (!prog) return [];
  if (p.mark.kind === 'hit' && !p.mark.base) return [];
  return all.filter((cp) => cp.logIndex < prog.logIndex);
}

/**
 * Runs from `origin` on a fresh copy: from the segment's start (a copy of `start`) the command
 * is replayed; from an interval checkpoint the program runs alone. `watch` sees every event
 * (true ends the run). With `limit` the run ends at the entry of that record. `done` runs on
 * the copy where it ended, told whether the limit ended it.
 */
export async function runFrom<T>(host: ReplayHost, origin: Origin, start: Checkpoint | undefined, limit: number | undefined,
  arm: () => void, watch: (ev: ReplayEvent) => boolean, done: (atLimit: boolean) => T | Promise<T>): Promise<T> {
  const inf = host.inferior;
  const cp = origin.base ?? start;
  if (!cp) throw new Error('a span of history has no copy to start from');
  return inf.withReplica(cp, async () => {
    let atLimit = false;
    try {
      if (origin.base) {
        arm();
        await host.watchingRunner(watch, origin.seg).cont();
      } else {
        await host.replaySegment(origin.seg, arm, watch);
      }
    } catch (e) {
      if (!(e instanceof ReplayLimit)) throw e;
      atLimit = true;
    }
    return done(atLimit);
  }, limit);
}

/** One counted event of an observer during a replay: the `k`-th from its span's start. */
export interface Hit {
  k: number; pc: bigint; regs?: Regs; data: boolean; base?: Checkpoint;
  /** Counted by the debug registers: the k-th execution of pc, the observer's other addresses
   * not executed before it (see counting.ts). */
  alone?: boolean;
}
