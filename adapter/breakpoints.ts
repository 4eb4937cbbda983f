// DAP's breakpoints over the Debugger's: setBreakpoints replaces a source's set, and
// setFunctionBreakpoints the function set; conditions, hit conditions (as gdb's ignore counts)
// and logpoints (breakpoints the session continues from after logging their message).
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Debugger } from '../src/debugger/Debugger';

/** What a hit condition means in gdb's terms: skip `ignore` hits, then stop once or always. */
export function parseHitCondition(text: string): { ignore: number; once: boolean } | undefined {
  const m = /^\s*(>=|==|=|>)?\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>': return { ignore: n, once: false };
    case '==': case '=': return { ignore: Math.max(0, n - 1), once: true };
    default: return { ignore: Math.max(0, n - 1), once: false };
  }
}

interface Wanted { spec: string; condition?: string; hitCondition?: string; logMessage?: string }

export class DapBreakpoints {
  /** Engine breakpoint numbers by source path, and the function breakpoints'. */
  private readonly bySource = new Map<string, number[]>();
  private functions: number[] = [];
  /** Logpoints' messages by breakpoint number. */
  private readonly logs = new Map<number, string>();

  constructor(private readonly dbg: Debugger) {}

  setSource(path: string, wanted: DebugProtocol.SourceBreakpoint[]): DebugProtocol.Breakpoint[] {
    this.remove(this.bySource.get(path) ?? []);
    const made = wanted.map((b) => this.add({ spec: `${path}:${b.line}`, condition: b.condition, hitCondition: b.hitCondition, logMessage: b.logMessage }, b.line));
    this.bySource.set(path, made.flatMap((b) => (b.id !== undefined ? [b.id] : [])));
    return made;
  }

  setFunctions(wanted: DebugProtocol.FunctionBreakpoint[]): DebugProtocol.Breakpoint[] {
    this.remove(this.functions);
    const made = wanted.map((b) => this.add({ spec: b.name, condition: b.condition, hitCondition: b.hitCondition }));
    this.functions = made.flatMap((b) => (b.id !== undefined ? [b.id] : []));
    return made;
  }

  /** The message of logpoint `n`, if it is one. */
  logMessage(n: number): string | undefined { return this.logs.get(n); }

  private remove(numbers: number[]): void {
    const present = new Set(this.dbg.breakpoints().map((b) => b.number));
    const gone = numbers.filter((n) => present.has(n));
    if (gone.length) this.dbg.deleteBreakpoints(gone);
    for (const n of numbers) this.logs.delete(n);
  }

  private add(w: Wanted, line?: number): DebugProtocol.Breakpoint {
    const hit = w.hitCondition?.trim() ? parseHitCondition(w.hitCondition) : undefined;
    if (w.hitCondition?.trim() && !hit) {
      return { verified: false, line, message: `Hit condition "${w.hitCondition}" is not understood: give N, >= N, > N or == N.` };
    }
    let bp;
    try {
      bp = this.dbg.setBreakpoint(w.condition?.trim() ? `${w.spec} if ${w.condition}` : w.spec, false);
    } catch (e) {
      return { verified: false, line, message: (e as Error).message };
    }
    if (hit) {
      this.dbg.setIgnoreCount(bp.number, hit.ignore);
      if (hit.once) this.dbg.enableFor([bp.number], 'once');
    }
    if (w.logMessage !== undefined) this.logs.set(bp.number, w.logMessage);
    const loc = bp.locations.find((l) => l.line !== undefined) ?? bp.locations[0];
    const where = loc ? this.dbg.lineOf(loc.address) : undefined;
    return {
      id: bp.number, verified: bp.locations.length > 0, line: where?.line ?? loc?.line ?? line,
      ...(where ? { source: { name: where.file.split('/').pop(), path: loc?.file ?? where.file } } : {}),
    };
  }
}

/** A logpoint's text: `{expr}` parts replaced by their values (`{{` and `}}` are braces). */
export function expandLogMessage(message: string, evaluate: (text: string) => string): string {
  return message.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (all, inner: string | undefined) => {
    if (all === '{{') return '{';
    if (all === '}}') return '}';
    try {
      return evaluate(inner!);
    } catch (e) {
      return `<${(e as Error).message}>`;
    }
  });
}
