// Typed surface of the rdb_dwarf addon: ELF and DWARF decoding through elfutils libdw.
// The addon only decodes; meaning (scopes, types, locations, unwinding) lives in src/symbols.
// All addresses are as in the file (unrelocated); callers add a module's load bias.
import * as path from 'path';

export interface ElfSegment {
  type: number; flags: number; offset: bigint; vaddr: bigint; filesz: bigint; memsz: bigint;
}

export interface ElfInfo {
  /** e_machine (62 = x86-64). */
  machine: number;
  elfClass: 32 | 64;
  type: 'exec' | 'dyn' | 'rel' | 'core' | 'other';
  entry: bigint;
  /** Hex of NT_GNU_BUILD_ID, if present. */
  buildId?: string;
  /** Whether .debug_info (or a found separate debug file) is present. */
  hasDebugInfo: boolean;
  /** The separate debug file the DWARF came from (build-id or .gnu_debuglink), if any. */
  debugFile?: string;
  segments: ElfSegment[];
}

export interface ElfSymbol {
  name: string; value: bigint; size: number;
  type: 'func' | 'object' | 'notype' | 'ifunc' | 'section' | 'file' | 'tls' | 'other';
  bind: 'local' | 'global' | 'weak' | 'other';
  /** Section index; 0 = undefined (an import). */
  shndx: number;
}

export interface ElfSection {
  name: string; type: number; flags: bigint; addr: bigint; offset: bigint; size: bigint; entsize: number;
}

/** One SHT_RELA entry: the address it patches, its type (R_X86_64_*), its symbol's name or "". */
export interface ElfRelocation { offset: bigint; type: number; symbol: string }

export interface CompileUnit {
  /** Offset of the CU DIE in .debug_info; the key for lineTable() and dieTree(). */
  offset: number;
  /** DWARF version of the unit (2..5). */
  version: number;
  name: string; compDir: string; producer: string;
  /** DW_LANG_* */
  language: number;
  /** Address ranges the CU covers, [low, high). */
  ranges: Array<[bigint, bigint]>;
  /** The line table's file names (index as DW_AT_decl_file uses it), absolute where known. */
  files: string[];
}

export interface LineRow {
  address: bigint; file: string; line: number; column: number;
  isStmt: boolean; endSequence: boolean; prologueEnd: boolean; epilogueBegin: boolean;
  /** DWARF 4+ block discriminator (0 when none). */
  discriminator: number;
}

/** One DWARF expression operation as libdw decodes it (Dwarf_Op). */
export interface Op {
  atom: number; number: bigint; number2: bigint; offset: number;
  /** Payload of DW_OP_implicit_value / DW_OP_entry_value (the nested expression's bytes). */
  block?: Buffer;
}

/** One entry of a location description: ops valid for pc in [low, high). An exprloc
 * (not a list) comes back as one entry with low = 0 and high = 2^64-1. */
export interface LocEntry { low: bigint; high: bigint; ops: Op[] }

export type AttrValue =
  | number          // constant classes, DW_FORM_flag_present etc. as 1; udata for data1..8/udata, sdata for sdata/implicit_const
  | bigint          // addresses (DW_FORM_addr*), and constants beyond 2^53
  | string          // strings
  | { ref: number } // a reference: global .debug_info offset of the referenced DIE
  | { loc: LocEntry[] } // exprloc / loclist forms (location, frame_base, data_member_location, bounds, ...)
  | { ranges: Array<[bigint, bigint]> } // DW_AT_ranges, resolved to [low, high) pairs
  | { block: Buffer };  // DW_FORM_block* (e.g. DW_AT_const_value of a struct)

export interface Die {
  offset: number;
  /** DW_TAG_* */
  tag: number;
  /** Keyed by DW_AT_* number. */
  attrs: Record<number, AttrValue>;
  children: Die[];
}

/** A register's rule in a CFI row, as libdw's dwarf_frame_register gives it: offset(N) is
 * [DW_OP_call_frame_cfa, DW_OP_plus_uconst N] (N wraps for negative offsets), and
 * DW_CFA_expression rules are the expression prefixed with DW_OP_call_frame_cfa. A trailing
 * DW_OP_stack_value means the result is the value itself, otherwise the address holding it.
 * Registers the row does not mention get the x86-64 ABI defaults (callee-saved: same). */
export type RegRule =
  | { kind: 'undefined' }
  | { kind: 'same' }
  | { kind: 'expr'; ops: Op[] };

export interface FrameInfo {
  start: bigint; end: bigint;
  /** DWARF register number of the return address (16 = rip on x86-64). */
  raReg: number;
  signalFrame: boolean;
  /** Expression computing the CFA. */
  cfa: Op[];
  /** Rules for DWARF registers 0..16 (all of them; see RegRule for the defaults). */
  regs: Record<number, RegRule>;
}

export interface ElfHandle {
  info(): ElfInfo;
  /** .symtab and .dynsym symbols, then a separate debug file's .symtab (deduplicated by name and value). */
  symbols(): ElfSymbol[];
  /** Section headers (name, address, file offset, size). */
  sections(): ElfSection[];
  /** Entries of all SHT_RELA sections (.rela.dyn, .rela.plt). */
  relocations(): ElfRelocation[];
  compileUnits(): CompileUnit[];
  lineTable(cuOffset: number): LineRow[];
  /** The CU DIE and all its descendants. */
  dieTree(cuOffset: number): Die;
  /** Concrete out-of-line functions with this DWARF name (an index built on first use). */
  functionsNamed(name: string): Array<{ cuOffset: number; dieOffset: number }>;
  /** File-level variable definitions with this name (a name index built on first use). */
  variablesNamed(name: string): Array<{ cuOffset: number; dieOffset: number }>;
  /** The file-level variable at a fixed file address (DW_OP_addr), if any. */
  variableAt(address: bigint): { cuOffset: number; dieOffset: number } | undefined;
  /** The CFI row for a file address: .debug_frame first, then .eh_frame; null if none. */
  frameAt(pc: bigint): FrameInfo | null;
  close(): void;
}

export interface DwarfAddon {
  /** Opens an ELF file; throws an Error with a readable message for a missing or non-ELF file.
   * Any e_machine opens: info().machine reports it and the TypeScript side decides policy. */
  open(file: string): ElfHandle;
}

let loaded: DwarfAddon | undefined;

/** The addon, loaded on first use. */
export function dwarf(): DwarfAddon {
  if (!loaded) {
    loaded = require(path.join(__dirname, '../../../native/dwarf/build/Release/rdb_dwarf.node')) as DwarfAddon;
  }
  return loaded;
}
