// reverse-next, reverse-step and reverse-finish with gdb's rules, on top of replay searches:
// a frame's line starts are observed (counted only in that frame, by its CFA), the run of hits
// of the line to go back to gives its start, a call the line made is entered through the
// callee's own last line, and the first line of a function leads back to the caller's line.
import type { Halt } from './execution';
import type { Observer, Position, Segment } from './history';
import type { Checkpoint } from '../timeline/Inferior';
import { acceptsAt, positionAt, previousInstruction, scanBefore, stepsAfter, stepsBetween, type ReplayHost } from './reverse';

/** A frame as searches see it: its function's code range and its CFA. */
export interface FrameAt { cfa: bigint; low: bigint; high: bigint }

export interface LineHost extends ReplayHost {
  rowAt(pc: bigint): { line: number; file: string; start: bigint; isStmt: boolean } | undefined;
  functionAt(pc: bigint): { low: bigint; high: bigint } | undefined;
  /** Row starts of the function [low, high), and low itself. */
  rowStarts(low: bigint, high: bigint): Set<bigint>;
  /** The CFA of the innermost frame of the current process. */
  cfaNow(): bigint | undefined;
  /** The user's breakpoints as a search counts them. */
  userBreakpoints(): Observer;
}

export type LineResult = { position: Position; halt: Halt };

/** One place a frame's line starts were met: a counted hit of a replay (from `base`), or a
 * segment's start. */
interface Met { pc: bigint; k?: number; base?: Checkpoint; at?: Position }

function frameObserver(host: LineHost, frame: FrameAt): Observer {
  return { addresses: host.rowStarts(frame.low, frame.high), accepts: () => host.cfaNow() === frame.cfa };
}

/** The segment before `p` holding the last places `obs` was met (oldest first), going back
 * through earlier segments past those without; none once history starts. Of a long segment,
 * its last spans are enough that hold a place on another line than `line` (undefined: the
 * line of the last place) or a function entry. */
async function metBefore(host: LineHost, p: Position, obs: Observer, line?: number, low?: bigint): Promise<{ seg: Segment; met: Met[] } | undefined> {
  const enough = (hits: Array<{ pc: bigint }>): boolean => {
    const want = line ?? (hits.length ? host.rowAt(hits[hits.length - 1].pc)?.line : undefined);
    return hits.some((h) => host.rowAt(h.pc)?.line !== want || h.pc === low);
  };
  for (let q = p; q.segment;) {
    const seg: Segment = q.segment;
    const scan = await scanBefore(host, q, obs, { enough });
    const met: Met[] = scan.hits.map((h) => ({ pc: h.pc, k: h.k, base: h.base }));
    const from = seg.from;
    if (scan.reachedStart && await acceptsAt(host, from, obs)) {
      met.unshift({ pc: from.regs.rip, at: from });
    }
    if (met.length) return { seg, met };
    q = from;
  }
  return undefined;
}

async function materialize(host: LineHost, seg: Segment, obs: Observer, m: Met): Promise<Position> {
  return m.at ?? positionAt(host, seg, obs, m.k!, m.base);
}

/** The first place of the last run of `line` in `met` (going back no further than the line's
 * entry row, so a loop on one line goes back one iteration only). */
function runStart(host: LineHost, met: Met[], line: number): number {
  let j = met.length - 1;
  const entry = Math.min(...met.filter((m) => host.rowAt(m.pc)?.line === line).map((m) => Number(m.pc)));
  while (j > 0 && host.rowAt(met[j - 1].pc)?.line === line && Number(met[j].pc) !== entry) j--;
  return j;
}

/**
 * gdb's reverse-next / reverse-step from the current position in `frame` (whose caller is
 * `caller`): back to the start of the line executed before (of the current line, from its
 * middle); reverse-step instead stops at the start of the last line of a function that line
 * called; from a function's first line, back to the start of the caller's line.
 */
export async function reverseLine(host: LineHost, mode: 'step' | 'next', frame: FrameAt, caller?: FrameAt): Promise<LineResult | undefined> {
  const p = host.history.current!;
  const here = host.rowAt(p.regs.rip);
  const midLine = !here || !(here.isStmt && here.start === p.regs.rip);
  const found = await lineStartBefore(host, mode, p, frame, caller, midLine && here ? here.line : undefined);
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
    const { hits } = await scanBefore(host, q, bps, { after: holdsT ? t : undefined });
    const last = hits[hits.length - 1];
    if (last) return { position: await positionAt(host, seg, bps, last.k, last.base), halt: { kind: 'step-done' } };
    if (holdsT) return found;
    if (await acceptsAt(host, seg.from, bps)) return { position: seg.from, halt: { kind: 'step-done' } };
  }
  return found;
}

async function lineStartBefore(host: LineHost, mode: 'step' | 'next', p: Position, frame: FrameAt, caller: FrameAt | undefined,
  currentLine: number | undefined, lastRow = false): Promise<LineResult | undefined> {
  const obs = frameObserver(host, frame);
  const found = await metBefore(host, p, obs, currentLine, frame.low);
  if (!found) return undefined;
  const { seg, met } = found;
  const line = currentLine ?? host.rowAt(met[met.length - 1].pc)?.line ?? 0;
  // Stepping back into a callee stops at the start of the row it returned from (gdb).
  let j = lastRow ? met.length - 1 : runStart(host, met, line);
  // A function on one line: going back within it stops after its prologue row, as gdb does.
  const oneLine = met[j].pc === frame.low && j + 1 < met.length && host.rowAt(met[j + 1].pc)?.line === line
    && host.rowAt(p.regs.rip)?.line === line && host.functionAt(p.regs.rip)?.low === frame.low;
  if (oneLine) j++;
  const prologueLine = oneLine ? undefined : host.rowAt(frame.low)?.line;
  if (met[j].pc === frame.low || (line === prologueLine && currentLine === undefined)) {
    // Back at the function's entry: the caller's line, from its middle (the call).
    if (!caller) return { position: await materialize(host, seg, obs, met[j]), halt: { kind: 'step-done' } };
    const entry = await materialize(host, seg, obs, met[met.length - 1].pc === frame.low ? met[met.length - 1] : met[j]);
    const callLine = host.rowAt(callSiteOf(host, entry) ?? 0n)?.line;
    const back = await lineStartBefore(host, 'next', entry, caller, undefined, callLine);
    // The step goes on in the caller's frame (gdb's set_step_info there): a stop in it shows as a
    // line alone if it is the function the step started in (recursion).
    return back && { ...back, halt: { kind: 'step-done', stepCfa: back.halt.kind === 'step-done' ? back.halt.stepCfa ?? caller.cfa : caller.cfa } };
  }
  const start = await materialize(host, seg, obs, met[j]);
  if (mode === 'step') {
    // The last call the line made to a function with lines is entered: its own last line.
    const between = await stepsBetween(host, start, p);
    const call = between?.calls.filter((c) => host.rowAt(c.entry) !== undefined).pop();
    const callee = call && host.functionAt(call.entry);
    if (call && callee) {
      const landing = await stepsAfter(host, start, call.step);
      const inside = await lineStartBefore(host, 'next', landing, { cfa: call.cfa, low: callee.low, high: callee.high }, undefined, undefined, true);
      if (inside) return inside;
    }
  }
  return { position: start, halt: { kind: 'step-done' } };
}

/** Where the call that created the frame entered at `entry` was made: the return address - 1. */
function callSiteOf(host: LineHost, entry: Position): bigint | undefined {
  try {
    return host.inferior.readMemory(entry.regs.rsp, 8).readBigUInt64LE(0) - 1n;
  } catch {
    return undefined;
  }
}

/** reverse-finish: back to the call that created `frame` (the call instruction in `caller`). */
export async function reverseFinish(host: LineHost, frame: FrameAt, caller: FrameAt): Promise<LineResult | undefined> {
  const p = host.history.current!;
  const entryObs: Observer = { addresses: new Set([frame.low]), accepts: () => host.cfaNow() === frame.cfa };
  const found = await metBefore(host, p, entryObs, undefined, frame.low);
  if (!found) return undefined;
  const entry = await materialize(host, found.seg, entryObs, found.met[found.met.length - 1]);
  // A breakpoint met on the way back (say, on the function's first line) stops it there.
  const onTheWay = await stopOnTheWay(host, p, { position: entry, halt: { kind: 'step-done' } });
  if (onTheWay.position !== entry) return onTheWay;
  const call = await previousInstruction(host, entry, frameObserver(host, caller));
  return call ? { position: call, halt: { kind: 'step-done' } } : undefined;
}
