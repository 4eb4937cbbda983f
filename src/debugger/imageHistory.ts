// The recorded history of a super core dump: which checkpoint an image's history starts from when
// it is written, and, when it is opened, the two processes that bring that history back (the
// image itself restored as the present, its base copy restored as the checkpoint replays start
// from) and the command that leads from the base to the image's moment.
import { fileSource } from '../target/coreReader';
import type { Checkpoint, Inferior } from '../timeline/Inferior';
import { decodeHistory, HistoryFormatError, type ImageHistory } from '../timeline/logFile';
import { restoreImage, RestoreRefused, type Restored } from '../target/restorer';
import type { Process } from '../target/Process';
import type { Regs } from '../target/native';
import { UserError } from './events';
import type { Halt, Runner } from './execution';
import type { Frozen, History, Position } from './history';
import { momentDetector, stackBytes } from './spans';
import { SignalTable } from './signals';
import { BreakpointTable } from './breakpoints';
import type { CoreTracee } from './postMortem';
import type { ImageHistoryPlace } from '../target/imageNotes';

/**
 * The checkpoint an image written now starts its history from: the oldest one that the shown
 * position is reached from by commands that replay (none through a `return`, a `jump`, a call
 * the user made, or a signal from outside that replay cannot place), with the bytes at the
 * stack pointer that recognise the moment. Undefined where the image can hold no history.
 */
export function historyBase(history: History | undefined, inf: Inferior): { base: Checkpoint; stack: Buffer } | undefined {
  const here = history?.current;
  if (!here || inf.sharedMemory || inf.unrecordable || inf.atExit || inf.state !== 'stopped') return undefined;
  let p: Position = here;
  let base: Checkpoint | undefined;
  while (p.segment && !p.segment.barrier && p.segment.unreplayable === undefined) {
    p = p.segment.from;
    if (p.checkpoint) base = p.checkpoint;
  }
  return base && { base, stack: stackBytes(inf, inf.regs().rsp) };
}

/** What an image's history brings back: the image as the live process, its base copy, the log. */
export interface OpenedHistory { present: Restored; base: Process; history: ImageHistory }

/** `size` bytes of `file` from `at` (the reader has checked they lie inside it). */
function readPart(file: string, at: number, size: number): Buffer {
  const src = fileSource(file);
  try {
    const out = src.read(at, size);
    if (out.length < size) throw new UserError(`"${file}" ends inside its recorded history: truncated?`);
    return out;
  } finally {
    src.close();
  }
}

/** The history the image `file` holds at `place`, with its base copy restored; throws a UserError
 * saying why it cannot be. */
export async function historyOf(file: string, place: ImageHistoryPlace, stdio?: [number, number, number]): Promise<{ base: Process; history: ImageHistory }> {
  let history: ImageHistory;
  try {
    history = decodeHistory(readPart(file, place.dataAt, place.dataSize));
  } catch (e) {
    if (e instanceof HistoryFormatError) throw new UserError(`"${file}": ${e.message}`);
    throw e;
  }
  // (The base copy's descriptors never matter: replay emulates what the program read.)
  const base = await restoreImage(file, { part: { at: place.baseAt, size: place.baseSize }, closeLostFds: true, anyPid: true, stdio }).catch(refused);
  return { base: base.proc, history };
}

function refused(e: unknown): never {
  if (e instanceof RestoreRefused) throw new UserError(e.message.replace(/^cannot restore/, 'cannot replay the history of'));
  throw e;
}

/** Restores the image `core` and its base copy, with the history between them; descriptors
 * whose peer is gone are closed (`present.closed` says which). Nothing is left running if it fails. */
export async function openHistory(core: CoreTracee, stdio?: [number, number, number]): Promise<OpenedHistory> {
  const place = core.info.rdb?.history;
  if (!place) throw new UserError('The core holds no recorded history (only images rdb wrote of a recorded program do).');
  // The image first: it gets the pid the program had, if free.
  const present = await restoreImage(core.file, { closeLostFds: true, stdio }).catch(refused);
  try {
    return { present, ...(await historyOf(core.file, place, stdio)) };
  } catch (e) {
    await present.proc.kill();
    throw e;
  }
}

/** What a restore tells the user: descriptors closed, ids that could not be kept, `more`. */
export function restoreNotices(r: Restored, more: string[] = []): string[] {
  const out = r.closed.map((c) => `Closed ${c}.`);
  if (r.otherPid) out.push(`warning: the image's pid ${r.otherPid} is taken: the program, which may have cached it, now runs as ${r.proc.pid}`);
  for (const [was, now] of r.otherTids) out.push(`warning: the image's thread ${was} is taken: the program, which may have cached it, now runs it as ${now}`);
  return [...out, ...more];
}

/** Every signal reaches the program as it did, none stopping the replay for the user. */
function passingSignals(): SignalTable {
  const t = new SignalTable();
  for (let n = 1; n <= 64; n++) t.set(n, { stop: true, print: false, pass: true });
  return t;
}

/**
 * The command that leads from an image's base copy to the image's moment: it runs (signals go
 * to the program as recorded) until the registers are `regs` after all `logIndex` calls and
 * `tscIndex` clock reads, with `stack` at the stack pointer. Observers of a replay end it where
 * they say, as for any command.
 */
export function toMoment(inf: Inferior, regs: Regs, prog: { logIndex: number; tscIndex: number; stack: Buffer }):
  { op: (r: Runner) => Promise<Halt>; frozen: Frozen } {
  const op = async (r: Runner): Promise<Halt> => {
    const moment = momentDetector(inf, regs, prog);
    moment.arm();
    try {
      for (;;) {
        const h = await r.cont((pc) => pc === regs.rip && moment.here());
        if (h.kind === 'internal' || moment.here()) return { kind: 'internal' };
        // A signal on the way: classify has set it to be delivered as the run goes on.
        if (h.kind !== 'signal' || inf.interrupted?.()) return h;
      }
    } finally {
      if (inf.state === 'stopped') inf.removeBreakpoint(regs.rip);
    }
  };
  return { op, frozen: { table: new BreakpointTable(), slots: new Map(), signals: passingSignals() } };
}
