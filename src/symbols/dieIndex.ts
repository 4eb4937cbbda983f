// Reading DIEs: a per-module index of loaded compile-unit trees by DIE offset, and helpers that
// follow DW_AT_abstract_origin / DW_AT_specification the way consumers must.
import type { AttrValue, CompileUnit, Die, ElfHandle } from './native';
import { AT, TAG } from './dwarfConstants';
import { attrNumber, attrRef } from './TypeBuilder';

const SCOPES = new Set<number>([TAG.namespace, TAG.class_type, TAG.structure_type, TAG.union_type]);

export interface IndexedDie { die: Die; parent?: Die; cu: CompileUnit }

export class DieIndex {
  private readonly byOffset = new Map<number, IndexedDie>();
  private readonly trees = new Map<number, Die>();
  /** CUs sorted by offset, for "which CU holds DIE offset X". */
  private readonly sorted: CompileUnit[];

  constructor(private readonly handle: ElfHandle, cus: CompileUnit[]) {
    this.sorted = [...cus].sort((a, b) => a.offset - b.offset);
  }

  /** The CU DIE tree (loaded and indexed on first use). */
  tree(cu: CompileUnit): Die {
    let t = this.trees.get(cu.offset);
    if (!t) {
      t = this.handle.dieTree(cu.offset);
      this.trees.set(cu.offset, t);
      const walk = (d: Die, parent?: Die): void => {
        this.byOffset.set(d.offset, { die: d, parent, cu });
        for (const c of d.children) walk(c, d);
      };
      walk(t);
    }
    return t;
  }

  /** The DIE at a global .debug_info offset, loading its CU if needed. */
  get(offset: number): IndexedDie | undefined {
    const known = this.byOffset.get(offset);
    if (known) return known;
    let cu: CompileUnit | undefined;
    for (const c of this.sorted) { if (c.offset <= offset) cu = c; else break; }
    if (!cu || this.trees.has(cu.offset)) return undefined;
    this.tree(cu);
    return this.byOffset.get(offset);
  }

  /** An attribute of a DIE or of the DIEs it refers to by abstract_origin/specification. */
  attr(die: Die, at: number): AttrValue | undefined {
    let d: Die | undefined = die;
    for (let hops = 0; d && hops < 8; hops++) {
      const v = d.attrs[at];
      if (v !== undefined) return v;
      const next: number | undefined = attrRef(d.attrs[AT.abstract_origin]) ?? attrRef(d.attrs[AT.specification]);
      d = next === undefined ? undefined : this.get(next)?.die;
    }
    return undefined;
  }

  /** A C++ entity's name as gdb shows it: qualified by the namespaces and classes around the
   * DIE that names it (`ns::Box::area`); `(anonymous namespace)` for an unnamed namespace. */
  qualifiedName(die: Die): string | undefined {
    const named = this.origin(die, AT.name);
    const name = named?.attrs[AT.name];
    if (!named || typeof name !== 'string') return undefined;
    const scopes: string[] = [];
    for (let p = this.get(named.offset)?.parent; p && scopes.length < 32; p = this.get(p.offset)?.parent) {
      if (!SCOPES.has(p.tag)) break;
      const n = p.attrs[AT.name];
      scopes.unshift(typeof n === 'string' ? n : p.tag === TAG.namespace ? '(anonymous namespace)' : '{unnamed}');
    }
    return [...scopes, name].join('::');
  }

  /** The DIE that carries the attribute (die itself or one of its origins). */
  origin(die: Die, at: number): Die | undefined {
    let d: Die | undefined = die;
    for (let hops = 0; d && hops < 8; hops++) {
      if (d.attrs[at] !== undefined) return d;
      const next: number | undefined = attrRef(d.attrs[AT.abstract_origin]) ?? attrRef(d.attrs[AT.specification]);
      d = next === undefined ? undefined : this.get(next)?.die;
    }
    return undefined;
  }
}

/** [low, high) ranges of a DIE with code (low_pc/high_pc, where high may be an offset, or ranges). */
export function dieRanges(die: Die): Array<[bigint, bigint]> {
  const r = die.attrs[AT.ranges];
  if (r && typeof r === 'object' && 'ranges' in r) return r.ranges.filter(([lo, hi]) => hi > lo);
  const low = die.attrs[AT.low_pc];
  if (typeof low !== 'bigint') return [];
  const high = die.attrs[AT.high_pc];
  if (typeof high === 'bigint') return [[low, high]];
  const len = attrNumber(high);
  return len === undefined ? [] : [[low, low + BigInt(len)]];
}

export function inRanges(ranges: Array<[bigint, bigint]>, addr: bigint): boolean {
  return ranges.some(([lo, hi]) => lo <= addr && addr < hi);
}
