// What one module defines at file scope, for gdb's `info functions/variables/types REGEX`: the
// DWARF functions, variables and named types of its CUs, and ELF symbols without debug info.
import * as path from 'path';
import { SMALL_MODULE_CUS, type Module } from './Module';
import type { FunctionDef, VariableDef } from './model';
import type { Program } from './Program';
import type { Type } from './types';
import { AT, TAG } from './dwarfConstants';
import { attrNumber, attrString } from './TypeBuilder';

/** A named type defined at a CU's top level (base types have no file or line). */
export interface TypeDef { name: string; type: Type; declFile?: string; declLine?: number }

/** An ELF symbol that no debug info describes (gdb's "Non-debugging symbols"), file address. */
export interface BareSymbol { name: string; address: bigint }

export type SymbolKind = 'functions' | 'variables' | 'types';

const TYPE_TAGS = new Set<number>([TAG.base_type, TAG.structure_type, TAG.union_type, TAG.enumeration_type, TAG.typedef]);

/** The DWARF functions with code, in all CUs of `mod`. */
export function definedFunctions(mod: Module): FunctionDef[] {
  return mod.cus.flatMap((cu) => mod.cuFunctions(cu));
}

/** The variables defined at the top level of the CUs of `mod` (not declarations). */
export function definedVariables(mod: Module): VariableDef[] {
  const out: VariableDef[] = [];
  for (const cu of mod.cus) {
    for (const d of mod.dies.tree(cu).children) {
      if (d.tag !== TAG.variable || d.attrs[AT.declaration]) continue;
      if (d.attrs[AT.location] === undefined && d.attrs[AT.const_value] === undefined) continue;
      const v = mod.variable(d, cu);
      if (v) out.push(v);
    }
  }
  return out;
}

/** The named types at the top level of the CUs of `mod`. */
export function definedTypes(mod: Module): TypeDef[] {
  const out: TypeDef[] = [];
  for (const cu of mod.cus) {
    for (const d of mod.dies.tree(cu).children) {
      if (!TYPE_TAGS.has(d.tag)) continue;
      const name = attrString(d.attrs[AT.name]);
      if (!name) continue;
      const fileIdx = attrNumber(d.attrs[AT.decl_file]);
      // A base type belongs to the unit's primary file (gdb lists it there, without a line).
      const declFile = fileIdx !== undefined ? cu.files[fileIdx] : path.resolve(cu.compDir, cu.name);
      const type = mod.types.build(d);
      // Base types by gdb's names for them ('long', not DWARF's 'long int').
      out.push({ name: type.kind === 'base' ? type.name : name, type, declFile, declLine: attrNumber(d.attrs[AT.decl_line]) });
    }
  }
  return out;
}

/** ELF symbols of `kind` no debug info names: functions (with PLT stubs) outside the CUs'
 * code, or data symbols; a local symbol's `.N` suffix is dropped, as gdb shows it. */
export function bareSymbols(mod: Module, kind: 'functions' | 'variables', described: Set<string>): BareSymbol[] {
  if (kind === 'functions') {
    return mod.elfFunctions()
      .filter((f) => !described.has(f.name) && !mod.lines.cuAt(f.low))
      .map((f) => ({ name: f.name, address: f.low }));
  }
  return mod.symbols()
    .filter((s) => s.shndx !== 0 && s.name !== '' && (s.type === 'object' || s.type === 'notype' || s.type === 'tls'))
    .map((s) => ({ name: s.bind === 'local' ? s.name.replace(/\.\d+$/, '') : s.name.replace(/@.*$/, ''), address: s.value }))
    .filter((s) => !described.has(s.name));
}

/** A debug-info definition found by searchFileScope. */
export interface FoundSymbol { name: string; file: string; line?: number; external: boolean; type: Type }

/**
 * The definitions of `kind` whose names `match` accepts in all modules, as gdb's `info
 * functions/variables/types` lists them (their files shown as gdb names them), and for
 * functions and variables the ELF symbols without debug info (at run-time addresses). Large
 * modules (libc's debug info) are not searched.
 */
export function searchFileScope(program: Program, kind: SymbolKind, match: (name: string) => boolean): { found: FoundSymbol[]; bare: BareSymbol[] } {
  const found: FoundSymbol[] = [];
  const bare: BareSymbol[] = [];
  for (const lm of program.modules()) {
    const mod = lm.module;
    if (mod.cus.length > SMALL_MODULE_CUS) continue;
    const file = (f: string | undefined): string => (f === undefined ? '' : program.displayName(f));
    const described = new Set<string>();
    if (kind === 'functions') {
      for (const f of definedFunctions(mod)) {
        described.add(f.name);
        if (match(f.name) && f.type) found.push({ name: f.name, file: file(f.declFile), line: f.declLine, external: f.external, type: f.type });
      }
    } else if (kind === 'variables') {
      for (const v of definedVariables(mod)) {
        described.add(v.name);
        if (match(v.name)) found.push({ name: v.name, file: file(v.declFile), line: v.declLine, external: v.external, type: v.type });
      }
    } else {
      for (const t of definedTypes(mod)) if (match(t.name)) found.push({ name: t.name, file: file(t.declFile), line: t.declLine, external: false, type: t.type });
    }
    if (kind === 'types') continue;
    for (const s of bareSymbols(mod, kind, described)) if (match(s.name)) bare.push({ name: s.name, address: s.address + lm.bias });
  }
  return { found, bare };
}
