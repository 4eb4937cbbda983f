// DAP's data breakpoints over the Debugger's hardware watchpoints: dataBreakpointInfo says
// whether a variable or an expression can be watched (its dataId names the expression and the
// frame it is read in); setDataBreakpoints replaces the set (write, read and readWrite
// accesses: gdb's watch, rwatch and awatch), with conditions and hit conditions.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Debugger } from '../src/debugger/Debugger';
import { parseHitCondition } from './breakpoints';

interface FrameRef { thread: number; level: number }

/** What a dataId holds. */
interface Watched { expression: string; thread: number; level: number }

const KINDS = { write: 'write', read: 'read', readWrite: 'access' } as const;

export class DapDataBreakpoints {
  /** The engine watchpoints the client's set made. */
  private numbers: number[] = [];

  constructor(private readonly dbg: Debugger, private readonly inFrame: <T>(frame: FrameRef, fn: () => T) => Promise<T>) {}

  /** dataBreakpointInfo for `expression` read in `frame`: a dataId, or null and why not. */
  async info(expression: string, frame: FrameRef): Promise<DebugProtocol.DataBreakpointInfoResponse['body']> {
    const storage = await this.inFrame(frame, () => {
      try {
        return this.dbg.watchableStorage(expression);
      } catch (e) {
        return { problem: (e as Error).message };
      }
    });
    if ('problem' in storage) return { dataId: null, description: `${expression} cannot be watched: ${storage.problem}` };
    const id: Watched = { expression, thread: frame.thread, level: frame.level };
    return {
      dataId: JSON.stringify(id),
      description: `${expression} (${storage.length} bytes at 0x${storage.address.toString(16)})`,
      accessTypes: ['write', 'read', 'readWrite'],
      canPersist: false,
    };
  }

  /** setDataBreakpoints: the client's whole set, replacing the one before. */
  async set(wanted: DebugProtocol.DataBreakpoint[]): Promise<DebugProtocol.Breakpoint[]> {
    const present = new Set(this.dbg.breakpoints().map((b) => b.number));
    const gone = this.numbers.filter((n) => present.has(n));
    if (gone.length) this.dbg.deleteBreakpoints(gone);
    this.numbers = [];
    const made: DebugProtocol.Breakpoint[] = [];
    for (const b of wanted) made.push(await this.add(b));
    return made;
  }

  private async add(b: DebugProtocol.DataBreakpoint): Promise<DebugProtocol.Breakpoint> {
    let id: Watched;
    try {
      id = JSON.parse(b.dataId) as Watched;
      if (typeof id.expression !== 'string') throw new Error();
    } catch {
      return { verified: false, message: `"${String(b.dataId)}" is not a dataId that dataBreakpointInfo gave.` };
    }
    const kind = KINDS[b.accessType ?? 'write'];
    if (!kind) return { verified: false, message: `Access type "${String(b.accessType)}" is not one of write, read or readWrite.` };
    const hit = b.hitCondition?.trim() ? parseHitCondition(b.hitCondition) : undefined;
    if (b.hitCondition?.trim() && !hit) return { verified: false, message: `Hit condition "${b.hitCondition}" is not understood: give N, >= N, > N or == N.` };
    // The frame it was read in, while it is still there; else the selected one.
    const frameKnown = this.dbg.threads().some((t) => t.id === id.thread);
    const frame = frameKnown ? { thread: id.thread, level: id.level } : { thread: this.dbg.thread()!.id, level: 0 };
    try {
      const bp = await this.inFrame(frame, () => this.dbg.watch(b.condition?.trim() ? `${id.expression} if ${b.condition}` : id.expression, kind));
      if (hit) {
        this.dbg.setIgnoreCount(bp.number, hit.ignore);
        if (hit.once) this.dbg.enableFor([bp.number], 'once');
      }
      this.numbers.push(bp.number);
      return { id: bp.number, verified: true };
    } catch (e) {
      return { verified: false, message: (e as Error).message };
    }
  }
}
