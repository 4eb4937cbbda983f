// Searching the recorded past: a segment is replayed from its start with observers (ghost
// breakpoints that never stop it), and the last counted hit before the position of interest is
// the answer. Ghost breakpoints do not change time, so the replay ends where the command did.
import type { Checkpoint, Inferior } from '../timeline/Inferior';
import type { Regs } from '../target/native';
import type { Halt, Runner } from './execution';
import { History, sameRegisters, type Frozen, type Observer, type Position, type ReplayEvent, type Segment } from './history';
import type { StationCache } from './stations';

/** What a search needs from the debugger. */
export interface ReplayHost {
  readonly inferior: Inferior;
  readonly history: History;
  /** Replays `seg` on the current process (a fresh copy of its start) with its frozen stop
   * policy. `arm` runs once that policy is in place; `watch` then sees every trap, single-step
   * arrival and debug-register trigger before the policy does; returning true ends the replay. */
  replaySegment(seg: Segment, arm: () => void, watch: (ev: ReplayEvent) => boolean): Promise<Halt>;
  /** A Runner on the current process that stops for nothing of the user's. */
  plainRunner(): Runner;
  /** A Runner on the current process that stops only where `watch` says so. */
  watchingRunner(watch: (ev: ReplayEvent) => boolean): Runner;
  /** Copies kept during searches' replays (see stations.ts). */
  readonly stations: StationCache;
  /** An empty stop policy (for commands rdb makes up, like the steps of reverse-stepi). */
  emptyPolicy(): Frozen;
}

/** Most single-steps a reverse-stepi may take from the last line start before it. */
const STEP_LIMIT = 1_000_000;

/** One observer in one replay: its traps and debug registers armed, its events recognised. */
class Watching {
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

/** A search had to replay a command that cannot be replayed. */
export class UnreplayableError extends Error {
  constructor(why: string) {
    super(`cannot go back past this point: ${why}`);
    this.name = 'ReplayUnsupported';
  }
}

/** A checkpoint of `p`: its own, or one made by replaying from the nearest earlier position
 * that has one (kept on `p` until thinned again). Each replayed position is checked against the
 * registers recorded there. */
export async function checkpointOf(host: ReplayHost, p: Position): Promise<Checkpoint> {
  if (p.checkpoint) return p.checkpoint;
  const chain: Position[] = [];
  let base: Position = p;
  while (!base.checkpoint) {
    chain.unshift(base);
    if (!base.segment) throw new Error('the start of history has no checkpoint');
    base = base.segment.from;
  }
  const inf = host.inferior;
  let cp = base.checkpoint;
  for (const q of chain) {
    const seg = q.segment!;
    if (seg.unreplayable) throw new UnreplayableError(seg.unreplayable);
    const mark = q.mark;
    const next: Checkpoint = await inf.withReplica(cp, async () => {
      const target = mark.kind === 'hit' ? new Watching(inf, mark.observer) : undefined;
      let n = 0;
      await host.replaySegment(seg, () => target?.arm(), (ev) => mark.kind === 'hit' && target!.counts(ev) && ++n === mark.hits);
      if (!sameRegisters(inf.regs(), q.regs)) throw new Error('a replay did not come back to a recorded position: the recorded past is not reproducible here');
      return inf.checkpoint();
    });
    if (cp !== base.checkpoint) void inf.drop(cp);
    cp = next;
  }
  p.checkpoint = cp;
  return cp;
}

/** Runs `fn` on a fresh copy of position `p` (see Inferior.withReplica). */
async function onCopyOf<T>(host: ReplayHost, p: Position, fn: () => Promise<T>): Promise<T> {
  return host.inferior.withReplica(await checkpointOf(host, p), fn);
}

/** `length` bytes of memory at `address` as they were at position `p`. */
export async function readAt(host: ReplayHost, p: Position, address: bigint, length: number): Promise<Buffer> {
  return onCopyOf(host, p, async () => host.inferior.readMemory(address, length));
}

/** One counted event of an observer during a replay: the `k`-th of its segment. */
export interface Hit { k: number; pc: bigint; regs: Regs; data: boolean }

/** The counted hits of `observer` before `p` within p's segment, oldest first (none if p
 * starts history or follows a barrier). `p` itself is never among them. */
export async function hitsBefore(host: ReplayHost, p: Position, observer: Observer, after?: Position): Promise<Hit[]> {
  const seg = p.segment;
  if (!seg || seg.barrier) return [];
  if (seg.unreplayable) throw new UnreplayableError(seg.unreplayable);
  const inf = host.inferior;
  const mark = p.mark;
  // Hits before `after` (a position found by a search in the same segment) are not kept.
  const since = after && after !== seg.from && after.segment === seg && after.mark.kind === 'hit' ? after.mark : undefined;
  const hits: Array<Hit & { call: number }> = [];
  await onCopyOf(host, seg.from, async () => {
    const mine = new Watching(inf, observer);
    const target = mark.kind === 'hit' ? new Watching(inf, mark.observer) : undefined;
    const start = since ? new Watching(inf, since.observer) : undefined;
    let markHits = 0;
    let startHits = 0;
    let calls = 0;
    let counted = 0;
    const station = host.stations.recorder(seg, observer);
    await host.replaySegment(seg, () => { target?.arm(); start?.arm(); mine.arm(); }, (ev) => {
      calls++;
      // p itself first: a hit at p is not before p.
      if (mark.kind === 'hit' && target!.counts(ev) && ++markHits === mark.hits) return true;
      // Nor is a hit at `after`, or before it.
      if (since && startHits < since.hits) {
        if (start!.counts(ev)) startHits++;
        if (mine.counts(ev)) station(++counted);
        return false;
      }
      if (mine.counts(ev)) {
        hits.push({ k: ++counted, pc: inf.regs().rip, regs: { ...inf.regs() }, data: ev.kind === 'data', call: calls });
        station(counted);
      }
      return false;
    });
    // A command that ends where an observer is sees that last trap too: it is p, not before it.
    // (A write that triggered there is before p: the writing instruction precedes it.)
    const last = hits[hits.length - 1];
    if (mark.kind === 'end' && last && !last.data && last.call === calls && inf.state === 'stopped' && sameRegisters(last.regs, p.regs)) hits.pop();
  });
  return hits.map(({ k, pc, regs, data }) => ({ k, pc, regs, data }));
}

/** The position of the `k`-th counted hit of `observer` in `seg` (replayed to it, checkpointed). */
export async function positionAt(host: ReplayHost, seg: Segment, observer: Observer, k: number): Promise<Position> {
  const inf = host.inferior;
  const mark = { kind: 'hit' as const, observer, hits: k };
  const fromStation = await stationRun(host, seg, observer, k);
  if (fromStation) return { id: -1, checkpoint: fromStation.cp, segment: seg, mark, regs: fromStation.regs };
  return onCopyOf(host, seg.from, async () => {
    const mine = new Watching(inf, observer);
    let n = 0;
    await host.replaySegment(seg, () => mine.arm(), (ev) => mine.counts(ev) && ++n === k);
    if (n !== k) throw new Error('a replay did not reach the hit it had counted before: the recorded past is not reproducible here');
    return { id: -1, checkpoint: inf.checkpoint(), segment: seg, mark, regs: { ...inf.regs() } };
  });
}

/**
 * The `k`-th counted hit of `observer` in `seg`, reached from the last station before it (a copy
 * made at an earlier hit by the scan that counted them). Up to a hit the command's own stop
 * policy stops nothing, so running on with the observer alone executes what it executed.
 * Undefined without a station (or if that run ends elsewhere).
 */
async function stationRun(host: ReplayHost, seg: Segment, observer: Observer, k: number): Promise<{ cp: Checkpoint; regs: Regs } | undefined> {
  const st = host.stations.before(seg, observer, k);
  if (!st) return undefined;
  if (st.k === k) {
    const cp = host.stations.take(seg, observer, st);
    return { cp, regs: { ...cp.proc.regs() } };
  }
  const inf = host.inferior;
  return inf.withReplica(st.cp, async () => {
    const mine = new Watching(inf, observer);
    mine.arm();
    let n = st.k;
    await host.watchingRunner((ev) => mine.counts(ev) && ++n === k).cont();
    return n === k && inf.state === 'stopped' ? { cp: inf.checkpoint(), regs: { ...inf.regs() } } : undefined;
  });
}

/** The last counted hit of `observer` before `p` in p's segment, as a position. */
export async function lastHitBefore(host: ReplayHost, p: Position, observer: Observer): Promise<Position | undefined> {
  const hits = await hitsBefore(host, p, observer);
  if (hits.length === 0) return undefined;
  return positionAt(host, p.segment!, observer, hits[hits.length - 1].k);
}

/** Whether `observer` counts the position `p` itself (evaluated on a copy of it). */
export async function acceptsAt(host: ReplayHost, p: Position, observer: Observer): Promise<boolean> {
  if (!observer.addresses.has(p.regs.rip)) return false;
  return onCopyOf(host, p, async () => observer.accepts(p.regs.rip));
}

/** reverse-continue: the last hit of `observer` before the current position, going back
 * through earlier segments; or the start of history. */
export async function reverseSearch(host: ReplayHost, observer: Observer, from?: Position): Promise<{ position: Position; hit: boolean; data?: boolean }> {
  let p = from ?? host.history.current!;
  for (;;) {
    const hits = await hitsBefore(host, p, observer);
    const last = hits[hits.length - 1];
    if (last) return { position: await positionAt(host, p.segment!, observer, last.k), hit: true, data: last.data };
    const seg = p.segment;
    if (!seg) return { position: p, hit: false };
    if (await acceptsAt(host, seg.from, observer)) return { position: seg.from, hit: true };
    p = seg.from;
  }
}

/** Steps (calls as one step) from `from` until the moment `to`: how many steps, the calls made
 * on the way (after which step, the callee's entry and CFA), and the pc after each step (`pcs[0]`
 * is from's, a call's step has the pc it returned to, a last step into a callee its entry).
 * With `passing`, `to` is only recognised once that many executions of its addresses are past
 * (a loop may come back to the same registers). Undefined if `to` is not reached within the
 * step limit. */
export async function stepsBetween(host: ReplayHost, from: Position, to: Position, passing?: { addresses: Set<bigint>; count: number }):
  Promise<{ steps: number; calls: Array<{ step: number; entry: bigint; cfa: bigint }>; pcs: bigint[] } | undefined> {
  const inf = host.inferior;
  const calls: Array<{ step: number; entry: bigint; cfa: bigint }> = [];
  const pcs = [from.regs.rip];
  let passed = 0;
  let counted = false;
  const reached = (): boolean => {
    const pc = inf.regs().rip;
    pcs.push(pc);
    counted = passing !== undefined && passed < passing.count && passing.addresses.has(pc);
    if (counted) passed++;
    return (!passing || passed >= passing.count) && !counted && sameRegisters(inf.regs(), to.regs);
  };
  const steps = await onCopyOf(host, from, async () =>
    host.plainRunner().stepsUntil(reached, STEP_LIMIT, (step, entry, cfa) => {
      // The callee's entry: the step ends where the call returns.
      pcs.pop();
      if (counted) passed--;
      calls.push({ step, entry, cfa });
    }));
  return steps === undefined ? undefined : { steps, calls, pcs };
}

/** The position where the pc is first `pc` after `from` (calls as one step), if that is not
 * after `before`. */
export async function stepsTo(host: ReplayHost, from: Position, pc: bigint, before: Position): Promise<Position | undefined> {
  const inf = host.inferior;
  const found = await onCopyOf(host, from, async () => {
    const n = from.regs.rip === pc ? 0 : await host.plainRunner().stepsUntil(() => inf.regs().rip === pc || sameRegisters(inf.regs(), before.regs), STEP_LIMIT);
    return n !== undefined && inf.regs().rip === pc ? n : undefined;
  });
  return found === undefined ? undefined : stepsAfter(host, from, found);
}

/** The position `n` steps (calls as one step) after `from`. */
export async function stepsAfter(host: ReplayHost, from: Position, n: number): Promise<Position> {
  if (n === 0) return from;
  const inf = host.inferior;
  const op = (r: Runner): Promise<Halt> => r.nextInstructions(n);
  const segment: Segment = { from, op, frozen: host.emptyPolicy() };
  const reached = await onCopyOf(host, from, async () => {
    await op(host.plainRunner());
    return { cp: inf.checkpoint(), regs: { ...inf.regs() } };
  });
  return { id: -1, checkpoint: reached.cp, segment, mark: { kind: 'end' }, regs: reached.regs };
}

/** The position one instruction before `p`, found by stepping from the last hit of `anchors`
 * before it. A call counts as one instruction, unless `into` gives the observer of the callee's
 * frame: then the instruction before a return is the callee's last (its `ret`). Undefined at
 * the start of history. */
export async function previousInstruction(host: ReplayHost, p: Position, anchors: Observer,
  into?: (entry: bigint, cfa: bigint) => Observer): Promise<Position | undefined> {
  if (!p.segment) return undefined;
  const anchor = (await lastHitBefore(host, p, anchors)) ?? p.segment.from;
  const between = await stepsBetween(host, anchor, p);
  if (!between) throw new Error('the instruction before this one is too far from the nearest recorded point');
  const last = between.calls[between.calls.length - 1];
  if (into && last?.step === between.steps) {
    const inner = await previousInstruction(host, p, into(last.entry, last.cfa));
    if (inner) return inner;
  }
  return stepsAfter(host, anchor, between.steps - 1);
}
