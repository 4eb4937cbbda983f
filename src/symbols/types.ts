// The C type model shared by symbols (which builds types from DWARF) and expr (which
// evaluates and prints values of them). Types may be recursive: a struct's member may
// point back at the struct, so fields referring to other types may be lazy getters.
import type { LocEntry } from './native';

export type BaseEncoding =
  | 'signed' | 'unsigned' | 'signed_char' | 'unsigned_char' | 'float' | 'bool' | 'complex_float';

export interface BaseType { kind: 'base'; name: string; size: number; encoding: BaseEncoding }
export interface VoidType { kind: 'void' }
export interface PointerType { kind: 'pointer'; size: number; readonly target: Type }
/** count null means unknown bound (`int a[]`, a flexible member). Multi-dimensional arrays
 * are arrays of arrays, outermost first, as C declares them. */
export interface ArrayType {
  kind: 'array'; readonly element: Type; count: number | null;
  /** A vector of a register (gdb spells it `float __attribute__ ((vector_size(4)))`). */
  vector?: boolean;
  /** A variable-length array's bound, computed at run time in the frame of the variable
   * (count is null until then): DW_AT_count, or DW_AT_upper_bound with its lower bound. */
  dynamicBound?: { count?: DynamicValue; upper?: DynamicValue; lower: number };
}
/** A DWARF expression (its location description entries), or the variable a bound refers to. */
export type DynamicValue = { ops: LocEntry[] } | { variable: number };
export interface Member {
  name?: string; readonly type: Type;
  /** Byte offset of the member (of its containing storage unit for bit-fields). */
  offset: number;
  /** For bit-fields: width and bit offset from the start of the struct (DWARF 4
   * DW_AT_data_bit_offset semantics, little-endian). */
  bitSize?: number; bitOffset?: number;
}
export interface StructType {
  kind: 'struct' | 'union' | 'class'; name?: string; size: number;
  /** Declarations without a body have incomplete = true and no members. */
  incomplete?: boolean;
  readonly members: Member[];
}
export interface Enumerator { name: string; value: bigint }
export interface EnumType {
  kind: 'enum'; name?: string; size: number; signed: boolean; enumerators: Enumerator[];
}
export interface TypedefType { kind: 'typedef'; name: string; readonly target: Type }
export interface QualifiedType { kind: 'const' | 'volatile' | 'restrict'; readonly target: Type }
export interface FunctionType {
  kind: 'function'; readonly returnType: Type; readonly params: Type[];
  varargs: boolean; prototyped: boolean;
  /** A GNU indirect function (STT_GNU_IFUNC): what it names is its resolver, which returns the
   * implementation to call (glibc's string functions). */
  ifunc?: boolean;
  /** Described by an assembler's debug info, which says nothing of its return type: gdb calls it
   * only through a cast, as a function without debug info. */
  asm?: boolean;
}

export type Type =
  | BaseType | VoidType | PointerType | ArrayType | StructType | EnumType
  | TypedefType | QualifiedType | FunctionType;

/** Strips typedefs and qualifiers. */
export function resolve(t: Type): Type {
  while (t.kind === 'typedef' || t.kind === 'const' || t.kind === 'volatile' || t.kind === 'restrict') {
    t = t.target;
  }
  return t;
}

/** Size in bytes; arrays of unknown bound and functions count 0, void 1 (as gdb does). */
export function sizeOf(t: Type): number {
  const r = resolve(t);
  switch (r.kind) {
    case 'base': case 'pointer': case 'struct': case 'union': case 'class': case 'enum':
      return r.size;
    case 'array': return r.count === null ? 0 : r.count * sizeOf(r.element);
    case 'void': return 1;
    case 'function': return 1;
    default: return 0;
  }
}
