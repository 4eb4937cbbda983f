// The DAP session's inspection requests: threads, stackTrace, scopes, variables, evaluate and
// setVariable over the Debugger facade. Frame ids and variable references live until the
// program next moves (reset()).
import * as fs from 'fs';
import * as path from 'path';
import { Handles, Scope, Source, StackFrame } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Debugger } from '../src/debugger/Debugger';
import type { FrameDescription } from '../src/debugger/events';
import type { VariableNode } from '../src/debugger/variableTree';

interface FrameRef { thread: number; level: number }
type VarRef =
  | { kind: 'scope'; frame: FrameRef; which: 'locals' | 'args' | 'registers' }
  | { kind: 'node'; frame: FrameRef; node: VariableNode };

/** Children listed at most in one variables response (VS Code asks again for more). */
const MAX_CHILDREN = 1000;

export class Inspection {
  private frames = new Handles<FrameRef>();
  private refs = new Handles<VarRef>();
  private lastThreads: DebugProtocol.Thread[] = [];

  constructor(private readonly dbg: Debugger, private readonly requireStopped: () => void) {}

  reset(): void {
    this.frames.reset();
    this.refs.reset();
  }

  /** Runs `fn` with the frame's thread selected (the selection is restored after). */
  private async inThread<T>(thread: number, fn: () => T): Promise<T> {
    if (thread === this.dbg.thread()?.id) return fn();
    if (!this.dbg.threads().some((t) => t.id === thread)) throw new Error(`There is no thread ${thread}.`);
    return this.dbg.withThread(thread, fn);
  }

  private frameRef(id: unknown): FrameRef {
    const f = typeof id === 'number' ? this.frames.get(id) : undefined;
    if (!f) throw new Error(`There is no frame ${String(id)} (frame ids last until the program moves).`);
    return f;
  }

  /** The thread and level of frame `id` (for restartFrame). */
  frameOf(id: unknown): FrameRef {
    this.requireStopped();
    return { ...this.frameRef(id) };
  }

  threads(running: boolean): DebugProtocol.Thread[] {
    if (running) return this.lastThreads;
    const all = this.dbg.threads();
    this.lastThreads = all.length ? all.map((t) => ({ id: t.id, name: `${t.name || 'thread'} (${t.targetId})` })) : [];
    return this.lastThreads;
  }

  async stackTrace(args: DebugProtocol.StackTraceArguments): Promise<DebugProtocol.StackTraceResponse['body']> {
    this.requireStopped();
    if (typeof args?.threadId !== 'number') throw new Error('stackTrace needs a threadId.');
    const all = await this.inThread(args.threadId, () => this.dbg.backtrace());
    const start = Math.max(0, args.startFrame ?? 0);
    const end = args.levels ? start + args.levels : all.length;
    const frames = all.slice(start, end).map((f) => this.stackFrame(args.threadId, f));
    return { stackFrames: frames, totalFrames: all.length };
  }

  private stackFrame(thread: number, f: FrameDescription): DebugProtocol.StackFrame {
    const id = this.frames.create({ thread, level: f.level });
    const name = f.dummy ? '<function called from rdb>' : f.sigtramp ? '<signal handler called>' : f.function ?? `0x${f.pc.toString(16)}`;
    // A source that is not on this machine (say, glibc's) is left out: the frame shows no file.
    const source = f.path && fs.existsSync(f.path) ? new Source(path.basename(f.path), path.resolve(f.path)) : undefined;
    const frame: DebugProtocol.StackFrame = new StackFrame(id, name, source, f.line ?? 0, source ? 1 : 0);
    frame.instructionPointerReference = `0x${f.pc.toString(16)}`;
    if (!source) frame.presentationHint = 'subtle';
    return frame;
  }

  scopes(args: DebugProtocol.ScopesArguments): DebugProtocol.ScopesResponse['body'] {
    this.requireStopped();
    const frame = this.frameRef(args?.frameId);
    const scope = (name: string, which: 'locals' | 'args' | 'registers', expensive: boolean): DebugProtocol.Scope => {
      const s: DebugProtocol.Scope = new Scope(name, this.refs.create({ kind: 'scope', frame, which }), expensive);
      s.presentationHint = which === 'registers' ? 'registers' : which === 'args' ? 'arguments' : 'locals';
      return s;
    };
    return { scopes: [scope('Locals', 'locals', false), scope('Arguments', 'args', false), scope('Registers', 'registers', true)] };
  }

  async variables(args: DebugProtocol.VariablesArguments): Promise<DebugProtocol.VariablesResponse['body']> {
    this.requireStopped();
    const ref = typeof args?.variablesReference === 'number' ? this.refs.get(args.variablesReference) : undefined;
    if (!ref) throw new Error(`There is no variables reference ${String(args?.variablesReference)} (references last until the program moves).`);
    const hex = args.format?.hex === true;
    const start = args.start ?? 0;
    const count = args.count || MAX_CHILDREN;
    const variables = await this.inThread(ref.frame.thread, () => {
      if (ref.kind === 'node') return ref.node.children(start, count).map((n) => this.variable(ref.frame, n));
      if (ref.which === 'registers') {
        return this.registersAt(ref.frame.level).map((r) => ({ name: r.name, value: hex ? r.raw : r.natural, evaluateName: `$${r.name}`, variablesReference: 0 }));
      }
      return this.dbg.variableTree(hex).variables(ref.frame.level, ref.which).map((n) => this.variable(ref.frame, n));
    });
    return { variables };
  }

  private registersAt(level: number): Array<{ name: string; raw: string; natural: string }> {
    return this.atLevel(level, () => this.dbg.registers());
  }

  /** Runs `fn` with frame `level` selected, then selects the frame selected before. */
  private atLevel<T>(level: number, fn: () => T): T {
    const before = this.dbg.selectedFrame().level;
    this.dbg.selectFrame(level);
    try {
      return fn();
    } finally {
      this.dbg.selectFrame(before);
    }
  }

  private variable(frame: FrameRef, n: VariableNode): DebugProtocol.Variable {
    const v: DebugProtocol.Variable = { name: n.name, value: n.value, type: n.type, evaluateName: n.evaluateName, variablesReference: 0 };
    if (n.childCount !== 0) v.variablesReference = this.refs.create({ kind: 'node', frame, node: n });
    if (n.childCount > 1) v.indexedVariables = n.childCount;
    const memory = this.memoryReference(frame, n);
    if (memory) v.memoryReference = memory;
    return v;
  }

  /** Where a pointer points or an array is, for the client's memory view. */
  private memoryReference(frame: FrameRef, n: VariableNode): string | undefined {
    if (n.evaluateName === undefined || !/[*\]]\s*$/.test(n.type)) return undefined;
    try {
      const a = this.atLevel(frame.level, () => this.dbg.referencedAddress(n.evaluateName!));
      return a === undefined ? undefined : `0x${a.toString(16)}`;
    } catch {
      return undefined;
    }
  }

  /** The C text and frame of dataBreakpointInfo's variable (`name` in container
   * `variablesReference`) or, without a container, expression `name` in frame `frameId`. */
  locate(args: DebugProtocol.DataBreakpointInfoArguments): { expression: string; frame: FrameRef } {
    this.requireStopped();
    if (typeof args?.name !== 'string' || args.name.trim() === '') throw new Error('dataBreakpointInfo needs a "name".');
    if (args.variablesReference === undefined) {
      const frame = args.frameId === undefined ? { thread: this.dbg.thread()!.id, level: this.dbg.selectedFrame().level } : this.frameRef(args.frameId);
      return { expression: args.name.trim(), frame };
    }
    const ref = this.refs.get(args.variablesReference);
    if (!ref) throw new Error(`There is no variables reference ${String(args.variablesReference)} (references last until the program moves).`);
    if (ref.kind === 'scope' && ref.which === 'registers') throw new Error('A register cannot be watched by a data breakpoint.');
    const nodes = ref.kind === 'node' ? ref.node.children() : this.dbg.variableTree().variables(ref.frame.level, ref.which as 'locals' | 'args');
    const expression = nodes.find((n) => n.name === args.name)?.evaluateName;
    if (!expression) throw new Error(`There is no variable ${args.name} there.`);
    return { expression, frame: ref.frame };
  }

  /** Runs `fn` with frame `frame` selected (and its thread), then restores the selection. */
  inFrame<T>(frame: FrameRef, fn: () => T): Promise<T> {
    return this.inThread(frame.thread, () => this.atLevel(frame.level, fn));
  }

  async evaluate(args: DebugProtocol.EvaluateArguments, running: boolean): Promise<DebugProtocol.EvaluateResponse['body']> {
    if (typeof args?.expression !== 'string' || args.expression.trim() === '') throw new Error('evaluate needs an expression.');
    const hex = args.format?.hex === true;
    if (running) throw new Error('The program is running: pause it first.');
    if (!this.dbg.thread()) {
      // No process: the program's static data, as gdb prints it before `run`.
      return { result: this.dbg.evaluateText(args.expression, hex ? 'x' : undefined), variablesReference: 0 };
    }
    const frame = args.frameId === undefined ? { thread: this.dbg.thread()!.id, level: this.dbg.selectedFrame().level } : this.frameRef(args.frameId);
    const node = await this.inThread(frame.thread, () => this.dbg.variableTree(hex).evaluate(frame.level, args.expression));
    const v = this.variable(frame, node);
    return { result: v.value, type: v.type, variablesReference: v.variablesReference, indexedVariables: v.indexedVariables, memoryReference: v.memoryReference };
  }

  async setVariable(args: DebugProtocol.SetVariableArguments): Promise<DebugProtocol.SetVariableResponse['body']> {
    this.requireStopped();
    const ref = typeof args?.variablesReference === 'number' ? this.refs.get(args.variablesReference) : undefined;
    if (!ref) throw new Error(`There is no variables reference ${String(args?.variablesReference)}.`);
    if (typeof args.name !== 'string' || typeof args.value !== 'string' || args.value.trim() === '') throw new Error('setVariable needs a name and a value.');
    const hex = args.format?.hex === true;
    return this.inThread(ref.frame.thread, () => this.atLevel(ref.frame.level, () => {
      let target: string | undefined;
      if (ref.kind === 'scope' && ref.which === 'registers') target = `$${args.name}`;
      else {
        const nodes = ref.kind === 'node' ? ref.node.children() : this.dbg.variableTree().variables(ref.frame.level, ref.which as 'locals' | 'args');
        target = nodes.find((n) => n.name === args.name)?.evaluateName;
      }
      if (!target) throw new Error(`${args.name} cannot be assigned here.`);
      this.dbg.assign(`${target} = ${args.value}`);
      const node = this.dbg.variableTree(hex).evaluate(ref.frame.level, target);
      const v = this.variable(ref.frame, node);
      return { value: v.value, type: v.type, variablesReference: v.variablesReference };
    }));
  }
}
