// The symbol layer's records: functions and variables as one module sees them (file addresses).
import type { AttrValue, LocEntry } from './native';
import type { FunctionType, Type } from './types';

/** A function of one module, in file addresses. From DWARF when the module has it, otherwise
 * from the ELF symbol table (then without type, parameters or frame base). */
export interface FunctionDef {
  name: string;
  low: bigint;
  /** End of the range holding low (exclusive); `ranges` lists all of them for split functions. */
  high: bigint;
  ranges: Array<[bigint, bigint]>;
  /** Whether it comes from DWARF (false: an ELF symbol only). */
  fromDebugInfo: boolean;
  /** An inlined copy (DW_TAG_inlined_subroutine): no frame of its own, no prologue to skip. */
  inlined?: boolean;
  /** A PLT stub ("puts@plt"): a trampoline that `step` goes through to the import. */
  trampoline?: boolean;
  external: boolean;
  declFile?: string;
  declLine?: number;
  /** The DIE of the concrete subprogram (absent for ELF-only functions). */
  dieOffset?: number;
  cuOffset?: number;
  /** DW_AT_frame_base of the subprogram. */
  frameBase?: LocEntry[];
  /** Type of the function (lazy; undefined without DWARF). */
  readonly type?: FunctionType;
  /** Return type (lazy; undefined without DWARF). */
  readonly returnType?: Type;
}

/** A variable or parameter visible somewhere: a global, a static, a local or a parameter. */
export interface VariableDef {
  name: string;
  readonly type: Type;
  isParameter: boolean;
  /** Where it lives (DW_AT_location); absent when it has only a constant value or nothing. */
  location?: LocEntry[];
  /** DW_AT_const_value, for variables the compiler folded into a constant. */
  constValue?: AttrValue;
  /** The function whose frame base DW_OP_fbreg refers to (locals and parameters). */
  fn?: FunctionDef;
  declFile?: string;
  declLine?: number;
  /** External linkage (globals), as opposed to file or function statics. */
  external: boolean;
  dieOffset: number;
}
