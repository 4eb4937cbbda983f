// Breakpoints and watchpoints as the user sees them: numbering, location specs, conditions,
// ignore counts and hit counts. Resolving a spec to addresses is the Debugger's job.
import { UserError } from './events';

/** A parsed location spec (gdb's linespec subset: LINE, FILE:LINE, FUNC, FILE:FUNC, *ADDR). */
export type LocationSpec =
  | { kind: 'line'; file?: string; line: number }
  | { kind: 'function'; file?: string; name: string }
  | { kind: 'address'; expression: string }
  /** No argument: the current line of the selected frame. */
  | { kind: 'here' };

export interface BreakpointLocation {
  address: bigint;
  function?: string;
  /** The address as `function+offset` (gdb's `<...>` for locations without a line). */
  symbol?: string;
  /** A PLT stub standing in for a library function not loaded yet. */
  trampoline?: boolean;
  /** The address is inside an inlined call (the function named is the inlined one). */
  inlined?: boolean;
  /** The breakpoint's condition names something unknown here: the location is not used (gdb's N*). */
  conditionInvalid?: boolean;
  /** Disabled by `disable N.M` (the breakpoint itself may stay enabled). */
  disabled?: boolean;
  file?: string;
  line?: number;
}

export type WatchKind = 'write' | 'read' | 'access';

export interface Breakpoint {
  number: number;
  type: 'breakpoint' | 'watchpoint';
  /** For watchpoints: which accesses trigger it. */
  watchKind?: WatchKind;
  /** What the user typed after the command (spec or watched expression). */
  spec: string;
  temporary: boolean;
  /** `enable once` (1) and `enable count N`: disabled after that many more stops (gdb's
   * disposition "dis", kept by a later plain `enable`: the next stop disables it again). */
  disableAfter?: { stops: number };
  enabled: boolean;
  condition?: string;
  ignoreCount: number;
  hitCount: number;
  locations: BreakpointLocation[];
  /** For watchpoints: the watched address, length and the last value seen (formatted and raw). */
  watch?: { address: bigint; length: number; oldText: string; oldBytes: Buffer; frameCfa?: bigint; scopePc?: bigint;
    /** What is evaluated when `spec` names something else (`-location EXPR`: the memory EXPR was at). */
    expression?: string };
}

/** Splits `SPEC if COND` into its parts (gdb accepts `if` after whitespace only). */
export function splitCondition(text: string): { spec: string; condition?: string } {
  const t = text.trim();
  const m = /(^|\s)if(\s|\(|$)/.exec(t);
  if (!m) return { spec: t };
  const condition = t.slice(m.index + m[1].length + 2).trim();
  if (condition === '') throw new UserError('Argument required (boolean expression).');
  return { spec: t.slice(0, m.index).trim(), condition };
}

/** Parses a location spec the way gdb's linespec does for the forms rdb supports. */
export function parseLocationSpec(text: string): LocationSpec {
  const t = text.trim();
  if (t === '') return { kind: 'here' };
  if (t.startsWith('*')) {
    const expression = t.slice(1).trim();
    if (expression === '') throw new UserError('Argument required (expression to compute).');
    return { kind: 'address', expression };
  }
  if (/^[+-]?\d+$/.test(t)) return { kind: 'line', line: parseInt(t, 10) };
  const colon = t.lastIndexOf(':');
  if (colon > 0 && !t.includes('::')) {
    const file = t.slice(0, colon).trim();
    const rest = t.slice(colon + 1).trim();
    if (/^\d+$/.test(rest)) return { kind: 'line', file, line: parseInt(rest, 10) };
    if (/^[A-Za-z_]\w*$/.test(rest)) return { kind: 'function', file, name: rest };
    throw new UserError(`malformed linespec error: unexpected string, "${rest}"`);
  }
  if (/^[A-Za-z_][\w:~]*$/.test(t)) return { kind: 'function', name: t };
  throw new UserError(`Function "${t}" not defined.`);
}

/** The table of user breakpoints and watchpoints, numbered like gdb (shared counter). */
export class BreakpointTable {
  private next = 1;
  private readonly items = new Map<number, Breakpoint>();

  add(bp: Omit<Breakpoint, 'number' | 'hitCount' | 'ignoreCount' | 'enabled'>): Breakpoint {
    const full: Breakpoint = { ...bp, number: this.next++, hitCount: 0, ignoreCount: 0, enabled: true };
    this.items.set(full.number, full);
    return full;
  }

  get(n: number): Breakpoint {
    const bp = this.items.get(n);
    if (!bp) throw new UserError(`No breakpoint number ${n}.`);
    return bp;
  }

  has(n: number): boolean { return this.items.has(n); }

  delete(n: number): void {
    if (!this.items.delete(n)) throw new UserError(`No breakpoint number ${n}.`);
  }

  all(): Breakpoint[] { return [...this.items.values()].sort((a, b) => a.number - b.number); }

  /** Enabled code breakpoints with a location at `address`. */
  at(address: bigint): Breakpoint[] {
    return this.all().filter((b) => b.type === 'breakpoint' && b.enabled && b.locations.some((l) => l.address === address && locationUsed(l)));
  }

  /** Every distinct address an enabled code breakpoint wants inserted. */
  addresses(): Set<bigint> {
    const s = new Set<bigint>();
    for (const b of this.all()) if (b.type === 'breakpoint' && b.enabled) for (const l of b.locations) if (locationUsed(l)) s.add(l.address);
    return s;
  }

  /** What a search counting the code breakpoints (their conditions holding) depends on, as a
   * key for its kept hits (scanCache.ts); none where a condition reads convenience variables,
   * which may change between searches. */
  searchKey(): string | undefined {
    const parts: string[] = [];
    for (const a of [...this.addresses()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))) {
      const conds = this.at(a).map((b) => b.condition ?? '');
      if (conds.some((c) => c.includes('$'))) return undefined;
      parts.push(`${a.toString(16)}=${conds.join('&')}`);
    }
    return `breakpoints ${parts.join(',')}`;
  }

  watchpoints(): Breakpoint[] { return this.all().filter((b) => b.type === 'watchpoint' && b.enabled); }

  /** A copy that changes independently (hit and ignore counts, locations, watched values). */
  clone(): BreakpointTable {
    const t = new BreakpointTable();
    t.next = this.next;
    for (const [n, b] of this.items) {
      t.items.set(n, { ...b, locations: b.locations.map((l) => ({ ...l })), watch: b.watch && { ...b.watch } });
    }
    return t;
  }
}

/** Parses a list of breakpoint numbers and ranges (`1 3-5`) as delete/disable/enable take them. */
/** Whether a location of an enabled breakpoint is inserted. */
export function locationUsed(l: BreakpointLocation): boolean {
  return !l.conditionInvalid && !l.disabled;
}

export function parseNumberList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.trim().split(/\s+/).filter(Boolean)) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      for (let i = parseInt(range[1], 10); i <= parseInt(range[2], 10); i++) out.push(i);
    } else if (/^\d+$/.test(part)) {
      out.push(parseInt(part, 10));
    } else {
      throw new UserError(`Convenience variable must have integer value.\nArgs must be numbers or '$' variables.`);
    }
  }
  return out;
}
