// Kinds of functions gdb calls differently: GNU indirect functions (their resolver picks the
// implementation) and functions described by an assembler's debug info (no return type).
import type { FunctionSymbol } from './Program';

/** Whether a function is a GNU indirect function (its ELF symbol's type is STT_GNU_IFUNC). */
export function isIfunc(fn: FunctionSymbol): boolean { return fn.module.module.ifuncAt(fn.def.low); }

/** Whether a function's debug info comes from an assembler (DW_LANG_Mips_Assembler). */
export function isAssembler(fn: FunctionSymbol): boolean {
  return fn.def.dieOffset !== undefined && fn.module.module.cuOfDie(fn.def.dieOffset)?.language === 0x8001;
}
