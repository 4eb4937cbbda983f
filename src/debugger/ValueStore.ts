// gdb's value history ($1, $2, ...) and convenience variables ($foo).
import type { Value } from '../expr/context';
import { builtinType, makeInt } from '../expr';

export class ValueStore {
  private readonly values: Value[] = [];
  private readonly vars = new Map<string, Value>();

  constructor() {
    // gdb's: the one inferior, and no thread until the program runs.
    this.setInt('_inferior', 1);
    this.setInt('_thread', 0);
    this.setInt('_gthread', 0);
  }

  /** Records a printed value; returns its history number. Contents are fetched now, so the
   * entry keeps what was printed even after the program changes. */
  record(v: Value): number {
    this.values.push(v);
    return this.values.length;
  }

  /** $N (1-based); undefined if out of range. */
  history(index: number): Value | undefined {
    return index >= 1 && index <= this.values.length ? this.values[index - 1] : undefined;
  }

  historyLength(): number { return this.values.length; }

  convenience(name: string): Value | undefined { return this.vars.get(name); }

  setConvenience(name: string, v: Value): void { this.vars.set(name, v); }

  /** An int convenience variable, such as gdb's own $bpnum and $_thread. */
  setInt(name: string, n: number): void { this.vars.set(name, makeInt(builtinType('int')!, BigInt(n))); }
}
