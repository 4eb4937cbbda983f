// What the expression evaluator needs from the world: the contract between src/expr
// and the debugger that supplies frames, symbols, memory and registers.
import type { Type, FunctionType } from '../symbols/types';

/** Where a value lives, so that `&x`, `x = 3` and lazy reads work. */
export type LValue =
  | { kind: 'memory'; address: bigint }
  /** A register of the selected frame, by DWARF number (0 rax ... 16 rip, 17+ xmm). */
  | { kind: 'register'; regno: number; name: string }
  /** A convenience variable ($foo); `offset` addresses a component of it ($foo.y). */
  | { kind: 'internal'; name: string; offset?: number };

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
  /** A data object known only by its ELF symbol (this name): usable only cast or by address. */
  unknownType?: string;
}

/** Thrown for user mistakes (unknown symbol, bad syntax, unreadable memory); the message is
 * printed as is, gdb-style (e.g. `No symbol "foo" in current context.`). */
export class EvalError extends Error {
  constructor(message: string) { super(message); this.name = 'EvalError'; }
}

export interface EvalContext {
  /** A variable visible in the selected frame (innermost scope first), else a global or
   * static; also functions (a Value of function type whose lval is its address) and
   * enumerators (a non-lvalue of the enum type, so `print RED` prints `RED`). */
  lookupSymbol(name: string): Value | undefined;
  /** `function::name` (a static or local of that function, read in its innermost active
   * frame) or `'file.c'::name` (a file-scope variable or function). Returns undefined when
   * the scope exists but has no such name (the evaluator reports `No symbol "name" in
   * specified context.`); throws EvalError(`No symbol "scope" in current context.`) when the
   * scope is no function or file. Optional: without it `::` reports the scope unknown. */
  lookupScoped?(scope: string, name: string): Value | undefined;
  /** A type by C name: 'int', 'unsigned long', 'struct point', 'union u', 'enum e', a typedef. */
  lookupType(name: string): Type | undefined;
  /** Reads target memory; throws EvalError(`Cannot access memory at address 0x...`). */
  readMemory(address: bigint, length: number): Buffer;
  /** Writes target memory (throws EvalError where writing is refused, e.g. in the past). */
  writeMemory(address: bigint, data: Buffer): void;
  /** A register of the selected frame by gdb's name ('pc', 'sp', 'fp', 'rax', 'eax', 'rip',
   * 'eflags', 'xmm0' ...), typed as gdb types it; undefined if no such register (the
   * evaluator then tries convenience variables). The formatter relies on these types:
   * pc/rip `void (*)()` (a pointer to an unprototyped function returning void: prints
   * `(void (*)()) 0x401136 <main+4>`), sp/rsp/fp/rbp `void *`, rax... `long`, eax... `int`
   * (gdb names it int32_t: a typedef of int), eflags an EnumType named 'i386_eflags' whose
   * enumerators are its one-bit masks (CF = 1n, PF = 4n ...): the formatter prints it
   * `[ ZF PF ]` and whatis `i386_eflags`. lval is { kind: 'register' } so `$rax = 3` calls
   * writeRegister. */
  readRegister(name: string): Value | undefined;
  writeRegister(name: string, value: Value): void;
  /** `<symbol+off>` text for an address inside a known function or object, e.g. 'main+4'. */
  /** `name+off` of an address; with `linkage`, data by their ELF names as they are (x's labels). */
  symbolize(address: bigint, linkage?: boolean): string | undefined;
  /** Value history ($1, $2 ...; $ is the last, $$ the one before, $$n). */
  historyValue(index: number): Value | undefined;
  historyLength(): number;
  /** Convenience variables ($foo); undefined when never set (gdb prints `void`). setConvenience
   * receives a non-lazy copy whose lval is { kind: 'internal', name }. */
  getConvenience(name: string): Value | undefined;
  setConvenience(name: string, value: Value): void;
  /** Calls a function of the program (`print f(2)`): its entry address, its type, and the
   * arguments already converted to the parameter types. Absent where calls are impossible. */
  callFunction?(address: bigint, type: FunctionType, args: Value[]): Value;
  /** The function starting at `address`: its name and, if its debug info gives one a C caller
   * can use, its type (an indirect function's implementation, found by calling the resolver). */
  functionStartingAt?(address: bigint): { name: string; type?: FunctionType } | undefined;
  /** Reports a gdb `warning: ...` about an evaluation that goes on (the text after "warning: "). */
  warn?(message: string): void;
}
