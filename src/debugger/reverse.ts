// Searching the recorded past: a segment is replayed from its start with observers (ghost
// breakpoints that never stop it), and the last counted hit before the position of interest is
// the answer. Ghost breakpoints do not change time, so the replay ends where the command did.
import type { Checkpoint, Inferior } from '../timeline/Inferior';
import type { Halt, Runner } from './execution';
import { UserError } from './events';
import { History, sameRegisters, type Frozen, type Observer, type Position, type ReplayEvent, type Segment } from './history';
import type { StationCache } from './stations';
import type { ScanCache } from './scanCache';
import { countable, countBefore, countedPosition } from './counting';
import { detector, intervalsBefore, progressOf, runFrom, stackBytes, Watching, type Detector, type Hit } from './spans';

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
  /** A Runner on the current process that stops only where `watch` says so (signals as `seg`
   * had them, if given), and at signal `ours` (rdb's own), which is not given to the program. */
  watchingRunner(watch: (ev: ReplayEvent) => boolean, seg?: Segment, ours?: number): Runner;
  /** Whether hits may be counted by the debug registers (see counting.ts). */
  readonly useCounters: boolean;
  /** Copies kept during searches' replays (see stations.ts). */
  readonly stations: StationCache;
  /** Hits found by searches' replays (see scanCache.ts). */
  readonly scans: ScanCache;
  /** An empty stop policy (for commands rdb makes up, like the steps of reverse-stepi). */
  emptyPolicy(): Frozen;
}

/** Most single-steps a reverse-stepi may take from the last line start before it. */
const STEP_LIMIT = 1_000_000;

/** A search had to replay a command that cannot be replayed. */
export class UnreplayableError extends Error {
  constructor(why: string) {
    super(`cannot go back past this point: ${why}`);
    this.name = 'ReplayUnsupported';
  }
}

/** Hits a scan for the last one traps before it counts them with the debug registers instead. */
const TRAP_CAP = 500;

/** A scan met more hits than its cap. */
class TooManyHits extends Error {}

const NOT_REPRODUCIBLE = 'a replay did not come back to a recorded position: the recorded past is not reproducible here';

/** A checkpoint of `p`: its own, or one made by replaying from the nearest earlier position
 * that has one, or from the last interval checkpoint of its command before it (kept on `p`
 * until thinned again). Each replayed position is checked against the registers recorded there. */
export async function checkpointOf(host: ReplayHost, p: Position): Promise<Checkpoint> {
  if (p.checkpoint) return p.checkpoint;
  const chain: Position[] = [];
  for (let q = p; ;) {
    chain.unshift(q);
    if (intervalsBefore(q).length) break;
    if (!q.segment) throw new Error('the start of history has no checkpoint');
    q = q.segment.from;
    if (q.checkpoint) break;
  }
  const inf = host.inferior;
  const first = chain[0].segment?.from.checkpoint;
  let cp = first;
  for (const q of chain) {
    const seg = q.segment!;
    if (seg.unreplayable) throw new UnreplayableError(seg.unreplayable);
    const bases = intervalsBefore(q);
    const base = bases[bases.length - 1];
    const d = detector(inf, q, base);
    if (!d && !(q.mark.kind === 'end' && !base)) throw new Error('a position of history cannot be found again (its interval checkpoint is gone)');
    let reached = d === undefined;
    const next: Checkpoint = await runFrom(host, { seg, base }, base ? undefined : cp, undefined, () => d?.arm(),
      (ev) => d !== undefined && d.at(ev) && (reached = true), () => {
        if (!reached && d?.here()) reached = true;
        if (!reached || !sameRegisters(inf.regs(), q.regs)) throw new Error(NOT_REPRODUCIBLE);
        return inf.checkpoint();
      });
    if (cp && cp !== first) void inf.drop(cp);
    cp = next;
  }
  p.checkpoint = cp;
  return cp!;
}

/** Runs `fn` on a fresh copy of position `p` (see Inferior.withReplica). */
async function onCopyOf<T>(host: ReplayHost, p: Position, fn: () => Promise<T>): Promise<T> {
  return host.inferior.withReplica(await checkpointOf(host, p), fn);
}

export type { Hit } from './spans';

/** `length` bytes of memory at `address` as they were at position `p`. */
export async function readAt(host: ReplayHost, p: Position, address: bigint, length: number): Promise<Buffer> {
  return onCopyOf(host, p, async () => host.inferior.readMemory(address, length));
}

/** What scanBefore found: the hits, oldest first, and whether they are all those of the
 * segment (else only those of its last spans, enough for the caller). */
export interface Scan { hits: Hit[]; reachedStart: boolean }

/**
 * The counted hits of `observer` before `p` within p's segment, oldest first (none if p starts
 * history or follows a barrier); `p` itself is never among them, nor are hits up to `after` (a
 * position found before in the same segment). The segment's spans are scanned from the last
 * one back until `enough` of them (default: one hit) is found.
 */
export async function scanBefore(host: ReplayHost, p: Position, observer: Observer,
  opts: { after?: Position; enough?: (hits: Hit[]) => boolean } = {}): Promise<Scan> {
  const seg = p.segment;
  if (!seg || seg.barrier) return { hits: [], reachedStart: true };
  if (seg.unreplayable) throw new UnreplayableError(seg.unreplayable);
  const inf = host.inferior;
  const origins: Array<Checkpoint | undefined> = [undefined, ...intervalsBefore(p)];
  const after = opts.after;
  let first = 0;
  let skip: Detector | undefined;
  if (after && after !== seg.from && after.segment === seg && after.mark.kind === 'hit') {
    const ab = intervalsBefore(after);
    const base = ab[ab.length - 1];
    first = Math.max(0, origins.indexOf(base));
    skip = detector(inf, after, origins[first]);
    if (!skip) throw new Error('a position of history cannot be found again (its interval checkpoint is gone)');
  }
  const enough = opts.enough ?? ((h: Hit[]) => h.length > 0);
  let hits: Hit[] = [];
  // Only the last hit is wanted: an observer of one address without conditions is counted.
  // A span where it is hit more than TRAP_CAP times is counted instead of trapped.
  const addrs = !after && !opts.enough ? countable(host, observer) : undefined;
  for (let i = origins.length - 1; i >= first; i--) {
    const limit = i + 1 < origins.length ? origins[i + 1]!.logIndex : undefined;
    const sk = i === first ? skip : undefined;
    let span: Hit[] | undefined;
    if (addrs) {
      try {
        span = await keptHits(host, seg, origins[i], limit, p, observer, sk, after, TRAP_CAP);
      } catch (e) {
        if (!(e instanceof TooManyHits)) throw e;
        const c = await countBefore(host, seg, origins[i], origins[i + 1], p, addrs);
        if (c) span = c.n > 0 ? [{ k: c.n, pc: c.pc, data: false, base: origins[i], alone: true }] : [];
      }
    }
    span ??= await keptHits(host, seg, origins[i], limit, p, observer, sk, after);
    hits = [...span, ...hits];
    if (i > first && enough(hits)) return { hits, reachedStart: false };
  }
  return { hits, reachedStart: true };
}

/** spanHits, from the hits a replay of the span kept (see scanCache.ts) where they tell. */
async function keptHits(host: ReplayHost, seg: Segment, base: Checkpoint | undefined, limit: number | undefined,
  p: Position, observer: Observer, skip: Detector | undefined, after: Position | undefined, cap?: number): Promise<Hit[]> {
  const span = base ?? seg;
  const upTo = limit === undefined ? p : undefined;
  let kept = host.scans.get(span, base, observer, upTo);
  if (kept && skip) {
    // Only those after `after`, the k-th hit of an observer of the same key.
    const m = after!.mark;
    if (m.kind === 'hit' && m.observer.key === observer.key && m.base === base && m.alone === undefined) kept = kept.filter((h) => h.k > m.hits);
    else if (kept.length > 0) kept = undefined;
  }
  if (kept) return kept;
  const { hits, passed } = await spanHits(host, seg, base, limit, p, observer, skip, cap);
  // (All the span's hits are known once the replay went past `after`.)
  if (passed !== undefined) host.scans.put(span, observer, hits, upTo);
  return hits.filter((h) => h.k > (passed ?? Infinity));
}

/** The hits of `observer` in one span of `seg`, from `base` (undefined: the segment's start) to
 * the entry of record `limit`, or without a limit to `p`, and how many of them come up to the
 * moment `skip` recognises (0 without it; undefined if it never came); more than `cap` after it
 * throw TooManyHits. */
async function spanHits(host: ReplayHost, seg: Segment, base: Checkpoint | undefined, limit: number | undefined,
  p: Position, observer: Observer, skip?: Detector, cap?: number): Promise<{ hits: Hit[]; passed?: number }> {
  const inf = host.inferior;
  const end = limit === undefined ? detector(inf, p, base) : undefined;
  if (limit === undefined && !end && !(p.mark.kind === 'end' && !base)) throw new Error('a position of history cannot be found again (its interval checkpoint is gone)');
  const mine = new Watching(inf, observer);
  const station = host.stations.recorder(base ?? seg, observer);
  const hits: Array<Hit & { call: number }> = [];
  let skipping = skip !== undefined;
  let passed = skipping ? undefined : 0;
  let calls = 0;
  let counted = 0;
  let reached = false;
  const start = base ? undefined : await checkpointOf(host, seg.from);
  return runFrom(host, { seg, base }, start, limit, () => { end?.arm(); skip?.arm(); mine.arm(); }, (ev) => {
    calls++;
    // p itself first: a hit at p is not before p.
    if (end?.at(ev)) return (reached = true);
    // Nor is a hit at `after`, or before it.
    const atAfter = skipping && skip!.at(ev);
    if (mine.counts(ev)) {
      if (!skipping && cap !== undefined && hits.length - passed! >= cap) throw new TooManyHits();
      hits.push({ k: ++counted, pc: inf.regs().rip, regs: { ...inf.regs() }, data: ev.kind === 'data', base, call: calls });
      station(counted);
    }
    if (atAfter) {
      skipping = false;
      passed = counted;
    }
    return false;
  }, (atLimit) => {
    if (limit !== undefined && !atLimit) throw new Error('a replay did not reach the next interval checkpoint: the recorded past is not reproducible here');
    if (end && !reached && !end.here()) throw new Error(NOT_REPRODUCIBLE);
    if (limit === undefined && !end) {
      // A command that ends where an observer is sees that last trap too: it is p, not before
      // it. (A write that triggered there is before p: the writing instruction precedes it.)
      const last = hits[hits.length - 1];
      if (last && !last.data && last.call === calls && inf.state === 'stopped' && last.regs !== undefined && sameRegisters(last.regs, p.regs)) hits.pop();
    }
    return { hits: hits.map(({ call: _call, ...h }) => h), passed };
  });
}

/** The counted hits of `observer` before `p` in p's segment (all of them, or with `after`,
 * those after it): see scanBefore. */
export async function hitsBefore(host: ReplayHost, p: Position, observer: Observer, after?: Position): Promise<Hit[]> {
  return (await scanBefore(host, p, observer, { after, enough: () => false })).hits;
}

/** The position of the `k`-th counted hit of `observer` in `seg` from `base` (its interval
 * checkpoint, or the segment's start), replayed to it and checkpointed. */
export async function positionAt(host: ReplayHost, seg: Segment, observer: Observer, k: number, base?: Checkpoint, alone?: bigint): Promise<Position> {
  const inf = host.inferior;
  const mark = { kind: 'hit' as const, observer, hits: k, base };
  const counted = alone === undefined ? undefined : await countedPosition(host, seg, observer, k, base, alone);
  if (counted) return counted;
  const fromStation = await stationRun(host, seg, base, observer, k);
  if (fromStation) return { id: -1, segment: seg, mark, ...fromStation };
  const mine = new Watching(inf, observer);
  let n = 0;
  const start = base ? undefined : await checkpointOf(host, seg.from);
  return runFrom(host, { seg, base }, start, undefined, () => mine.arm(), (ev) => mine.counts(ev) && ++n === k, () => {
    if (n !== k) throw new Error('a replay did not reach the hit it had counted before: the recorded past is not reproducible here');
    return { id: -1, checkpoint: inf.checkpoint(), segment: seg, mark, regs: { ...inf.regs() }, progress: progressOf(inf) };
  });
}

/**
 * The `k`-th counted hit of `observer` in a span, reached from the last station before it (a
 * copy made at an earlier hit by the scan that counted them). Up to a hit the command's own
 * stop policy stops nothing, so running on with the observer alone executes what it executed.
 * Undefined without a station (or if that run ends elsewhere).
 */
async function stationRun(host: ReplayHost, seg: Segment, base: Checkpoint | undefined, observer: Observer, k: number): Promise<Pick<Position, 'checkpoint' | 'regs' | 'progress'> | undefined> {
  const key = base ?? seg;
  const st = host.stations.before(key, observer, k);
  if (!st) return undefined;
  const inf = host.inferior;
  if (st.k === k) {
    const cp = host.stations.take(key, observer, st);
    return { checkpoint: cp, regs: { ...cp.proc.regs() }, progress: { logIndex: cp.logIndex, tscIndex: cp.tscIndex, stack: stackBytes(cp.proc, cp.proc.regs().rsp) } };
  }
  return inf.withReplica(st.cp, async () => {
    const mine = new Watching(inf, observer);
    mine.arm();
    let n = st.k;
    await host.watchingRunner((ev) => mine.counts(ev) && ++n === k, seg).cont();
    return n === k && inf.state === 'stopped' ? { checkpoint: inf.checkpoint(), regs: { ...inf.regs() }, progress: progressOf(inf) } : undefined;
  });
}

/** The last counted hit of `observer` before `p` in p's segment, as a position. */
export async function lastHitBefore(host: ReplayHost, p: Position, observer: Observer): Promise<Position | undefined> {
  const { hits } = await scanBefore(host, p, observer);
  const last = hits[hits.length - 1];
  return last && positionAt(host, p.segment!, observer, last.k, last.base, last.alone ? last.pc : undefined);
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
    const { hits } = await scanBefore(host, p, observer);
    const last = hits[hits.length - 1];
    if (last) return { position: await positionAt(host, p.segment!, observer, last.k, last.base, last.alone ? last.pc : undefined), hit: true, data: last.data };
    const seg = p.segment;
    if (!seg) return { position: p, hit: false };
    if (await acceptsAt(host, seg.from, observer)) return { position: seg.from, hit: true };
    p = seg.from;
  }
}

/** The error of a step back whose single-stepping from `anchor` ran past STEP_LIMIT. */
export function tooFarBack(what: string, anchor: string): UserError {
  return new UserError(`Cannot step back: ${what} lies over ${STEP_LIMIT} instructions back from ${anchor}; use reverse-continue with a breakpoint there.`);
}

/** The single-steps (calls as one step) from one moment to another: see stepsBetween. */
export interface Between { steps: number; calls: Array<{ step: number; entry: bigint; cfa: bigint }>; pcs: bigint[]; inner: number }

/** Steps (calls as one step) from `from` until the moment `to`: how many steps, the calls made
 * on the way (after which step, the callee's entry and CFA; through a PLT stub, the function it
 * forwards to), and the pc after each step (`pcs[0]` is from's, a call's step has the pc it
 * returned to, a last step into a callee its entry). `inner`: with a last step into a PLT stub,
 * how many single-steps through it `to` is after the stub's entry (else 0).
 * With `passing`, `to` is only recognised once that many executions of its addresses are past
 * (a loop may come back to the same registers); with `isTo`, only where it also says so.
 * Undefined if `to` is not reached within `limit` steps. */
export async function stepsBetween(host: ReplayHost, from: Position, to: Position, passing?: { addresses: Set<bigint>; count: number },
  limit = STEP_LIMIT, isTo?: () => boolean): Promise<Between | undefined> {
  return onCopyOf(host, from, () => stepsHere(host, to, passing, limit, isTo));
}

/** stepsBetween on the process shown (a replica at the moment stepped from), which it uses up. */
export async function stepsHere(host: ReplayHost, to: Position, passing?: { addresses: Set<bigint>; count: number },
  limit = STEP_LIMIT, isTo?: () => boolean): Promise<Between | undefined> {
  const inf = host.inferior;
  const calls: Array<{ step: number; entry: bigint; cfa: bigint }> = [];
  const pcs = [inf.regs().rip];
  let passed = 0;
  let counted = false;
  // `again`: the same step, gone on through a PLT stub to the function it forwards to.
  let inner = 0;
  const reached = (again?: boolean): boolean => {
    const pc = inf.regs().rip;
    inner = again ? inner + 1 : 0;
    if (again) {
      pcs[pcs.length - 1] = pc;
      return (!passing || passed >= passing.count) && sameRegisters(inf.regs(), to.regs) && (!isTo || isTo());
    }
    pcs.push(pc);
    counted = passing !== undefined && passed < passing.count && passing.addresses.has(pc);
    if (counted) passed++;
    return (!passing || passed >= passing.count) && !counted && sameRegisters(inf.regs(), to.regs) && (!isTo || isTo());
  };
  const steps = await host.plainRunner().stepsUntil(reached, limit, (step, entry, cfa) => {
    // The callee's entry: the step ends where the call returns.
    pcs.pop();
    if (counted) passed--;
    calls.push({ step, entry, cfa });
  });
  return steps === undefined ? undefined : { steps, calls, pcs, inner };
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

/** The position `n` steps (calls as one step) after `from`, then `stepis` single-steps. */
export async function stepsAfter(host: ReplayHost, from: Position, n: number, stepis = 0): Promise<Position> {
  if (n === 0 && stepis === 0) return from;
  const inf = host.inferior;
  const op = async (r: Runner): Promise<Halt> => {
    let h = await r.nextInstructions(n, true);
    for (let i = 0; i < stepis && h.kind === 'step-done'; i++) h = await r.stepInstruction();
    return h;
  };
  const segment: Segment = { from, op, frozen: host.emptyPolicy(), ...(stepis === 0 && { steps: n }) };
  const reached = await onCopyOf(host, from, async () => {
    await op(host.plainRunner());
    return { cp: inf.checkpoint(), regs: { ...inf.regs() } };
  });
  return { id: -1, checkpoint: reached.cp, segment, mark: { kind: 'end' }, regs: reached.regs };
}

/** The executions of p's pc in p's frame (at its stack pointer) after `from` (p's segment's
 * start or a hit found in it) and before p: stepping from `from` recognises p only past them,
 * as its registers may have been the same there (a loop keeping its count in memory). */
async function executionsBetween(host: ReplayHost, from: Position, p: Position): Promise<{ addresses: Set<bigint>; count: number }> {
  const inf = host.inferior;
  const at: Observer = { addresses: new Set([p.regs.rip]), accepts: () => inf.regs().rsp === p.regs.rsp };
  const hits = await hitsBefore(host, p, at, from === p.segment?.from ? undefined : from);
  return { addresses: at.addresses, count: hits.length };
}

/** The position one instruction before `p`, found by stepping from the last hit of `anchors`
 * before it. A call counts as one instruction, unless `into` gives the observer of the callee's
 * frame: then the instruction before a return is the callee's last (its `ret`). At a function
 * entered through a PLT stub, the stub's last instruction (with `stubs`) or the call. Undefined
 * at the start of history. */
export async function previousInstruction(host: ReplayHost, p: Position, anchors: Observer,
  into?: (entry: bigint, cfa: bigint) => Observer, stubs = true): Promise<Position | undefined> {
  if (!p.segment) return undefined;
  const anchor = (await lastHitBefore(host, p, anchors)) ?? p.segment.from;
  const between = await stepsBetween(host, anchor, p, await executionsBetween(host, anchor, p));
  if (!between) throw tooFarBack('the instruction before this one', 'the nearest point searches find again');
  const last = between.calls[between.calls.length - 1];
  if (into && last?.step === between.steps) {
    const inner = await previousInstruction(host, p, into(last.entry, last.cfa));
    if (inner) return inner;
  }
  // Reached through a PLT stub: the instruction before is the stub's last one taken.
  return stepsAfter(host, anchor, between.steps - 1, stubs ? between.inner : 0);
}
