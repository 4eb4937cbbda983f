// Reverse line steps over a long stretch of one command without trapping it: the last execution
// of a row start that leads to the moment stepped from is found by counting (counting.ts), and
// the walk back goes over the single-steps from there, from anchors further back while it goes
// on. Where no such anchor is found the caller scans the stretch (reverseLines.ts).
import type { LineHost } from './reverseLines';
import type { Checkpoint } from '../timeline/Inferior';
import { COUNTER_SIGNAL, ExecCounter } from '../target/perf';
import type { Observer, Position, Segment } from './history';
import { clearResumeFlag, countsTo, countsUpTo, isMoment } from './counting';
import { acceptsAt, checkpointOf, stepsAfter, stepsBetween, stepsHere, type Between } from './reverse';
import { intervalsBefore, progressOf } from './spans';

/** Executions of the rows leading to a moment below which the scan costs little anyway. */
const FEW = 64n;
/** Most single-steps from an anchor to the moment after it. */
const ANCHOR_STEPS = 2000;
/** Most addresses counted with the one that stops the run (the debug registers). */
const CANDIDATES = 3;

/** A moment before `to` and the steps from it to `to`. */
export interface Piece { from: Position; between: Between }

/** The row starts of `rows` that lead to `pc`: its row's start if pc is past it, else the rows
 * whose code goes there (or falls through to it). */
function leadingTo(host: LineHost, pc: bigint, rows: bigint[]): bigint[] {
  const row = host.rowAt(pc);
  if (row && row.start !== pc) return rows.includes(row.start) ? [row.start] : [];
  const out: bigint[] = [];
  for (const r of rows) {
    const rr = host.rowAt(r);
    if (!rr || rr.start !== r) continue;
    const flow = host.rowFlow(rr.start, rr.end);
    if (flow ? flow.exits.includes(pc) : rr.end === pc) out.push(r);
  }
  return out.length <= CANDIDATES ? out : [];
}

/**
 * The last execution, before `q` and in the frame `obs` accepts, of a row start of `obs` that
 * leads to q, found by counting from a copy a little before q (q.near) or else from q's span
 * start, from which q is reached within `steps` single-steps (calls as one step).
 * Undefined where counting cannot tell, or from the span start where such rows ran only a few
 * times (a trap scan is as cheap).
 */
async function anchorBefore(host: LineHost, q: Position, obs: Observer, leading?: bigint[], steps = ANCHOR_STEPS): Promise<Piece | undefined> {
  const seg = q.segment;
  // (Not in a command of steps a search made up: short, and its end is found by a trap at each
  // execution of its pc.)
  if (!seg || seg.barrier || seg.unreplayable || seg.steps !== undefined || !host.useCounters) return undefined;
  const candidates = leading ?? leadingTo(host, q.regs.rip, [...obs.addresses]);
  if (candidates.length > CANDIDATES) return undefined;
  if (candidates.length === 0) return undefined;
  const near = (q.near ?? []).filter((cp) => host.stations.hasAnchor(cp));
  for (let i = 0; i <= near.length; i++) {
    const fromNear = i < near.length;
    const bases = intervalsBefore(q);
    const base = fromNear ? near[i] : bases[bases.length - 1];
    const counts = fromNear ? await countsTo(host, seg, base!, q, candidates) : await countsUpTo(host, base, q, candidates);
    if (!counts) continue;
    const total = counts.reduce((a, b) => a + b, 0n);
    if (total === 0n || (!fromNear && total < FEW)) continue;
    const order = candidates.map((a, j) => ({ a, n: counts[j] })).filter((c) => c.n > 0n).sort((x, y) => (y.n > x.n ? 1 : y.n < x.n ? -1 : 0));
    for (const { a, n } of order) {
      // In the frame stepped in, and q reached from there by single-steps (on the same copy).
      const isQ = isMoment(host, q);
      const found = await executionAt(host, seg, a, n, base,
        async () => (obs.accepts(a) ? stepsHere(host, q, undefined, steps, isQ) : undefined));
      if (!found?.between) continue;
      const from = found.position;
      // Copies further back, for the next steps back: this search's, then q's from its base on.
      from.near = [...found.near, ...near.slice(i)];
      return { from, between: found.between };
    }
  }
  return undefined;
}

/** How far back (in executions of the address) executionAt leaves copies. */
const NEAR = [4096n, 512n, 64n, 8n];

/**
 * The moment just before the k-th execution of `pc` in a run of `seg` from `base` (a checkpoint
 * in it, or its start) with the program alone, stopped there by a counter; on the way, copies
 * NEAR executions before it (kept by the stations, nearest first); then `then` runs on the copy
 * there. Undefined if the counter did not stop it there.
 */
async function executionAt<T>(host: LineHost, seg: Segment, pc: bigint, k: bigint, base: Checkpoint | undefined,
  then: () => Promise<T>): Promise<{ position: Position; near: Checkpoint[]; between: T } | undefined> {
  const inf = host.inferior;
  const start = base ?? await checkpointOf(host, seg.from);
  const targets = [...NEAR.filter((b) => k - b >= 1n).map((b) => k - b), k];
  const near: Checkpoint[] = [];
  const position = await inf.withReplica(start, async () => {
    const runner = host.watchingRunner(() => false, seg, COUNTER_SIGNAL);
    if (!base) runner.pendingSignal = seg.signal ?? 0;
    // Executions before the moment the run is at: the one it starts with is not counted.
    let before = 0n;
    let skipFirst = inf.regs().rip === pc;
    for (const t of targets) {
      const counter = new ExecCounter(inf.currentPid, pc, t - before + (skipFirst ? 1n : 0n));
      try {
        await runner.cont();
        if (inf.state !== 'stopped' || inf.regs().rip !== pc || counter.count() !== t - before + (skipFirst ? 1n : 0n)) return undefined;
      } finally {
        counter.close();
      }
      // Stopped before the t-th: it is the first a counter made now counts (once the resume
      // flag the debug exception left is cleared, as it is where a run starts elsewhere).
      clearResumeFlag(host);
      before = t - 1n;
      skipFirst = false;
      if (t !== k) near.unshift(inf.checkpoint());
    }
    const observer: Observer = { addresses: new Set([pc]), accepts: () => true, everyHit: true, key: `executions ${pc}` };
    const p: Position = { id: -1, checkpoint: inf.checkpoint(), segment: seg, mark: { kind: 'hit', observer, hits: Number(k), base, alone: pc }, regs: { ...inf.regs() }, progress: progressOf(inf) };
    return { p, between: await then() };
  });
  for (const cp of [...near].reverse()) host.stations.keepAnchor(cp);
  return position && { position: position.p, near, between: position.between };
}

/** The stretch before `q` to walk back over in the frame `obs` accepts: the steps of a short
 * command of steps made in that frame (a position found by stepping), or from an anchor found
 * by counting. */
export async function pieceBefore(host: LineHost, q: Position, obs: Observer): Promise<Piece | undefined> {
  const seg = q.segment;
  // (Only if they were made in the frame walked: a call's landing is walked in the callee.)
  if (seg?.steps !== undefined && seg.steps <= ANCHOR_STEPS && !seg.barrier
    && await acceptsAt(host, seg.from, { addresses: new Set([seg.from.regs.rip]), accepts: obs.accepts })) {
    const between = await stepsBetween(host, seg.from, q, undefined, seg.steps, isMoment(host, q));
    // (Reached in fewer steps: a moment like q's, a loop's earlier round; then q is not known so.)
    return between?.steps === seg.steps ? { from: seg.from, between } : undefined;
  }
  return anchorBefore(host, q, obs);
}

/** Joins the steps of `earlier` (which end where `later`'s start) before those of `later`. */
export function join(earlier: Between, later: Between): Between {
  return {
    steps: earlier.steps + later.steps,
    calls: [...earlier.calls, ...later.calls.map((c) => ({ ...c, step: c.step + earlier.steps }))],
    pcs: [...earlier.pcs, ...later.pcs.slice(1)],
    inner: later.inner,
  };
}

/** reverse-stepi's instruction before `p`, where single-steps lead to p from a moment found
 * cheaply and the last of them is not a call's return or a PLT stub's: from the start of p's
 * command when that is a few steps a search made up, else from the last execution before p of an
 * instruction that can run just before it, found by counting. The moment after all steps but
 * the last. Undefined elsewhere (the caller scans instead). */
export async function instructionBefore(host: LineHost, p: Position, obs: Observer): Promise<Position | undefined> {
  const seg = p.segment;
  let piece: Piece | undefined;
  if (seg?.steps !== undefined && seg.steps >= 1 && seg.steps <= ANCHOR_STEPS && !seg.barrier) {
    const between = await stepsBetween(host, seg.from, p, undefined, seg.steps, isMoment(host, p));
    piece = between?.steps === seg.steps ? { from: seg.from, between } : undefined;
  } else {
    // One step from the last execution of such an instruction, or none.
    piece = await anchorBefore(host, p, { ...obs, accepts: () => true }, host.instructionsLeadingTo(p.regs.rip), 1);
  }
  const b = piece?.between;
  if (!piece || !b || b.steps === 0 || b.inner !== 0 || b.calls.some((c) => c.step === b.steps)) return undefined;
  return stepsAfter(host, piece.from, b.steps - 1);
}
