// The adapter's custom requests, which the VS Code extension sends: rdb/timeline lists the
// stops visited and the checkpoints taken, rdb/travel goes to one, rdb/checkpoint takes one,
// rdb/gcore writes a core file, rdb/reverseRunToCursor runs back to a source line.
import * as path from 'path';
import type { Debugger } from '../src/debugger/Debugger';
import type { ResumeResult } from '../src/debugger/events';
import { imageProgress } from '../src/debugger/imageProgress';

/** One entry of rdb/timeline's list, oldest stop first, then the checkpoints. */
export interface TimelineEntry {
  /** What rdb/travel takes: `stop:N` (a stop of history, `info timeline`'s #N) or
   * `checkpoint:N` (gdb's checkpoint N; 0 is the present, the live process). */
  id: string;
  kind: 'stop' | 'checkpoint';
  /** The code address, in hex. */
  pc: string;
  /** The source file's full path, its line and the function, where the debug info says. */
  file?: string;
  line?: number;
  function?: string;
  /** Whether the program shown stands there. */
  current: boolean;
  /** Whether a copy of the program is kept there (a stop without one is reached by replay). */
  checkpoint: boolean;
}

/** A request answered from the program as it stands. */
interface Query { kind: 'query'; run: (args: Record<string, unknown>) => unknown }
/** A request that moves the program: prepare checks its arguments (its error is the response),
 * the function it returns runs as the session runs a step. */
interface Move { kind: 'move'; prepare: (args: Record<string, unknown>) => () => Promise<ResumeResult>; reason: string }
export type CustomRequest = Query | Move;

/** What the requests need from the session besides the Debugger. */
export interface CustomHost {
  dbg: Debugger;
  /** reverse-continue as the session's reverseContinue does (over logpoints). */
  reverseContinue: () => Promise<ResumeResult>;
  /** A progress the client shows for work done in one go (RunProgress.oneOff). */
  progress?: (title: string) => { update: (message: string, percent: number) => void; end: () => void };
}

function text(args: Record<string, unknown>, name: string, request: string): string {
  const v = args[name];
  if (typeof v !== 'string' || v === '') throw new Error(`${request} needs "${name}", a string.`);
  return v;
}

export function timeline(dbg: Debugger): TimelineEntry[] {
  const place = (pc: bigint) => {
    const where = dbg.lineOf(pc);
    return { pc: `0x${pc.toString(16)}`, file: where && path.resolve(where.path), line: where?.line, function: where?.function };
  };
  const stops = dbg.timeline().positions.map((p): TimelineEntry => ({
    id: `stop:${p.id}`, kind: 'stop', ...place(p.pc), current: p.current, checkpoint: p.checkpoint,
  }));
  const checkpoints = dbg.hasCheckpoints() ? dbg.checkpoints().list() : [];
  return [...stops, ...checkpoints.map((c): TimelineEntry => ({ id: `checkpoint:${c.id}`, kind: 'checkpoint', ...place(c.pc), current: c.current, checkpoint: true }))];
}

/** The custom requests by command name. */
export function customRequests(host: CustomHost): Map<string, CustomRequest> {
  const { dbg } = host;
  return new Map<string, CustomRequest>([
    ['rdb/timeline', { kind: 'query', run: () => ({ entries: timeline(dbg) }) }],
    ['rdb/checkpoint', { kind: 'query', run: () => {
      const { id, pid } = dbg.checkpoints().take();
      return { id: `checkpoint:${id}`, checkpoint: id, pid };
    } }],
    ['rdb/gcore', { kind: 'query', run: (args) => {
      const file = path.resolve(text(args, 'path', 'rdb/gcore'));
      const shown = host.progress?.('Saving a super core dump');
      try {
        dbg.saveCore(file, imageProgress((s) => shown?.update(`${s.doneMB} of ${s.totalMB} MB`, s.percent)));
      } finally {
        shown?.end();
      }
      return { path: file };
    } }],
    ['rdb/travel', { kind: 'move', reason: 'goto', prepare: (args) => {
      const id = text(args, 'id', 'rdb/travel');
      const m = /^(stop|checkpoint):(\d+)$/.exec(id);
      if (!m) throw new Error(`rdb/travel: "${id}" is not a timeline entry's id (stop:N or checkpoint:N).`);
      const n = Number(m[2]);
      const known = m[1] === 'stop' ? dbg.timeline().positions.some((p) => p.id === n) : dbg.hasCheckpoints() && dbg.checkpoints().list().some((c) => c.id === n);
      if (!known) throw new Error(`The timeline has no ${m[1] === 'stop' ? 'stop' : 'checkpoint'} ${n}.`);
      return async () => (m[1] === 'stop' ? dbg.travel(n) : dbg.restartStop(n));
    } }],
    ['rdb/reverseRunToCursor', { kind: 'move', reason: 'goto', prepare: (args) => {
      const source = args.source as { path?: unknown } | undefined;
      if (typeof source?.path !== 'string' || typeof args.line !== 'number') throw new Error('rdb/reverseRunToCursor needs "source" with a "path" and "line", a number.');
      // A temporary breakpoint there for the search (others on the way stop it, as going forward).
      const bp = dbg.setBreakpoint(`${source.path}:${args.line}`, true);
      return async () => {
        try {
          const r = await host.reverseContinue();
          // Arriving at the cursor is no breakpoint's hit to the client, which never set one.
          if (r.kind === 'stopped' && r.stop.reason.kind === 'breakpoint' && r.stop.reason.number === bp.number) r.stop.reason = { kind: 'step' };
          return r;
        } finally {
          if (dbg.breakpoints().some((b) => b.number === bp.number)) dbg.deleteBreakpoints([bp.number]);
        }
      };
    } }],
  ]);
}
