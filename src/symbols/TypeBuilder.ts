// Builds the C type model (types.ts) from DWARF type DIEs, memoised by DIE offset so recursive
// types (a struct holding a pointer to itself) resolve to one shared object.
import type { AttrValue, Die } from './native';
import type { ArrayType, BaseEncoding, DynamicValue, EnumType, FunctionType, Member, PointerType, StructType, Type } from './types';
import { AT, ATE, TAG } from './dwarfConstants';
import { gdbSpelling } from './typeNames';

/** Finds a DIE by its global offset (loading its compile unit if needed). */
export type DieLookup = (offset: number) => Die | undefined;

export const voidType: Type = { kind: 'void' };

export function attrNumber(v: AttrValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}

export function attrRef(v: AttrValue | undefined): number | undefined {
  return v !== undefined && typeof v === 'object' && 'ref' in v ? v.ref : undefined;
}

export function attrString(v: AttrValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function encodingOf(ate: number | undefined, size: number): BaseEncoding {
  switch (ate) {
    case ATE.boolean: return 'bool';
    case ATE.float: return 'float';
    case ATE.complex_float: return 'complex_float';
    case ATE.signed: return 'signed';
    case ATE.signed_char: return 'signed_char';
    case ATE.unsigned_char: return 'unsigned_char';
    case ATE.UTF: return size === 1 ? 'unsigned_char' : 'unsigned';
    default: return 'unsigned';
  }
}

export class TypeBuilder {
  private readonly memo = new Map<number, Type>();

  constructor(private readonly lookup: DieLookup) {}

  /** The type a DIE's DW_AT_type names (void when absent). */
  typeOf(die: Die): Type {
    const ref = attrRef(die.attrs[AT.type]);
    return ref === undefined ? voidType : this.typeAt(ref);
  }

  typeAt(offset: number): Type {
    const known = this.memo.get(offset);
    if (known) return known;
    const die = this.lookup(offset);
    if (!die) throw new Error(`DWARF type reference to a missing DIE at offset ${offset}`);
    return this.build(die);
  }

  /** Builds (or returns the memoised) type of a type DIE. */
  build(die: Die): Type {
    const known = this.memo.get(die.offset);
    if (known) return known;
    const name = attrString(die.attrs[AT.name]);
    const size = attrNumber(die.attrs[AT.byte_size]) ?? 0;
    // Each composite is registered before its parts are built so cycles end at the memo.
    const remember = <T extends Type>(t: T): T => { this.memo.set(die.offset, t); return t; };
    switch (die.tag) {
      case TAG.base_type:
        return remember({ kind: 'base', name: name === undefined ? '?' : gdbSpelling(name), size, encoding: encodingOf(attrNumber(die.attrs[AT.encoding]), size) });
      case TAG.unspecified_type:
        return remember(voidType);
      case TAG.pointer_type: case TAG.reference_type: case TAG.rvalue_reference_type: {
        const t = remember({ kind: 'pointer', size: size || 8, target: voidType } as PointerType);
        (t as { target: Type }).target = this.typeOf(die);
        return t;
      }
      case TAG.typedef: {
        const t = remember({ kind: 'typedef', name: name ?? '?', target: voidType } as Type);
        (t as { target: Type }).target = this.typeOf(die);
        return t;
      }
      case TAG.const_type: case TAG.volatile_type: case TAG.restrict_type: case TAG.atomic_type: {
        const kind = die.tag === TAG.const_type ? 'const' : die.tag === TAG.volatile_type ? 'volatile' : 'restrict';
        if (die.tag === TAG.atomic_type) return remember(this.typeOf(die));
        const t = remember({ kind, target: voidType } as Type);
        (t as { target: Type }).target = this.typeOf(die);
        return t;
      }
      case TAG.structure_type: case TAG.union_type: case TAG.class_type:
        return this.buildStruct(die, name, size, remember);
      case TAG.enumeration_type:
        return this.buildEnum(die, name, size, remember);
      case TAG.array_type:
        return this.buildArray(die, remember);
      case TAG.subroutine_type: case TAG.subprogram:
        return this.buildFunction(die, remember);
      default:
        throw new Error(`unsupported DWARF type DIE tag 0x${die.tag.toString(16)} at offset ${die.offset}`);
    }
  }

  private buildStruct(die: Die, name: string | undefined, size: number, remember: <T extends Type>(t: T) => T): StructType {
    const kind = die.tag === TAG.union_type ? 'union' : die.tag === TAG.class_type ? 'class' : 'struct';
    const t = remember({ kind, name, size, members: [] as Member[] } as StructType);
    if (die.attrs[AT.declaration]) {
      (t as { incomplete?: boolean }).incomplete = true;
      return t;
    }
    for (const c of die.children) {
      if (c.tag !== TAG.member) continue;
      const m: Member = { name: attrString(c.attrs[AT.name]), type: this.typeOf(c), offset: memberOffset(c) };
      const bitSize = attrNumber(c.attrs[AT.bit_size]);
      if (bitSize !== undefined) {
        const dataBitOffset = attrNumber(c.attrs[AT.data_bit_offset]);
        let bitOffset: number;
        if (dataBitOffset !== undefined) {
          bitOffset = dataBitOffset;
        } else {
          // DWARF 2-4: DW_AT_bit_offset counts from the storage unit's most significant bit.
          const unit = attrNumber(c.attrs[AT.byte_size]) ?? 4;
          const legacy = attrNumber(c.attrs[AT.bit_offset]) ?? 0;
          bitOffset = m.offset * 8 + unit * 8 - legacy - bitSize;
        }
        m.bitSize = bitSize;
        m.bitOffset = bitOffset;
        if (die.attrs[AT.data_member_location] === undefined) m.offset = Math.floor(bitOffset / 8);
      }
      t.members.push(m);
    }
    return t;
  }

  private buildEnum(die: Die, name: string | undefined, size: number, remember: <T extends Type>(t: T) => T): EnumType {
    const under = attrRef(die.attrs[AT.type]);
    const underlying = under !== undefined ? this.typeAt(under) : undefined;
    let signed = false;
    if (underlying && underlying.kind === 'base') signed = underlying.encoding === 'signed' || underlying.encoding === 'signed_char';
    const enumerators = die.children.filter((c) => c.tag === TAG.enumerator).map((c) => {
      const v = c.attrs[AT.const_value];
      const value = typeof v === 'bigint' ? v : BigInt(typeof v === 'number' ? v : 0);
      if (value < 0n) signed = true;
      return { name: attrString(c.attrs[AT.name]) ?? '?', value };
    });
    return remember({ kind: 'enum', name, size: size || 4, signed, enumerators });
  }

  private buildArray(die: Die, remember: <T extends Type>(t: T) => T): Type {
    const subranges = die.children.filter((c) => c.tag === TAG.subrange_type || c.tag === TAG.enumeration_type);
    const element = this.typeOf(die);
    if (subranges.length === 0) return remember({ kind: 'array', element, count: null } as ArrayType);
    // int a[2][3]: subranges outermost first; build from the innermost out.
    let t: Type = element;
    for (let i = subranges.length - 1; i >= 0; i--) {
      const count = subrangeCount(subranges[i]);
      const dynamicBound = count === null ? subrangeDynamic(subranges[i]) : undefined;
      t = dynamicBound ? { kind: 'array', element: t, count, dynamicBound } : { kind: 'array', element: t, count };
    }
    return remember(t);
  }

  private buildFunction(die: Die, remember: <T extends Type>(t: T) => T): FunctionType {
    const t = remember({
      kind: 'function', returnType: voidType, params: [] as Type[],
      varargs: die.children.some((c) => c.tag === TAG.unspecified_parameters),
      prototyped: Boolean(die.attrs[AT.prototyped]),
    } as FunctionType);
    (t as { returnType: Type }).returnType = this.typeOf(die);
    for (const c of die.children) if (c.tag === TAG.formal_parameter) t.params.push(this.typeOf(c));
    return t;
  }
}

function memberOffset(m: Die): number {
  const v = m.attrs[AT.data_member_location];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  // DWARF 2 spells the offset as [DW_OP_plus_uconst N].
  if (v && typeof v === 'object' && 'loc' in v) {
    const op = v.loc[0]?.ops[0];
    if (op && op.atom === 0x23) return Number(op.number);
  }
  return 0;
}

function dynamicValue(v: AttrValue | undefined): DynamicValue | undefined {
  if (v && typeof v === 'object' && 'loc' in v) return { ops: v.loc };
  if (v && typeof v === 'object' && 'ref' in v) return { variable: v.ref };
  return undefined;
}

/** A bound known only at run time (a C99 variable-length array): an expression or a variable. */
function subrangeDynamic(s: Die): ArrayType['dynamicBound'] {
  const count = dynamicValue(s.attrs[AT.count]);
  const upper = dynamicValue(s.attrs[AT.upper_bound]);
  if (!count && !upper) return undefined;
  return { count, upper, lower: attrNumber(s.attrs[AT.lower_bound]) ?? 0 };
}

function subrangeCount(s: Die): number | null {
  const count = attrNumber(s.attrs[AT.count]);
  if (count !== undefined) return count;
  const upper = s.attrs[AT.upper_bound];
  if (typeof upper === 'number' || typeof upper === 'bigint') {
    const lower = attrNumber(s.attrs[AT.lower_bound]) ?? 0;
    const u = typeof upper === 'bigint' ? Number(BigInt.asIntN(64, upper)) : upper;
    // gcc writes upper_bound -1 (as 0xffffffff in data4) for zero-length arrays.
    if (u === 0xffffffff || u < lower) return 0;
    return u - lower + 1;
  }
  return null;
}
