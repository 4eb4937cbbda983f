// Searching the recorded past: a segment is replayed from its start with observers (ghost
// breakpoints that never stop it), and the last counted hit before the position of interest is
// the answer. Ghost breakpoints do not change time, so the replay ends where the command did.
import type { Checkpoint, Inferior } from '../timeline/Inferior';
import type { Regs } from '../target/native';
import type { Halt, Runner } from './execution';
import { History, sameRegisters, type Frozen, type Observer, type Position, type Segment } from './history';

/** What a search needs from the debugger. */
export interface ReplayHost {
  readonly inferior: Inferior;
  readonly history: History;
  /** Replays `seg` on the current process (a fresh copy of its start) with its frozen stop
   * policy. `watch` sees every trap and single-step arrival before the policy does; returning
   * true ends the replay there. */
  replaySegment(seg: Segment, watch: (pc: bigint) => boolean): Promise<Halt>;
  /** A Runner on the current process that stops for nothing of the user's. */
  plainRunner(): Runner;
  /** An empty stop policy (for commands rdb makes up, like the steps of reverse-stepi). */
  emptyPolicy(): Frozen;
}

/** Most single-steps a reverse-stepi may take from the last line start before it. */
const STEP_LIMIT = 1_000_000;

function insertAll(inf: Inferior, addresses: Iterable<bigint>): void {
  for (const a of addresses) {
    try {
      inf.insertBreakpoint(a);
    } catch {
      // Not mapped at this point of the past (a library not loaded yet): no hit there.
    }
  }
}

/** The last counted hit of `observer` before `p`, within p's segment, as a new position (with
 * a checkpoint); undefined if there is none (or p starts history, or follows a barrier). */
export async function lastHitBefore(host: ReplayHost, p: Position, observer: Observer): Promise<Position | undefined> {
  const seg = p.segment;
  if (!seg || seg.barrier) return undefined;
  const inf = host.inferior;
  const mark = p.mark;
  type Hit = { cp: Checkpoint; hits: number; regs: Regs; call: number };
  let found: Hit | undefined;
  let before: Hit | undefined;
  await inf.withReplica(seg.from.checkpoint, async () => {
    insertAll(inf, observer.addresses);
    if (mark.kind === 'hit') insertAll(inf, mark.observer.addresses);
    let hits = 0;
    let markHits = 0;
    let calls = 0;
    await host.replaySegment(seg, (pc) => {
      calls++;
      // p itself first: a hit at p is not before p.
      if (mark.kind === 'hit' && mark.observer.addresses.has(pc) && mark.observer.accepts(pc) && ++markHits === mark.hits) return true;
      if (observer.addresses.has(pc) && observer.accepts(pc)) {
        hits++;
        if (before) void inf.drop(before.cp);
        before = found;
        found = { cp: inf.checkpoint(), hits, regs: { ...inf.regs() }, call: calls };
      }
      return false;
    });
    // A command that ends where an observer is sees that last trap too: it is p, not before it.
    if (mark.kind === 'end' && found && found.call === calls && inf.state === 'stopped' && sameRegisters(found.regs, p.regs)) {
      void inf.drop(found.cp);
      found = before;
    } else if (before) {
      void inf.drop(before.cp);
    }
  });
  if (!found) return undefined;
  return { id: -1, checkpoint: found.cp, segment: seg, mark: { kind: 'hit', observer, hits: found.hits }, regs: found.regs };
}

/** Whether `observer` counts the position `p` itself (evaluated on a copy of it). */
async function acceptsAt(host: ReplayHost, p: Position, observer: Observer): Promise<boolean> {
  if (!observer.addresses.has(p.regs.rip)) return false;
  return host.inferior.withReplica(p.checkpoint, async () => observer.accepts(p.regs.rip));
}

/** reverse-continue: the last hit of `observer` before the current position, going back
 * through earlier segments; or the start of history. */
export async function reverseSearch(host: ReplayHost, observer: Observer): Promise<{ position: Position; hit: boolean }> {
  let p = host.history.current!;
  for (;;) {
    const found = await lastHitBefore(host, p, observer);
    if (found) return { position: found, hit: true };
    const seg = p.segment;
    if (!seg) return { position: p, hit: false };
    if (await acceptsAt(host, seg.from, observer)) return { position: seg.from, hit: true };
    p = seg.from;
  }
}

/** The position one instruction before the current one (a call counts as one instruction), found
 * by stepping from the last hit of `lineStarts` before it. Undefined at the start of history. */
export async function previousInstruction(host: ReplayHost, lineStarts: Observer): Promise<Position | undefined> {
  const p = host.history.current!;
  if (!p.segment) return undefined;
  const anchor = (await lastHitBefore(host, p, lineStarts)) ?? p.segment.from;
  const inf = host.inferior;
  const steps = await inf.withReplica(anchor.checkpoint, async () => {
    const r = host.plainRunner();
    return r.stepsUntil(() => sameRegisters(inf.regs(), p.regs), STEP_LIMIT);
  });
  if (steps === undefined) throw new Error('the instruction before this one is too far from the nearest recorded point');
  if (steps === 1) return anchor;
  const op = (r: Runner): Promise<Halt> => r.nextInstructions(steps - 1);
  const segment: Segment = { from: anchor, op, frozen: host.emptyPolicy() };
  const reached = await inf.withReplica(anchor.checkpoint, async () => {
    await op(host.plainRunner());
    return { cp: inf.checkpoint(), regs: { ...inf.regs() } };
  });
  return { id: -1, checkpoint: reached.cp, segment, mark: { kind: 'end' }, regs: reached.regs };
}
