// Searches by counting: an observer that counts every execution of one code address (a
// breakpoint without a condition) is counted by the debug registers through a perf event, so a
// span is run once without a stop per hit, and its last hit is reached again by a run that the
// counter stops just before that execution. Spans are run from their start with the program
// alone (the command's own policy stopped nothing before its end), to the next interval
// checkpoint or to the position searched from, recognised without traps at the address.
import { ReplayLimit, type Checkpoint } from '../timeline/Inferior';
import { COUNTER_SIGNAL, countersWork, ExecCounter } from '../target/perf';
import type { Observer, Position, Segment } from './history';
import { checkpointOf, type ReplayHost } from './reverse';
import { detector, momentDetector, progressOf, stackBytes, type Detector } from './spans';

/** Most addresses counted at once (the debug registers). */
const MAX_COUNTED = 4;

/** The addresses of an observer that counts every execution of a few code addresses. */
export function countable(host: ReplayHost, o: Observer): bigint[] | undefined {
  if (!host.useCounters || !o.everyHit || o.data || o.addresses.size === 0 || o.addresses.size > MAX_COUNTED) return undefined;
  const addrs = [...o.addresses];
  return countersWork(host.inferior.currentPid, addrs[0]) ? addrs : undefined;
}

/** What recognises `p` in a run from `base` with few traps: its registers, progress and stack
 * (read from its checkpoint if need be), or else its own mark counted from there. */
function endOf(host: ReplayHost, p: Position, base: Checkpoint | undefined): Detector | undefined {
  const inf = host.inferior;
  // Its registers, progress and stack need no trap but at its pc (its own mark may need one at
  // every hit of its observer).
  const cp = p.checkpoint;
  const prog = p.progress ?? (cp && { logIndex: cp.logIndex, tscIndex: cp.tscIndex, stack: stackBytes(cp.proc, p.regs.rsp) });
  if (prog) return momentDetector(inf, p.regs, prog);
  return p.mark.kind === 'hit' || base ? detector(inf, p, base) : undefined;
}

/**
 * Runs the span of `seg` from `base` (undefined: the segment's start) with the program alone and
 * the counters `make` makes on the fresh copy (told the pc the copy starts at), until `end`
 * recognises its end, the entry of record `limit`, or a counter's signal; then `done` runs on
 * the copy, told whether the run ended as asked and how many hits of each counter's address
 * there were. Not hits: the execution the copy starts with (as a breakpoint there is not hit on
 * resuming), and a trap at one recognising the end, fetched and counted, then counted again as
 * it executed.
 */
async function countingRun<T>(host: ReplayHost, seg: Segment, base: Checkpoint | undefined, limit: number | undefined,
  make: (pid: number, startPc: bigint) => ExecCounter[], end: Detector | undefined, done: (ended: boolean, counts: bigint[]) => T): Promise<T> {
  const inf = host.inferior;
  const start = base ?? await checkpointOf(host, seg.from);
  return inf.withReplica(start, async () => {
    const counters: ExecCounter[] = [];
    const startPc = inf.regs().rip;
    try {
      counters.push(...make(inf.currentPid, startPc));
      const traps = counters.map(() => 0n);
      let reached = false;
      try {
        end?.arm();
      } catch {
        // Its pc is not mapped yet where the span starts (a library's): not countable so.
        return done(false, counters.map(() => 0n));
      }
      const runner = host.watchingRunner((ev) => {
        if (ev.kind === 'code') counters.forEach((c, i) => { if (c.address === ev.pc) traps[i]++; });
        return end !== undefined && end.at(ev) && (reached = true);
      }, seg, COUNTER_SIGNAL);
      if (!base) runner.pendingSignal = seg.signal ?? 0;
      let atLimit = false;
      try {
        await runner.cont();
      } catch (e) {
        if (!(e instanceof ReplayLimit)) throw e;
        atLimit = true;
      }
      if (!reached && end?.here()) reached = true;
      return done(limit !== undefined ? atLimit : end ? reached : true,
        counters.map((c, i) => c.count() - traps[i] - (c.address === startPc ? 1n : 0n)));
    } finally {
      for (const c of counters) c.close();
    }
  }, limit);
}

/**
 * The executions of `addrs` in the span of `seg` from `base` to the interval checkpoint `next`
 * (or to `p`), when only one of them was executed there: its address and count (0 if none
 * was); undefined where that cannot be counted or several were.
 */
export async function countBefore(host: ReplayHost, seg: Segment, base: Checkpoint | undefined, next: Checkpoint | undefined,
  p: Position, addrs: bigint[]): Promise<{ pc: bigint; n: number } | undefined> {
  const mark = p.mark;
  // p itself is the k-th execution of one of these addresses from base, the others not executed
  // before it: k - 1 came before.
  if (!next && mark.kind === 'hit' && mark.base === base && mark.alone !== undefined && addrs.includes(mark.alone)
    && addrs.every((a) => mark.observer.addresses.has(a))) return { pc: mark.alone, n: mark.hits - 1 };
  const limit = next?.logIndex;
  const end = next ? undefined : endOf(host, p, base);
  if (!next && !end) return undefined;
  return countingRun(host, seg, base, limit, (pid) => addrs.map((a) => new ExecCounter(pid, a)), end, (ended, counts) => {
    if (!ended) return undefined;
    const used = addrs.filter((_, i) => counts[i] > 0n);
    if (used.length > 1) return undefined;
    return used.length ? { pc: used[0], n: Number(counts[addrs.indexOf(used[0])]) } : { pc: addrs[0], n: 0 };
  });
}

/** The position of the k-th execution of `pc`, one of `observer`'s addresses, in the span of
 * `seg` from `base`, its others not executed before it: a run stopped there by the counter.
 * Undefined if the counter did not stop it there so. */
export async function countedPosition(host: ReplayHost, seg: Segment, observer: Observer, k: number, base: Checkpoint | undefined, pc: bigint): Promise<Position | undefined> {
  const addrs = countable(host, observer);
  if (!addrs?.includes(pc)) return undefined;
  const inf = host.inferior;
  const others = addrs.filter((a) => a !== pc);
  const make = (pid: number, startPc: bigint): ExecCounter[] =>
    [new ExecCounter(pid, pc, BigInt(k) + (startPc === pc ? 1n : 0n)), ...others.map((a) => new ExecCounter(pid, a))];
  return countingRun(host, seg, base, undefined, make, undefined, (_ended, counts) => {
    if (inf.state !== 'stopped' || inf.regs().rip !== pc || counts[0] !== BigInt(k) || counts.slice(1).some((n) => n !== 0n)) return undefined;
    clearResumeFlag(host);
    const position: Position = { id: -1, checkpoint: inf.checkpoint(), segment: seg, mark: { kind: 'hit', observer, hits: k, base, alone: pc }, regs: { ...inf.regs() }, progress: progressOf(inf) };
    return position;
  });
}

/** Whether the executions of all of `addrs` can be counted at once. */
export function canCount(host: ReplayHost, addrs: bigint[]): boolean {
  return host.useCounters && addrs.length > 0 && addrs.length <= MAX_COUNTED && countersWork(host.inferior.currentPid, addrs[0]);
}

/** How many times each of `addrs` was executed from the checkpoint `from` (a position in the
 * span of `seg` it starts, whose pc is not one of them) to `p`; undefined where that cannot be
 * counted so. */
export async function countsTo(host: ReplayHost, seg: Segment, from: Checkpoint, p: Position, addrs: bigint[]): Promise<bigint[] | undefined> {
  if (!canCount(host, addrs)) return undefined;
  const end = endOf(host, p, from);
  if (!end) return undefined;
  return countingRun(host, seg, from, undefined, (pid) => addrs.map((a) => new ExecCounter(pid, a)), end, (ended, counts) => (ended ? counts : undefined));
}

/** The executions of `addrs` from `base` (undefined: the start of p's segment) up to `p`: p the
 * k-th execution of one address counted so (an observer of that address alone), where a counter
 * stops the run; else where endOf recognises p. Undefined where that cannot be counted so. */
export async function countsUpTo(host: ReplayHost, base: Checkpoint | undefined, p: Position, addrs: bigint[]): Promise<bigint[] | undefined> {
  const seg = p.segment!;
  const mark = p.mark;
  const at = mark.kind === 'hit' && mark.base === base && mark.alone !== undefined && mark.observer.addresses.size === 1 ? mark.alone : undefined;
  if (at === undefined) {
    const end = endOf(host, p, base);
    if (!end || !canCount(host, addrs)) return undefined;
    return countingRun(host, seg, base, undefined, (pid) => addrs.map((a) => new ExecCounter(pid, a)), end, (ended, counts) => (ended ? counts : undefined));
  }
  const k = BigInt((mark as { hits: number }).hits);
  const others = addrs.filter((a) => a !== at);
  if (!canCount(host, [at, ...others])) return undefined;
  const inf = host.inferior;
  const make = (pid: number, startPc: bigint): ExecCounter[] =>
    [new ExecCounter(pid, at, k + (startPc === at ? 1n : 0n)), ...others.map((a) => new ExecCounter(pid, a))];
  return countingRun(host, seg, base, undefined, make, undefined, (_ended, counts) => {
    if (inf.state !== 'stopped' || inf.regs().rip !== at || counts[0] !== k) return undefined;
    // p's own execution (the one stopped before) is not before it.
    return addrs.map((a) => (a === at ? k - 1n : counts[1 + others.indexOf(a)]));
  });
}

/** Whether the program is at the moment `p` (its registers, calls and clock reads made, and
 * stack), where p's progress or checkpoint tells; else whether its registers are p's. */
export function isMoment(host: ReplayHost, p: Position): () => boolean {
  const inf = host.inferior;
  const cp = p.checkpoint;
  const prog = p.progress ?? (cp && { logIndex: cp.logIndex, tscIndex: cp.tscIndex, stack: stackBytes(cp.proc, p.regs.rsp) });
  return prog ? momentDetector(inf, p.regs, prog).here : () => inf.state === 'stopped';
}

/** Clears the resume flag a counter's stop left: a counter made from here on then counts the
 * instruction the program is stopped before, as everywhere else a run starts. */
export function clearResumeFlag(host: ReplayHost): void {
  host.inferior.clearResumeFlag();
}
