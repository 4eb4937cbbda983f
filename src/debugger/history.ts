// The recorded past as positions: every stop the user saw, how it was reached (a replayable
// command from an earlier position, with the stop policy frozen as it was), and the checkpoint
// taken there. A position found by a reverse search is named by the search's observer and how
// many of its hits precede it, so later searches can recognise it again.
import type { Checkpoint } from '../timeline/Inferior';
export { sameRegisters } from '../timeline/Inferior';
import type { Regs } from '../target/native';
import type { HwKind } from '../target/debugRegisters';
import type { BreakpointTable } from './breakpoints';
import type { SignalTable } from './signals';
import type { Halt, Runner } from './execution';

/** The breakpoints and watchpoints (with their hardware slots) and the signal table as a
 * command found them. */
export interface Frozen { table: BreakpointTable; slots: Map<number, number>; signals: SignalTable }

/** A forward command from a position: replaying `op` on a copy of `from`, with a copy of
 * `frozen` as the stop policy, repeats exactly what the command did. */
export interface Segment {
  from: Position;
  op: (r: Runner) => Promise<Halt>;
  frozen: Frozen;
  /** The signal the command delivered as it resumed the program (the one it had stopped with). */
  signal?: number;
  /** The program was changed by the debugger (a function called by `print f()`), not run: no
   * replay leads through it; searches go on before it. */
  barrier?: boolean;
  /** Why this command cannot be replayed (a signal from outside arrived while it ran): searches
   * stop at its end with this reason. */
  unreplayable?: string;
  /** Copies of the program taken at system call entries while the command ran (oldest first):
   * a search scans the stretch between two of them instead of the whole command. */
  intervals?: Checkpoint[];
  /** The command was this many single-steps (calls as one) made up by a search. */
  steps?: number;
}

/** What a replay counts: executions of code addresses (the user's breakpoints, a function's
 * lines) and writes or accesses to watched memory (watchpoints, with debug registers). */
export interface Observer {
  addresses: Set<bigint>;
  /** Whether the execution at `pc` (the replica stopped there) counts: conditions, frames. */
  accepts(pc: bigint): boolean;
  /** Every execution of its addresses counts (accepts is always true): they can be counted
   * without a stop each (see counting.ts). */
  everyHit?: boolean;
  /** Observers with the same key count the same hits in any replay (see scanCache.ts). */
  key?: string;
  data?: {
    watches: Array<{ address: bigint; length: number; kind: HwKind }>;
    /** Called as each replay starts (the replica at the segment's start). */
    reset(): void;
    /** Whether a trigger of watch `index` counts (say, the value changed). */
    counts(index: number): boolean;
  };
}

/** What a replay reports to its observers: a trap or step arrival at pc, or a debug register. */
export type ReplayEvent = { kind: 'code'; pc: bigint } | { kind: 'data'; slot: number };

/** Where a position lies in its segment's replay: where the command ended, or at the `hits`-th
 * counted execution of an observer's addresses. */
export type Mark = { kind: 'end' } | { kind: 'hit'; observer: Observer; hits: number;
  /** The interval checkpoint of the segment the hits are counted from (none: its start). */
  base?: Checkpoint;
  /** Counted by the debug registers (counting.ts): the hits are executions of this one of the
   * observer's addresses, its others not executed before. */
  alone?: bigint };

export interface Position {
  id: number;
  /** A stopped copy of the program at this position; thinned out for older positions, which
   * are then reached by replaying from an earlier one. */
  checkpoint?: Checkpoint;
  /** How it was reached; none for the start of history. */
  segment?: Segment;
  mark: Mark;
  /** The registers there (to recognise it while single-stepping towards it). */
  regs: Regs;
  /** How many recorded calls and time-stamp reads precede it, and the bytes at its stack
   * pointer: with the registers, what recognises a command's end in a run from an interval
   * checkpoint (see reverse.ts). */
  progress?: { logIndex: number; tscIndex: number; stack: Buffer };
  /** Copies of moments a little before it in its segment, nearest first, made by the search that
   * found it (anchors.ts): counting from one of them replays less than from the segment's start. */
  near?: Checkpoint[];
}

/** The positions of one run of the program, oldest first. */
export class History {
  private readonly all: Position[] = [];
  private nextId = 0;
  /** Where the program shown is now. */
  current?: Position;
  /** The program's exit, once it reached it (history ends there). */
  end?: Position;

  /** Makes `p` the current position, adding it first if it is new (id -1). */
  enter(p: Position): Position {
    if (p.id < 0) {
      p.id = this.nextId++;
      this.all.push(p);
    }
    this.current = p;
    return p;
  }

  get start(): Position | undefined { return this.all[0]; }

  /** Where the first command of the run (`run`, `start`) stopped. */
  get firstStop(): Position | undefined { return this.all.find((p) => p.segment?.from === this.all[0] && p.mark.kind === 'end'); }

  /** Where the history that leads to `p` begins: the program's first instruction, or the last
   * place the debugger changed the program's state (`return`, `jump`), which no replay leads
   * through. */
  startOf(p: Position): Position {
    while (p.segment) p = p.segment.from;
    return p;
  }

  get size(): number { return this.all.length; }

  /** Whether `p` must keep its checkpoint: the start of history, the current position, a
   * position after a barrier (no replay leads there), and one counted from an interval
   * checkpoint (which may go). */
  private pinned(p: Position): boolean {
    return !p.segment || p === this.current || p === this.end || p.segment.barrier === true || p.segment.unreplayable !== undefined
      || (p.mark.kind === 'hit' && p.mark.base !== undefined);
  }

  /**
   * Positions whose checkpoints may go so that the rest stay dense near the newest position and
   * exponentially sparser back: going back, one is kept where the gap to the last kept one
   * reaches a quarter of its distance from the newest. Then, while `bytes` of the kept ones
   * exceed `budget`, the oldest go too. The positions returned have lost their checkpoint
   * (the caller frees the processes).
   */
  thin(bytes: (p: Position) => number, budget: number): Position[] {
    const out: Position[] = [];
    const n = this.all.length;
    let lastKept = n;
    for (let i = n - 1; i >= 0; i--) {
      const p = this.all[i];
      if (!p.checkpoint) continue;
      const age = n - 1 - i;
      if (this.pinned(p) || lastKept - i >= Math.max(1, Math.floor(age / 4))) {
        lastKept = i;
        continue;
      }
      out.push(p);
    }
    let total = 0;
    const kept = this.all.filter((p) => p.checkpoint && !out.includes(p));
    const sizes = new Map(kept.map((p) => [p, bytes(p)]));
    for (const v of sizes.values()) total += v;
    for (const p of kept) {
      if (total <= budget) break;
      if (this.pinned(p)) continue;
      total -= sizes.get(p)!;
      out.push(p);
    }
    return out;
  }

  positions(): readonly Position[] { return this.all; }
}
