// Module: one ELF file's symbols in file addresses: functions (DWARF, else ELF symbols), the line
// table, variables and scopes, types, CFI rows and the file image. Loaded lazily per compile unit.
import * as fs from 'fs';
import * as path from 'path';
import { dwarf, type CompileUnit, type Die, type ElfHandle, type ElfInfo, type ElfSection, type ElfSymbol, type FrameInfo, type LocEntry } from './native';
import type { FunctionType, Type } from './types';
import type { FunctionDef, VariableDef } from './model';
import { AT, TAG } from './dwarfConstants';
import { DieIndex, dieRanges, inRanges } from './dieIndex';
import { LineTable } from './LineTable';
import { TypeBuilder, attrNumber, attrRef, attrString } from './TypeBuilder';
import { pltStubs } from './plt';
import { indexCallSites, type CallSite } from './callSites';
import { lookupEnumerator, lookupTypeByName, type TypeNameIndex, buildTypeNameIndex } from './typeNames';
import type { StackType } from './location';

const PT_LOAD = 1;
const SHT_NOBITS = 8;
const SHF_ALLOC = 2n;
/** Modules with more compile units than this (libc has ~2000) are not scanned whole for names. */
export const SMALL_MODULE_CUS = 200;

/** Orders aliases at one address as gdb names them: "puts" over "_IO_puts", "fopen64" (weak)
 * over "fopen": fewer leading underscores first, then weak before global before local. */
function aliasOrder(a: ElfSymbol, b: ElfSymbol): number {
  const underscores = (s: ElfSymbol): number => /^_*/.exec(s.name)![0].length;
  const bindRank = { weak: 0, global: 1, local: 2, other: 3 };
  return underscores(a) - underscores(b) || bindRank[a.bind] - bindRank[b.bind];
}

/** Line-table file names relative to an absolute compilation directory, made absolute (libdw
 * leaves DWARF 5 names of directory 0 as written, e.g. `./../prog.c`). */
function withAbsoluteFiles(cu: CompileUnit): CompileUnit {
  if (!path.isAbsolute(cu.compDir)) return cu;
  return { ...cu, files: cu.files.map((f) => (f && !path.isAbsolute(f) ? path.normalize(path.join(cu.compDir, f)) : f)) };
}

class DwarfFunction implements FunctionDef {
  readonly fromDebugInfo = true;
  inlined?: boolean;
  constructor(
    private readonly mod: Module, public name: string, public low: bigint, public high: bigint,
    public ranges: Array<[bigint, bigint]>, public external: boolean, public dieOffset: number,
    public cuOffset: number, public declFile?: string, public declLine?: number, public frameBase?: LocEntry[],
  ) {}

  get type(): FunctionType | undefined {
    const d = this.mod.dies.get(this.dieOffset)?.die;
    if (!d) return undefined;
    const t = this.mod.types.build(this.mod.dies.origin(d, AT.name) ?? d);
    return t.kind === 'function' ? t : undefined;
  }

  get returnType(): Type | undefined { return this.type?.returnType; }
}

/** A lexical block without a pc range (only the abstract tree of an inlined function has one). */
function isRangeless(d: Die): boolean {
  return d.tag === TAG.lexical_block && d.attrs[AT.low_pc] === undefined && d.attrs[AT.ranges] === undefined;
}

/** The variables of `d`'s range-less lexical blocks, nested ones too. */
function rangelessVariables(d: Die): Die[] {
  return d.children.filter(isRangeless).flatMap((b) => [...b.children.filter((c) => c.tag === TAG.variable), ...rangelessVariables(b)]);
}

export class Module {
  readonly info: ElfInfo;
  readonly cus: CompileUnit[];
  readonly lines: LineTable;
  readonly dies: DieIndex;
  readonly types: TypeBuilder;
  private symbolList?: ElfSymbol[];
  private readonly functionsByCu = new Map<number, DwarfFunction[]>();
  private symbolFunctions?: FunctionDef[];
  private globals?: Map<string, VariableDef[]>;
  private typeNames?: TypeNameIndex;
  private readonly callSitesByCu = new Map<number, Map<bigint, CallSite>>();
  private fd?: number;
  private allocated?: ElfSection[];

  private constructor(readonly path: string, private readonly handle: ElfHandle) {
    this.info = handle.info();
    this.cus = this.info.hasDebugInfo ? handle.compileUnits().map(withAbsoluteFiles) : [];
    this.lines = new LineTable(handle, this.cus);
    this.dies = new DieIndex(handle, this.cus);
    this.types = new TypeBuilder((off) => this.dies.get(off)?.die);
  }

  /** Opens an ELF file. Throws for a missing or non-ELF file; any machine opens (see info.machine). */
  static open(file: string): Module {
    return new Module(file, dwarf().open(file));
  }

  get hasDebugInfo(): boolean { return this.info.hasDebugInfo; }

  close(): void {
    this.handle.close();
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  symbols(): ElfSymbol[] {
    if (!this.symbolList) this.symbolList = this.handle.symbols();
    return this.symbolList;
  }

  /** The PT_LOAD segments, in file order. */
  loadSegments() { return this.info.segments.filter((s) => s.type === PT_LOAD); }

  // ---- functions ----

  /** DWARF functions of one CU (concrete subprograms with code). */
  cuFunctions(cu: CompileUnit): DwarfFunction[] {
    let list = this.functionsByCu.get(cu.offset);
    if (list) return list;
    list = [];
    const walk = (d: Die): void => {
      if (d.tag === TAG.subprogram && !d.attrs[AT.declaration]) {
        const ranges = dieRanges(d);
        // gdb names a function by its linkage name when it has one (glibc's __GI_ aliases);
        // a C++ one (mangled) by its qualified source name.
        const linkage = attrString(this.dies.attr(d, AT.linkage_name));
        const name = linkage && !linkage.startsWith('_Z') ? linkage : this.dies.qualifiedName(d) ?? linkage;
        if (ranges.length && name) {
          const low = typeof d.attrs[AT.low_pc] === 'bigint' ? d.attrs[AT.low_pc] as bigint : ranges[0][0];
          const high = ranges.find(([lo, hi]) => lo <= low && low < hi)?.[1] ?? ranges[0][1];
          const fileIdx = attrNumber(this.dies.attr(d, AT.decl_file));
          const fb = d.attrs[AT.frame_base];
          list!.push(new DwarfFunction(this, name, low, high, ranges, Boolean(this.dies.attr(d, AT.external)), d.offset, cu.offset,
            fileIdx !== undefined ? cu.files[fileIdx] : undefined, attrNumber(this.dies.attr(d, AT.decl_line)),
            fb && typeof fb === 'object' && 'loc' in fb ? fb.loc : undefined));
        }
      }
      for (const c of d.children) if (c.tag !== TAG.subprogram || d.tag !== TAG.subprogram) walk(c);
    };
    walk(this.dies.tree(cu));
    this.functionsByCu.set(cu.offset, list);
    return list;
  }

  /** Functions known only from the ELF symbol table (all func/ifunc symbols with an address);
   * of aliases at one address the one gdb names comes first. */
  elfFunctions(): FunctionDef[] {
    if (!this.symbolFunctions) {
      const funcs = this.symbols()
        .filter((s) => (s.type === 'func' || s.type === 'ifunc') && s.shndx !== 0 && s.value !== 0n)
        .sort(aliasOrder);
      // A symbol without a size (an assembler label such as __restore_rt) reaches the next one,
      // as gdb's minimal symbols do.
      const starts = [...new Set(funcs.map((s) => s.value))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const nextStart = (v: bigint) => starts.find((a) => a > v) ?? v + 1n;
      this.symbolFunctions = funcs.map((s): FunctionDef => {
        const high = s.size > 0 ? s.value + BigInt(s.size) : nextStart(s.value);
        return { name: s.name.replace(/@.*$/, ''), low: s.value, high, ranges: [[s.value, high]], fromDebugInfo: false, external: s.bind !== 'local' };
      });
      this.symbolFunctions.push(...pltStubs(this.handle.sections(), this.handle.relocations(), (a, n) => this.readImage(a, n)));
    }
    return this.symbolFunctions;
  }

  /** Whether an ELF symbol of type STT_GNU_IFUNC starts at a file address. */
  ifuncAt(addr: bigint): boolean {
    this.ifuncs ??= new Set(this.symbols().filter((s) => s.type === 'ifunc' && s.shndx !== 0).map((s) => s.value));
    return this.ifuncs.has(addr);
  }

  private ifuncs?: Set<bigint>;

  /** The function containing a file address: DWARF first, then ELF symbols. */
  functionAt(addr: bigint): FunctionDef | undefined {
    const cu = this.lines.cuAt(addr);
    if (cu) {
      const inner = this.cuFunctions(cu).filter((f) => inRanges(f.ranges, addr));
      // The innermost; of equal ranges (an assembler file's aliases), the last, as gdb's block search.
      if (inner.length) return inner.reduce((a, b) => (b.high - b.low <= a.high - a.low ? b : a));
    }
    let best: FunctionDef | undefined;
    for (const f of this.elfFunctions()) {
      if (f.low <= addr && addr < f.high && (!best || f.low > best.low)) best = f;
    }
    return best;
  }

  /** Functions with this name: found through the ELF symbols (then their CU's DWARF), so a large
   * library loads one CU, not all; small modules without a .symtab are scanned whole. */
  functionsNamed(name: string): FunctionDef[] {
    const out: FunctionDef[] = [];
    const seen = new Set<bigint>();
    const add = (f: FunctionDef): void => { if (!seen.has(f.low)) { seen.add(f.low); out.push(f); } };
    for (const e of this.elfFunctions()) {
      if (e.name !== name) continue;
      const cu = this.lines.cuAt(e.low);
      add((cu && this.cuFunctions(cu).find((f) => f.low === e.low)) || e);
    }
    if (out.length === 0 && this.cus.length <= SMALL_MODULE_CUS) {
      // gdb's wild matching of C++ names: `area` means every `...::area`,
      const scoped = `::${name}`;
      // and `biggest` every instance of the template `biggest<T>`.
      const matches = (n: string): boolean => n === name || n.endsWith(scoped);
      for (const cu of this.cus) for (const f of this.cuFunctions(cu)) if (matches(f.name) || (!name.includes('<') && matches(f.name.replace(/<.*>$/, '')))) add(f);
    } else if (out.length === 0 && this.cus.length > 0) {
      // Large modules (libc): static functions without a symbol, through the native name index.
      for (const e of this.handle.functionsNamed(name)) {
        const cu = this.cus.find((c) => c.offset === e.cuOffset);
        const die = cu && this.dies.get(e.dieOffset)?.die;
        if (!cu || !die) continue;
        const f = die.tag === TAG.inlined_subroutine ? this.inlinedCopy(die, cu) : this.cuFunctions(cu).find((d) => d.dieOffset === e.dieOffset);
        if (f) add(f);
      }
    }
    for (const f of this.inlinedCopies().get(name) ?? []) add(f);
    return out;
  }

  private inlined?: Map<string, DwarfFunction[]>;

  /** A DW_TAG_inlined_subroutine as a function (entry: the lowest address of its ranges). */
  private inlinedCopy(d: Die, cu: CompileUnit): DwarfFunction | undefined {
    const ranges = dieRanges(d).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const name = attrString(this.dies.attr(d, AT.name));
    if (!ranges.length || !name) return undefined;
    const fileIdx = attrNumber(this.dies.attr(d, AT.decl_file));
    const f = new DwarfFunction(this, name, ranges[0][0], ranges[0][1], ranges, false, d.offset, cu.offset,
      fileIdx !== undefined ? cu.files[fileIdx] : undefined, attrNumber(this.dies.attr(d, AT.decl_line)),
      // DW_OP_fbreg in an inlined copy means the frame base of the function it was inlined into.
      this.functionAt(ranges[0][0])?.frameBase);
    f.inlined = true;
    return f;
  }

  /** Inlined copies of functions by name (small modules only). gdb's entry of a copy is the
   * lowest address of its ranges (it ignores DW_AT_entry_pc). */
  private inlinedCopies(): Map<string, DwarfFunction[]> {
    if (this.inlined) return this.inlined;
    const map = new Map<string, DwarfFunction[]>();
    for (const cu of this.cus.length <= SMALL_MODULE_CUS ? this.cus : []) {
      const walk = (d: Die): void => {
        if (d.tag === TAG.inlined_subroutine) {
          const f = this.inlinedCopy(d, cu);
          if (f) map.set(f.name, [...(map.get(f.name) ?? []), f]);
        }
        for (const c of d.children) walk(c);
      };
      walk(this.dies.tree(cu));
    }
    this.inlined = map;
    return map;
  }

  // ---- variables and scopes ----

  /** A variable or parameter DIE as a VariableDef. */
  variable(d: Die, cu: CompileUnit, fn?: FunctionDef): VariableDef | undefined {
    const name = attrString(this.dies.attr(d, AT.name));
    if (!name) return undefined;
    const typeDie = this.dies.origin(d, AT.type);
    const loc = d.attrs[AT.location];
    const fileIdx = attrNumber(this.dies.attr(d, AT.decl_file));
    const types = this.types;
    return {
      name,
      get type(): Type { return typeDie ? types.typeOf(typeDie) : { kind: 'void' }; },
      isParameter: d.tag === TAG.formal_parameter,
      location: loc && typeof loc === 'object' && 'loc' in loc ? loc.loc : undefined,
      constValue: this.dies.attr(d, AT.const_value),
      fn,
      declFile: fileIdx !== undefined ? cu.files[fileIdx] : undefined,
      declLine: attrNumber(this.dies.attr(d, AT.decl_line)),
      external: Boolean(this.dies.attr(d, AT.external)),
      dieOffset: d.offset,
    };
  }

  /** Parameters of a DWARF function, in declaration order. */
  parameters(fn: FunctionDef): VariableDef[] {
    const entry = fn.dieOffset !== undefined ? this.dies.get(fn.dieOffset) : undefined;
    if (!entry) return [];
    return entry.die.children.filter((c) => c.tag === TAG.formal_parameter)
      .map((c) => this.variable(c, entry.cu, fn)).filter((v): v is VariableDef => v !== undefined);
  }

  /** Locals and parameters visible at a file address, innermost scope first; within a scope in
   * declaration order, the function's parameters in their place in the outermost scope (the
   * order of gdb's `info scope`). */
  variablesAt(addr: bigint): VariableDef[] {
    const fn = this.functionAt(addr);
    const entry = fn?.dieOffset !== undefined ? this.dies.get(fn.dieOffset) : undefined;
    if (!fn || !entry) return [];
    const scopes: VariableDef[][] = [];
    for (let d: Die | undefined = entry.die; d;) {
      const here: VariableDef[] = [];
      for (const c of d.children) {
        if (c.tag === TAG.variable || (c.tag === TAG.formal_parameter && d === entry.die)) {
          const v = this.variable(c, entry.cu, fn);
          if (v) here.push(v);
        }
      }
      scopes.push(here);
      d = d.children.find((c) => (c.tag === TAG.lexical_block || c.tag === TAG.inlined_subroutine) && inRanges(dieRanges(c), addr));
    }
    return scopes.reverse().flat();
  }

  /** The variables of one frame's scope at addr: from the function's (or inlined copy's) DIE
   * inwards through lexical blocks, not into inlined calls (those are frames of their own). */
  variablesIn(scopeOffset: number, addr: bigint): VariableDef[] {
    const fn = this.functionAt(addr);
    const entry = this.dies.get(scopeOffset);
    if (!fn || !entry) return [];
    const scopes: VariableDef[][] = [];
    for (let d: Die | undefined = entry.die; d;) {
      const here: VariableDef[] = [];
      for (const c of this.withAbstractChildren(d)) {
        if (c.tag === TAG.variable || (c.tag === TAG.formal_parameter && d === entry.die)) {
          const v = this.variable(c, entry.cu, fn);
          if (v) here.push(v);
        }
      }
      scopes.push(here);
      d = d.children.find((c) => c.tag === TAG.lexical_block && inRanges(dieRanges(c), addr));
    }
    return scopes.reverse().flat();
  }

  /** A concrete DIE's children, plus its abstract origin's variables that the concrete instance
   * leaves out (gdb lists those too, as optimized out). */
  private withAbstractChildren(d: Die): Die[] {
    const origin = attrRef(d.attrs[AT.abstract_origin]);
    const abstract = origin === undefined ? undefined : this.dies.get(origin)?.die;
    if (!abstract) return [...d.children, ...rangelessVariables(d)];
    const covered = new Set(d.children.map((c) => attrRef(c.attrs[AT.abstract_origin])).filter((o) => o !== undefined));
    const left = abstract.children.filter((c) => !covered.has(c.offset));
    // A block of the origin with no code of its own here (no pc range) declares its variables
    // in the enclosing scope, as gdb reads such blocks.
    return [...d.children, ...rangelessVariables(d), ...left.filter((c) => c.tag === TAG.variable),
      ...left.filter(isRangeless).flatMap((b) => [...b.children.filter((c) => c.tag === TAG.variable), ...rangelessVariables(b)])];
  }

  /** The innermost block holding a file address as gdb builds blocks: the function, an inlined
   * copy, or a lexical block that declares variables. Keyed by DIE offset; undefined without DWARF. */
  blockAt(addr: bigint): number | undefined {
    const fn = this.functionAt(addr);
    if (fn?.dieOffset === undefined) return undefined;
    let d = this.dies.get(fn.dieOffset)?.die;
    let block = fn.dieOffset;
    while (d) {
      const next: Die | undefined = d.children.find((c) => (c.tag === TAG.lexical_block || c.tag === TAG.inlined_subroutine) && inRanges(dieRanges(c), addr));
      if (next && (next.tag === TAG.inlined_subroutine || next.children.some((c) => c.tag === TAG.variable))) block = next.offset;
      d = next;
    }
    return block;
  }

  /** The inlined copies holding a file address, innermost first, each with the call site
   * (file, line) in the function or copy that contains it: gdb's inline frames. */
  inlinedAt(addr: bigint): Array<{ fn: FunctionDef; callFile?: string; callLine?: number }> {
    const outer = this.functionAt(addr);
    const entry = outer?.dieOffset !== undefined ? this.dies.get(outer.dieOffset) : undefined;
    if (!entry) return [];
    const chain: Array<{ fn: FunctionDef; callFile?: string; callLine?: number }> = [];
    for (let d: Die | undefined = entry.die; d;) {
      d = d.children.find((c) => (c.tag === TAG.lexical_block || c.tag === TAG.inlined_subroutine) && inRanges(dieRanges(c), addr));
      if (d?.tag !== TAG.inlined_subroutine) continue;
      const copy = d.offset;
      const fn = (this.inlinedCopies().get(attrString(this.dies.attr(d, AT.name)) ?? '') ?? []).find((f) => f.dieOffset === copy)
        ?? this.inlinedCopy(d, entry.cu);
      const fileIdx = attrNumber(d.attrs[AT.call_file]);
      if (fn) chain.push({ fn, callFile: fileIdx !== undefined ? entry.cu.files[fileIdx] : undefined, callLine: attrNumber(d.attrs[AT.call_line]) });
    }
    return chain.reverse();
  }

  /** File-level variables (globals and file statics) by name, definitions only. */
  globalsNamed(name: string): VariableDef[] {
    if (!this.globals) {
      this.globals = new Map();
      for (const cu of this.cus.length <= SMALL_MODULE_CUS ? this.cus : []) {
        for (const d of this.dies.tree(cu).children) {
          if (d.tag !== TAG.variable || d.attrs[AT.declaration] || d.attrs[AT.location] === undefined && d.attrs[AT.const_value] === undefined) continue;
          const v = this.variable(d, cu);
          if (!v) continue;
          const list = this.globals.get(v.name) ?? [];
          list.push(v);
          this.globals.set(v.name, list);
        }
      }
    }
    if (!this.globals.has(name)) {
      // Large modules (libc's stdout, errno): through the native name index.
      let found = this.cus.length > SMALL_MODULE_CUS
        ? this.handle.variablesNamed(name).map((e) => this.variableOfEntry(e)).filter((v): v is VariableDef => v !== undefined) : [];
      // An ELF alias of a variable (libc's environ is __environ), as gdb types a minimal symbol
      // by the variable at its address.
      const address = found.length || !this.cus.length ? undefined : this.dataSymbol(name);
      const entry = address !== undefined ? this.handle.variableAt(address) : undefined;
      const alias = entry && this.variableOfEntry(entry);
      if (alias) found = [alias];
      // Kept, found or not: names are looked up again and again (conditions, every print).
      this.globals.set(name, found);
    }
    return this.globals.get(name)!;
  }

  private variableOfEntry(e: { cuOffset: number; dieOffset: number }): VariableDef | undefined {
    const cu = this.cus.find((c) => c.offset === e.cuOffset);
    const die = cu && this.dies.get(e.dieOffset)?.die;
    return die && this.variable(die, cu);
  }

  /** The CU holding a DIE offset (for "prefer statics of the current file"). */
  cuOfDie(offset: number): CompileUnit | undefined { return this.dies.get(offset)?.cu; }

  /** The base type a DWARF expression of the DIE at `dieOffset` names by `unitOffset`, an offset
   * from the start of its unit's header (DW_OP_convert), as a typed stack entry's type. */
  stackType(dieOffset: number, unitOffset: number): StackType | undefined {
    const cu = this.cuOfDie(dieOffset);
    if (!cu) return undefined;
    const header = cu.version >= 5 ? 12 : 11; // 32-bit DWARF's unit header before the unit's DIE
    const t = this.types.typeAt(cu.offset - header + unitOffset);
    if (t.kind !== 'base') return undefined;
    return { size: t.size, signed: t.encoding === 'signed' || t.encoding === 'signed_char', float: t.encoding === 'float' || t.encoding === 'complex_float' };
  }

  // ---- types ----

  /** A named type: 'int', 'unsigned int', 'struct point', 'union u', 'enum color', a typedef name. */
  lookupType(name: string): Type | undefined {
    return lookupTypeByName(this.typeIndex(), name, (d) => this.types.build(d));
  }

  /** The call site whose call returns to a file address (the caller's pc in an outer frame). */
  callSiteAt(returnPc: bigint): CallSite | undefined {
    return this.callSitesNear(returnPc - 1n)?.get(returnPc);
  }

  /** The call sites whose return address lies in [low, high) (a function's range). */
  callSitesIn(low: bigint, high: bigint): CallSite[] {
    return [...(this.callSitesNear(low)?.values() ?? [])].filter((s) => s.returnPc > low && s.returnPc <= high);
  }

  private callSitesNear(addr: bigint): Map<bigint, CallSite> | undefined {
    const cu = this.lines.cuAt(addr);
    if (!cu) return undefined;
    let sites = this.callSitesByCu.get(cu.offset);
    if (!sites) {
      sites = indexCallSites(this.dies.tree(cu));
      this.callSitesByCu.set(cu.offset, sites);
    }
    return sites;
  }

  /** An enumerator by name: its enum type and value. */
  enumerator(name: string): { type: Type; value: bigint } | undefined {
    return lookupEnumerator(this.typeIndex(), name, (d) => this.types.build(d));
  }

  private typeIndex(): TypeNameIndex {
    if (!this.typeNames) this.typeNames = buildTypeNameIndex(this.cus.length <= SMALL_MODULE_CUS ? this.cus.map((cu) => this.dies.tree(cu)) : []);
    return this.typeNames;
  }

  // ---- CFI and the file image ----

  frameAt(addr: bigint): FrameInfo | null { return this.handle.frameAt(addr); }

  /** Reads bytes of the file image at file addresses through its allocated sections, as gdb
   * does before `run` (zeros for .bss); throws where no section holds the address. */
  readImage(addr: bigint, length: number): Buffer {
    const out = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const a = addr + BigInt(done);
      const sec = this.allocatedSections().find((s) => s.addr <= a && a < s.addr + s.size);
      if (!sec) {
        if (done === 0) throw new Error(`Cannot access memory at address 0x${a.toString(16)}`);
        return out.subarray(0, done);
      }
      const n = Math.min(length - done, Number(sec.addr + sec.size - a));
      if (sec.type !== SHT_NOBITS) {
        if (this.fd === undefined) this.fd = fs.openSync(this.path, 'r');
        fs.readSync(this.fd, out, done, n, Number(sec.offset + (a - sec.addr)));
      }
      done += n;
    }
    return out;
  }

  private allocatedSections(): ElfSection[] {
    if (!this.allocated) this.allocated = this.handle.sections().filter((s) => (s.flags & SHF_ALLOC) !== 0n && s.size > 0n);
    return this.allocated;
  }

  /** The file address of a data object known only from the ELF symbol table (gdb's minimal symbol). */
  dataSymbol(name: string): bigint | undefined {
    const s = this.symbols().find((e) => (e.type === 'object' || e.type === 'notype') && e.shndx !== 0 && e.value !== 0n
      && e.name.replace(/@.*$/, '') === name);
    return s?.value;
  }

  /** Symbolizes a file address as "name+off" against functions and data symbols (gdb's <...>);
   * with `linkage`, data symbols by their ELF names as they are (`calls.0`, as gdb's x labels). */
  symbolize(addr: bigint, linkage = false): string | undefined {
    const fn = this.functionAt(addr);
    if (fn) return addr === fn.low ? fn.name : `${fn.name}+${addr - fn.low}`;
    return this.elfSymbolize(addr, linkage);
  }

  /** The allocated section holding a file address (gdb's `info symbol` names it). */
  sectionAt(addr: bigint): string | undefined {
    return this.allocatedSections().find((s) => s.addr <= addr && addr < s.addr + s.size)?.name;
  }

  /** The file addresses [start, end) of a section, by name. */
  sectionRange(name: string): [bigint, bigint] | undefined {
    const s = this.allocatedSections().find((x) => x.name === name);
    return s && [s.addr, s.addr + s.size];
  }

  /** The file address of a section, by name. */
  sectionAddress(name: string): bigint | undefined { return this.allocatedSections().find((s) => s.name === name)?.addr; }

  /** Where a symbol without a size ends for gdb: at the next symbol of its section, or the
   * section's end (an assembler label like _fini covers the code after it). */
  private sizelessEnd(s: ElfSymbol): bigint {
    if (!this.sizelessEnds) {
      this.sizelessEnds = new Map();
      // Each section's symbol starts in order: the next start after a sizeless one is found by bisection.
      const starts = new Map<number, bigint[]>();
      for (const x of this.symbols()) {
        if (x.shndx === 0 || x.type === 'section' || x.type === 'file') continue;
        const list = starts.get(x.shndx) ?? [];
        list.push(x.value);
        starts.set(x.shndx, list);
      }
      for (const list of starts.values()) list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const x of this.symbols()) {
        if (x.size !== 0 || x.shndx === 0 || x.type === 'section' || x.type === 'file' || this.sizelessEnds.has(x.value)) continue;
        const section = this.allocatedSections().find((c) => c.addr <= x.value && x.value < c.addr + c.size);
        let end = section ? section.addr + section.size : x.value + 1n;
        const list = starts.get(x.shndx)!;
        let lo = 0;
        for (let hi = list.length; lo < hi;) {
          const mid = (lo + hi) >> 1;
          if (list[mid] <= x.value) lo = mid + 1; else hi = mid;
        }
        if (lo < list.length && list[lo] < end) end = list[lo];
        this.sizelessEnds.set(x.value, end);
      }
    }
    return this.sizelessEnds.get(s.value) ?? s.value + 1n;
  }

  private sizelessEnds?: Map<bigint, bigint>;

  /** "name+off" from the ELF symbol table alone (gdb's minimal symbols). */
  elfSymbolize(addr: bigint, linkage = false): string | undefined {
    let best: ElfSymbol | undefined;
    for (const s of this.symbols()) {
      if (s.shndx === 0 || s.type === 'section' || s.type === 'file' || s.value > addr) continue;
      const end = s.size > 0 ? s.value + BigInt(s.size) : this.sizelessEnd(s);
      if (addr < end && (!best || s.value > best.value || (s.value === best.value && aliasOrder(s, best) < 0))) best = s;
    }
    if (!best) return undefined;
    // gdb names a function-local static by its DWARF variable ("calls.0" is "calls"); objects
    // gcc makes itself have no such variable and keep their ELF name (__PRETTY_FUNCTION__.0).
    const generated = /^(__PRETTY_FUNCTION__|__FUNCTION__|__func__|CSWTCH)\./.test(best.name);
    const name = best.name.replace(/@.*$/, '').replace(/^([^.]+)\.\d+$/, best.type === 'object' && best.bind === 'local' && !generated && !linkage ? '$1' : '$&');
    return addr === best.value ? name : `${name}+${addr - best.value}`;
  }
}
