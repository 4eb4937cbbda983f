// reverse-next, reverse-step and reverse-finish with gdb's rules, on top of replay searches:
// a frame's line starts are observed (counted only in that frame, by its CFA); from one met a
// little before the present the frame is single-stepped (calls as one step) and gdb's decisions
// are taken again going back over its pcs (walkBack); a call crossed is entered from its return
// by reverse-step, and a function's entry leads on into the caller's line.
import { inlineEntries, inlinedStep, type Halt, type InlinedCall } from './execution';
import type { Observer, Position, Segment } from './history';
import type { Checkpoint } from '../timeline/Inferior';
import type { RowFlow } from './rowFlow';
import { canCount, countsTo, countsUpTo } from './counting';
import { join, pieceBefore } from './anchors';
import { intervalsBefore } from './spans';
import { acceptsAt, checkpointOf, hitsBefore, positionAt, previousInstruction, readAt, stepsAfter, stepsBetween, stepsTo, tooFarBack, type Between, type ReplayHost } from './reverse';

/** A frame as searches see it: its function's code range and its CFA. */
export interface FrameAt { cfa: bigint; low: bigint; high: bigint }

export interface LineHost extends ReplayHost {
  rowAt(pc: bigint): { line: number; file: string; start: bigint; end: bigint; isStmt: boolean } | undefined;
  functionAt(pc: bigint): { low: bigint; high: bigint; name: string } | undefined;
  /** Row starts of the function [low, high), and low itself. */
  rowStarts(low: bigint, high: bigint): Set<bigint>;
  /** How control leaves the row [start, end) (see rowFlow.ts), if its code tells. */
  rowFlow(start: bigint, end: bigint): RowFlow | undefined;
  /** The instructions of pc's function that can run just before it (see rowFlow.ts). */
  instructionsLeadingTo(pc: bigint): bigint[];
  /** The CFA of the innermost frame of the current process. */
  cfaNow(): bigint | undefined;
  /** The user's breakpoints as a search counts them. */
  userBreakpoints(): Observer;
  /** The inlined calls holding pc, innermost first. */
  inlineChain(pc: bigint): InlinedCall[];
  /** How many inlined calls at the current pc the stop shown hides (it shows their call site). */
  readonly inlineSkip: number;
}

export type LineResult = { position: Position; halt: Halt };

/** One place a frame's line starts were met: a counted hit of a replay (from `base`, an interval
 * checkpoint of its segment, or the segment's start), or a segment's start. */
interface Met { pc: bigint; seg: Segment; k?: number; base?: Checkpoint; at?: Position }

function frameObserver(host: LineHost, frame: FrameAt): Observer {
  return { addresses: host.rowStarts(frame.low, frame.high), accepts: () => host.cfaNow() === frame.cfa, key: `frame ${frame.cfa} ${frame.low} ${frame.high}` };
}

/** The segment before `p` holding the last places `obs` was met (oldest first), going back
 * through earlier segments past those without; none once history starts. */
async function metBefore(host: LineHost, p: Position, obs: Observer): Promise<{ seg: Segment; met: Met[] } | undefined> {
  for (let q = p; q.segment;) {
    const seg: Segment = q.segment;
    const met: Met[] = (await hitsBefore(host, q, obs)).map((h) => ({ pc: h.pc, seg, k: h.k, base: h.base }));
    const from = seg.from;
    if (await acceptsAt(host, from, obs)) {
      met.unshift({ pc: from.regs.rip, seg, at: from });
    }
    if (met.length) return { seg, met };
    q = from;
  }
  return undefined;
}

async function materialize(host: LineHost, obs: Observer, m: Met): Promise<Position> {
  return m.at ?? positionAt(host, m.seg, obs, m.k!, m.base);
}

/**
 * gdb's reverse-next / reverse-step from the current position in `frame` (whose caller is
 * `caller`): back to the start of the line executed before (of the current line, from its
 * middle); reverse-step instead stops at the start of the last line of a function that line
 * called; from a function's first line, back to the start of the caller's line. Out of the
 * outermost frame, to its first execution of `outermost` (main's first line) instead; a stop
 * there is shown as the start of history (where gdb's record from main's breakpoint starts).
 */
export async function reverseLine(host: LineHost, mode: 'step' | 'next', frame: FrameAt, caller?: FrameAt, outermost?: bigint): Promise<LineResult | undefined> {
  const p = host.history.current!;
  const here = p.regs.rip;
  // Inlined calls hidden at the pc: the stop shows the outermost one's call site, the line stepped from.
  const chain = host.inlineChain(here);
  const site = host.inlineSkip > 0 ? chain[host.inlineSkip - 1] : undefined;
  const start = (): Walk => ({ ...walkFrom(host, here), depth: chain.length - host.inlineSkip,
    ...(site?.callLine !== undefined && { line: site.callLine, file: site.callFile }) });
  const found = await lineStartBefore(host, mode, p, frame, caller, start, outermost);
  return found && stopOnTheWay(host, p, found);
}

/** A breakpoint hit between the line start found and `p` (say, in a function the line called)
 * stops the reverse step there, the last one first, as in gdb. */
async function stopOnTheWay(host: LineHost, p: Position, found: LineResult): Promise<LineResult> {
  const bps = host.userBreakpoints();
  const t = found.position;
  if (bps.addresses.size === 0) return found;
  // Only for a line start on p's own chain of segments (not one inside a callee reverse-step
  // entered, whose order against the segments' hits is not known here).
  const chain = new Set<Segment>();
  for (let q = p; q.segment; q = q.segment.from) chain.add(q.segment);
  if (!(t.segment && chain.has(t.segment)) && ![...chain].some((c) => c.from === t)) return found;
  for (let q = p; q.segment; q = q.segment.from) {
    const seg: Segment = q.segment;
    if (t.segment === seg && t.mark.kind === 'end') return found;
    const holdsT = t === seg.from || t.segment === seg;
    // None of the breakpoints' addresses executed on the way (counted): none was hit.
    const none = await noneExecuted(host, holdsT ? t : seg.from, q, bps);
    if (none && holdsT) return found;
    const hits = none ? [] : await hitsBefore(host, q, bps, holdsT ? t : undefined);
    const last = hits[hits.length - 1];
    if (last) return { position: await positionAt(host, seg, bps, last.k, last.base), halt: { kind: 'step-done' } };
    if (holdsT) return found;
    if (await acceptsAt(host, seg.from, bps)) return { position: seg.from, halt: { kind: 'step-done' } };
  }
  return found;
}

/** Whether no address of `obs` was executed from `from` (in q's segment) to `q`, where the
 * debug registers count that; false where they cannot. */
async function noneExecuted(host: LineHost, from: Position, q: Position, obs: Observer): Promise<boolean> {
  const addrs = [...obs.addresses];
  if (!q.segment || q.segment.barrier || !canCount(host, addrs)) return false;
  // (From the segment's start, the run delivers the signal the command resumed with.)
  const counts = from === q.segment.from ? await countsUpTo(host, undefined, q, addrs) : await countsTo(host, q.segment, await checkpointOf(host, from), q, addrs);
  return counts !== undefined && counts.every((n) => n === 0n);
}

/** gdb's stepping state going back (infrun's step range, the line being stepped from, and how
 * many inlined calls deep the frame stepped in is). */
interface Walk {
  range?: { start: bigint; end: bigint }; line: number; file?: string; depth: number;
  /** The function of the (inlined) frame stepped in, once the walk went on in another one than it started in. */
  fn?: string;
}

type Call = { step: number; entry: bigint; cfa: bigint };

/** Where gdb's backward step over a frame's pcs ends: at pcs[i], at the frame's entry pcs[i],
 * entering a call that returned after `step`, or further back than pcs[0]. */
type Verdict = { kind: 'stop' | 'entry'; i: number; inlineSkip?: number; stepFunction?: string } | ({ kind: 'call' } & Call) | { kind: 'before' };

/**
 * gdb's decisions (process_event_stop_test) at each pc going back from `pcs[from]`: inside the
 * step range, stop at its start; outside it, stop at the start of a statement row of another
 * line; otherwise the range becomes that row and, unless it is a non-statement row start, its
 * line the one stepped from. So rows of one line met one after another are crossed, and a row
 * walked back through stops at its start. The function's entry is a stop only as the start of
 * another line; else the walk goes on in the caller. With `step`, a call to a function with
 * lines is entered from its return. Code inlined deeper than the frame stepped in is met as
 * going forward (execution.ts inlinedStep): at an inlined call's entry, which a stop shows at its
 * call site, the step stops unless `next` is on the call's line (`step` then shows the call
 * entered); inside the call past its entry, `step` stops and `next` goes on. `inline`: the rules
 * of that mode (default: `step`'s), for a walk in a callee entered from its return.
 */
function walkBack(host: LineHost, pcs: bigint[], calls: Call[], low: bigint, walk: Walk, from: number, step: boolean, inline = step): Verdict {
  const calledAt = new Map(calls.map((c) => [c.step, c]));
  for (let i = from; i >= 0; i--) {
    const call = step ? calledAt.get(i + 1) : undefined;
    if (call && host.rowAt(call.entry)) return { kind: 'call', ...call };
    const pc = pcs[i];
    const chain = host.inlineChain(pc);
    // In the step range only in the frame stepped in (gdb, going back): at an inlined call's
    // entry the frame shown is its caller's.
    if (walk.range && pc >= walk.range.start && pc < walk.range.end && chain.length - inlineEntries(chain, pc) === walk.depth) {
      if (pc === low) return { kind: 'entry', i };
      if (pc === walk.range.start) return { kind: 'stop', i, stepFunction: walk.fn };
      continue;
    }
    const inlined = inlinedStep(chain, pc, inline ? 'step' : 'next', walk.depth, walk.file === undefined ? undefined : { file: walk.file, line: walk.line });
    if (inlined === 'continue') continue;
    if (inlined) return { kind: 'stop', i, inlineSkip: inlined.inlineSkip, stepFunction: walk.fn };
    const row = host.rowAt(pc);
    if (!row) return { kind: 'stop', i };
    walk.range = { start: row.start, end: row.end };
    const entries = inlineEntries(chain, pc);
    const depth = chain.length - entries;
    const fn = depth === walk.depth ? walk.fn : chain[entries]?.name ?? host.functionAt(pc)?.name;
    if (pc === row.start && (row.line !== walk.line || row.file !== walk.file)) {
      if (row.isStmt) return { kind: 'stop', i, stepFunction: walk.fn };
      // Not a statement, in another (inlined) frame: that frame is stepped in now, from no line.
      if (depth !== walk.depth) Object.assign(walk, { line: 0, file: undefined, depth, fn });
    } else {
      Object.assign(walk, { line: row.line, file: row.file, depth, fn });
    }
    if (pc === low) return { kind: 'entry', i };
  }
  return { kind: 'before' };
}

/** The walk as gdb starts a line step at `pc`: in the range of its row, from its line, in the
 * frame a stop there shows (the inlined calls starting there hidden). */
function walkFrom(host: LineHost, pc: bigint): Walk {
  const row = host.rowAt(pc);
  const chain = host.inlineChain(pc);
  const depth = chain.length - inlineEntries(chain, pc);
  return row ? { range: { start: row.start, end: row.end }, line: row.line, file: row.file, depth } : { line: 0, depth };
}

/** How many of the last line starts met before the present a first backward walk steps from. */
const FIRST_WINDOW = 1;

type Back = { kind: 'stop' | 'entry'; position: Position; walk: Walk; inlineSkip?: number; stepFunction?: string } | { kind: 'call'; landing: Position; callee: FrameAt; walk: Walk };

/**
 * gdb's backward line step in `frame` from `p` (whose own pc is not decided on), in the state
 * `start` gives for the first pc decided on: single-steps from a line start met a little before
 * p (from further back while the walk goes on past it) and walks back over the pcs. Gives the
 * stop, the frame's entry, or the call entered (its landing: where it returned to, stepped from
 * the line start before it).
 */
async function stepBack(host: LineHost, mode: 'step' | 'next', p: Position, frame: FrameAt, start: (first: bigint) => Walk, inline = mode === 'step'): Promise<Back | undefined> {
  // At the frame's entry already (its CFA is then just above the return address; in recursion
  // the caller's entry is the same address): the walk goes on in the caller.
  if (p.regs.rip === frame.low && p.regs.rsp + 8n === frame.cfa) return { kind: 'entry', position: p, walk: start(p.regs.rip) };
  const obs = frameObserver(host, frame);
  if (host.useCounters && !keptBefore(host, p, obs)) {
    const anchored = await backFromAnchors(host, mode, p, frame, obs, start, inline);
    if (anchored) return anchored;
  }
  const found = await metBefore(host, p, obs);
  if (!found) return undefined;
  const met = found.met;
  // Not from before the frame's last entry: an earlier call of the function (with the same CFA)
  // returned before it, and stepping from there would step over the call that leads to p.
  const entryAt = (): number => {
    let e = met.length - 1;
    while (e > 0 && met[e].pc !== frame.low) e--;
    return e;
  };
  const across = await acrossRow(host, obs, met[met.length - 1], p, frame, start);
  if (across) return across;
  let entered = entryAt();
  for (let a = Math.max(entered, met.length - FIRST_WINDOW); ;) {
    const anchor = await materialize(host, obs, met[a]);
    const between = await stepsBetween(host, anchor, p, { addresses: obs.addresses, count: met.length - 1 - a });
    if (!between) throw tooFarBack('the line before this one', 'the nearest line start met (a long loop on one line?)');
    const first = between.pcs.length - 2;
    const w = start(between.pcs[Math.max(0, first)]);
    const v = walkBack(host, between.pcs, between.calls, frame.low, w, first, mode === 'step', inline);
    if (v.kind === 'before') {
      if (a > entered) {
        a = Math.max(entered, a - 2 * (met.length - a));
        continue;
      }
      // On into the line starts of earlier commands, unless the debugger changed the program
      // there (no replay leads across that) or history starts.
      const earlier = met[0].pc !== frame.low && !barrierBetween(p, met[0].seg) ? await metBefore(host, met[0].seg.from, obs) : undefined;
      if (earlier && !barrierBetween(met[0].seg.from, earlier.seg)) {
        // From the last of them first (the walk went back past all met after it): what lies
        // before it, say a long loop, is single-stepped only if the walk goes on into it.
        met.unshift(...earlier.met);
        entered = entryAt();
        a = Math.max(entered, earlier.met.length - 1);
        continue;
      }
    }
    if (v.kind === 'call') {
      const fn = host.functionAt(v.entry)!;
      return { kind: 'call', landing: await stepsAfter(host, anchor, v.step), callee: { cfa: v.cfa, low: fn.low, high: fn.high }, walk: w };
    }
    // Gone back past the first line start there is: it is the stop.
    const i = v.kind === 'before' ? 0 : v.i;
    return { kind: v.kind === 'entry' ? 'entry' : 'stop', position: await positionOf(host, obs, met, a, anchor, between.pcs, i), walk: w,
      ...(v.kind === 'stop' && { inlineSkip: v.inlineSkip, stepFunction: v.stepFunction }) };
  }
}

/** Most stretches (anchors.ts) a backward walk is joined from before the stretch is scanned instead. */
const MAX_PIECES = 8;

/**
 * stepBack over single-steps from anchors found by counting (anchors.ts): the walk back goes
 * over the steps from the last one before p, from one further back while it goes on past it.
 * Undefined where no anchor is found (the caller scans instead).
 */
async function backFromAnchors(host: LineHost, mode: 'step' | 'next', p: Position, frame: FrameAt, obs: Observer,
  start: (first: bigint) => Walk, inline: boolean): Promise<Back | undefined> {
  let from = p;
  let between: Between | undefined;
  for (let n = 0; n < MAX_PIECES; n++) {
    const piece = await pieceBefore(host, from, obs);
    if (!piece) return undefined;
    from = piece.from;
    between = between ? join(piece.between, between) : piece.between;
    const first = between.pcs.length - 2;
    if (first < 0) continue;
    const w = start(between.pcs[first]);
    const v = walkBack(host, between.pcs, between.calls, frame.low, w, first, mode === 'step', inline);
    if (v.kind === 'before') continue;
    if (v.kind === 'call') {
      const fn = host.functionAt(v.entry)!;
      return { kind: 'call', landing: await stepsAfter(host, from, v.step), callee: { cfa: v.cfa, low: fn.low, high: fn.high }, walk: w };
    }
    return { kind: v.kind, position: await stepsAfter(host, from, v.i), walk: w,
      ...(v.kind === 'stop' && { inlineSkip: v.inlineSkip, stepFunction: v.stepFunction }) };
  }
  return undefined;
}

/** Whether a replay kept the frame's line starts before p (then scanning for them costs nothing). */
function keptBefore(host: LineHost, p: Position, obs: Observer): boolean {
  let q = p;
  while (q.segment?.steps !== undefined) q = q.segment.from;
  if (!q.segment) return false;
  const bases = intervalsBefore(q);
  const base = bases[bases.length - 1];
  return host.scans.get(base ?? q.segment, base, obs, q) !== undefined;
}

/**
 * The backward walk from `p` when the frame stayed, since `last` (the last line start met
 * before p), in the row starting there, as in a long loop on one line: then every pc after
 * `last` and before p lies in that row, and the walk crosses it back to `last`. The frame
 * stayed there if none of the row's exits (the addresses outside it its instructions go to)
 * was executed before p, which the debug registers count without a stop. Undefined where that
 * is not known so: a row with a call, a return or an indirect jump in it, more exits than
 * counters, p possibly the instruction right after `last`, or a walk that goes on past it.
 */
async function acrossRow(host: LineHost, obs: Observer, last: Met, p: Position, frame: FrameAt, start: (first: bigint) => Walk): Promise<Back | undefined> {
  const row = host.rowAt(last.pc);
  if (!p.segment || last.seg !== p.segment || !row || row.start !== last.pc) return undefined;
  const flow = host.rowFlow(row.start, row.end);
  const mid = flow?.second;
  if (!flow || mid === undefined || flow.afterFirst.includes(p.regs.rip) || (frame.low > row.start && frame.low < row.end) || !canCount(host, flow.exits)) return undefined;
  // (Not across a row holding code of an inlined call: the walk may stop in it.)
  if (!oneInlining(host, row.start, row.end)) return undefined;
  // Some pc of the row but its first stands for those walked back through before `last`.
  const walk = start(mid);
  const v = walkBack(host, [last.pc, mid, p.regs.rip], [], frame.low, walk, 1, false);
  if ((v.kind !== 'stop' && v.kind !== 'entry') || v.i !== 0) return undefined;
  const position = await materialize(host, obs, last);
  const counts = await countsTo(host, p.segment, await checkpointOf(host, position), p, flow.exits);
  return counts?.every((n) => n === 0n) ? { kind: v.kind, position, walk, ...(v.kind === 'stop' && { inlineSkip: v.inlineSkip, stepFunction: v.stepFunction }) } : undefined;
}

/** Most bytes of a row whose inlined calls oneInlining looks at. */
const ROW_INLINING_LIMIT = 4096n;

/** Whether every address of [start, end) lies in the same inlined calls (none entered inside). */
function oneInlining(host: LineHost, start: bigint, end: bigint): boolean {
  if (end - start > ROW_INLINING_LIMIT) return false;
  const first = host.inlineChain(start);
  for (let a = start + 1n; a < end; a++) {
    const chain = host.inlineChain(a);
    if (chain.length !== first.length || chain.some((c, i) => c.low !== first[i].low)) return false;
  }
  return true;
}

/** Whether a segment from `p` back to `seg` (included) is one where the debugger changed the
 * program (a function called by `print`): no single-stepping replays across it. */
function barrierBetween(p: Position, seg: Segment): boolean {
  for (let q = p; q.segment; q = q.segment.from) {
    if (q.segment.barrier) return true;
    if (q.segment === seg) return false;
  }
  return false;
}

/** The position `i` steps after `anchor` (which is `met[a]`): a line start met is named by its hit. */
async function positionOf(host: LineHost, obs: Observer, met: Met[], a: number, anchor: Position, pcs: bigint[], i: number): Promise<Position> {
  if (i === 0) return anchor;
  let n = a;
  for (let j = 1; j <= i; j++) if (obs.addresses.has(pcs[j])) n++;
  if (obs.addresses.has(pcs[i]) && n < met.length && met[n].pc === pcs[i]) return materialize(host, obs, met[n]);
  return stepsAfter(host, anchor, i);
}

/**
 * gdb's reverse-next / reverse-step from `p` in `frame` (whose caller is `caller`), the walk
 * starting as `start` says: a stop in the frame; from the frame's entry the walk goes on in the caller from the
 * call; reverse-step enters a call the walk crosses, from its return.
 */
async function lineStartBefore(host: LineHost, mode: 'step' | 'next', p: Position, frame: FrameAt, caller: FrameAt | undefined,
  start: (first: bigint) => Walk, outermost?: bigint): Promise<LineResult | undefined> {
  const r = await stepBack(host, mode, p, frame, start);
  if (!r) return undefined;
  if (r.kind === 'stop') return { position: r.position, halt: r.position.regs.rip === outermost ? { kind: 'history-start' } : { kind: 'step-done', inlineSkip: r.inlineSkip, stepFunction: r.stepFunction } };
  if (r.kind === 'call') {
    // In the callee the walk starts at its `ret`, in the range of the row holding it (gdb's
    // handle_step_into_function_backward), the line stepped from unchanged.
    const inside = await stepBack(host, 'next', r.landing, r.callee, (ret) => ({ ...walkFrom(host, ret), line: r.walk.line, file: r.walk.file }), true);
    return inside && inside.kind !== 'call' ? { position: inside.position, halt: { kind: 'step-done', inlineSkip: inside.inlineSkip } } : undefined;
  }
  if (!caller) {
    // Out of the outermost frame (main): back to its first line, shown as the start of history,
    // where gdb's record (from `break main`, `run`) starts.
    const first = outermost === undefined ? undefined : await stepsTo(host, r.position, outermost, p);
    return first ? { position: first, halt: { kind: 'history-start' } } : { position: r.position, halt: { kind: 'step-done' } };
  }
  const back = await lineStartBefore(host, mode, r.position, caller, undefined, (call) => ({ ...r.walk, range: undefined, depth: walkFrom(host, call).depth, fn: undefined }));
  // The step goes on in the caller's frame (gdb's set_step_info there): a stop in it shows as a
  // line alone if it is the function the step started in (recursion).
  const done = back?.halt.kind === 'step-done' ? back.halt : undefined;
  return back && { ...back, halt: { kind: 'step-done', stepCfa: done?.stepCfa ?? caller.cfa, inlineSkip: done?.inlineSkip, stepFunction: done?.stepFunction } };
}

/**
 * reverse-finish as gdb does it: back to the last execution of the function's entry, in any
 * frame (a breakpoint there with no frame: in recursion, that of the last call made), then one
 * instruction back, to the call. From the entry itself, just that instruction back. From `p`
 * (the present unless given).
 */
export async function reverseFinish(host: LineHost, frame: FrameAt, p = host.history.current!): Promise<LineResult | undefined> {
  let entry = p;
  if (p.regs.rip !== frame.low) {
    const entryObs: Observer = { addresses: new Set([frame.low]), accepts: () => true };
    const found = await metBefore(host, p, entryObs);
    if (!found) return undefined;
    entry = await materialize(host, entryObs, found.met[found.met.length - 1]);
    // A breakpoint met on the way back (say, on the function's first line) stops it there.
    const onTheWay = await stopOnTheWay(host, p, { position: entry, halt: { kind: 'step-done' } });
    if (onTheWay.position !== entry) return onTheWay;
  }
  // The call is the instruction before, in the function the entry returns to.
  const back = await readAt(host, entry, entry.regs.rsp, 8);
  // (Looked up before the return address: a call to a function that does not return may end its caller.)
  const callerFn = host.functionAt(back.readBigUInt64LE(0) - 1n);
  const anchors: Observer = { addresses: callerFn ? host.rowStarts(callerFn.low, callerFn.high) : new Set(), accepts: () => true };
  const call = await previousInstruction(host, entry, anchors, undefined, false);
  return call ? { position: call, halt: { kind: 'step-done' } } : undefined;
}
