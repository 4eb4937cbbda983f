// What the expression evaluator needs from the world: the contract between src/expr
// and the debugger that supplies frames, symbols, memory and registers.
import type { Type } from '../symbols/types';

/** Where a value lives, so that `&x`, `x = 3` and lazy reads work. */
export type LValue =
  | { kind: 'memory'; address: bigint }
  /** A register of the selected frame, by DWARF number (0 rax ... 16 rip, 17+ xmm). */
  | { kind: 'register'; regno: number; name: string }
  /** A convenience variable ($foo). */
  | { kind: 'internal'; name: string };

/** A typed value. `bytes` holds its contents (little-endian, sizeOf(type) long) unless
 * `lazy` is set, in which case they are read from `lval` on first use. A bit-field value
 * has bitSize/bitPos relative to the start of `bytes`. */
export interface Value {
  type: Type;
  lval: LValue | null;
  bytes?: Buffer;
  lazy?: boolean;
  bitSize?: number;
  bitPos?: number;
  /** Set for variables the compiler optimised away: prints as `<optimized out>`. */
  optimizedOut?: boolean;
}

/** Thrown for user mistakes (unknown symbol, bad syntax, unreadable memory); the message is
 * printed as is, gdb-style (e.g. `No symbol "foo" in current context.`). */
export class EvalError extends Error {
  constructor(message: string) { super(message); this.name = 'EvalError'; }
}

export interface EvalContext {
  /** A variable visible in the selected frame (innermost scope first), else a global or
   * static; also functions (a Value of function type whose lval is its address). */
  lookupSymbol(name: string): Value | undefined;
  /** A type by C name: 'int', 'unsigned long', 'struct point', 'union u', 'enum e', a typedef. */
  lookupType(name: string): Type | undefined;
  /** Reads target memory; throws EvalError(`Cannot access memory at address 0x...`). */
  readMemory(address: bigint, length: number): Buffer;
  /** Writes target memory (throws EvalError where writing is refused, e.g. in the past). */
  writeMemory(address: bigint, data: Buffer): void;
  /** A register of the selected frame by gdb's name ('pc', 'sp', 'fp', 'rax', 'eax', 'rip',
   * 'eflags', 'xmm0' ...), typed as gdb types it; undefined if no such register. */
  readRegister(name: string): Value | undefined;
  writeRegister(name: string, value: Value): void;
  /** `<symbol+off>` text for an address inside a known function or object, e.g. 'main+4'. */
  symbolize(address: bigint): string | undefined;
  /** Value history ($1, $2 ...; $ is the last, $$ the one before, $$n). */
  historyValue(index: number): Value | undefined;
  historyLength(): number;
  /** Convenience variables ($foo); undefined when never set (gdb prints `void`). */
  getConvenience(name: string): Value | undefined;
  setConvenience(name: string, value: Value): void;
}
