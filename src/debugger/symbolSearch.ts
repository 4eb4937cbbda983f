// gdb's symbol listings: `info functions/variables/types [REGEX]` (definitions grouped by file,
// then "Non-debugging symbols") and `info scope LINESPEC` (where each local lives).
import * as expr from '../expr';
import type { Program, VariableSymbol } from '../symbols/Program';
import { searchFileScope, type FoundSymbol, type SymbolKind } from '../symbols/fileScope';
import { OP } from '../symbols/dwarfConstants';
import { dwarfRegisterNames } from '../symbols/unwind';
import { resolve, sizeOf } from '../symbols/types';
import { UserError } from './events';
import type { Frame } from './frames';

/** gdb's regular expressions are POSIX basic ones with GNU's `\|`, `\(`, `\+`...: the same
 * text as a JavaScript RegExp. */
export function basicRegExp(text: string): RegExp {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      const n = text[++i];
      out += '|(){}+?'.includes(n) ? n : `\\${n}`;
    } else out += '|(){}+?'.includes(c) ? `\\${c}` : c;
  }
  try {
    return new RegExp(out);
  } catch (e) {
    throw new UserError(`Invalid regexp: ${(e as Error).message}`);
  }
}

function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A definition as gdb lists it: `static int f(int, char);`, `typedef int (*)(int) fn_t;`. */
function definitionText(kind: SymbolKind, s: FoundSymbol): string {
  if (kind !== 'types') return `${s.external ? '' : 'static '}${expr.declaration(s.type, s.name)};`;
  const t = s.type;
  if (t.kind === 'typedef') return `typedef ${expr.typeName(t.target)} ${s.name};`;
  if (t.kind === 'base') return s.name;
  return `${expr.typeName(t)};`;
}

/** The lines of `info functions|variables|types [REGEX]`. */
export function listSymbols(program: Program, kind: SymbolKind, regex: string): string[] {
  const re = regex === '' ? undefined : basicRegExp(regex);
  const { found, bare } = searchFileScope(program, kind, (name) => !re || re.test(name));
  const out = [re ? `All ${kind} matching regular expression "${regex}":` : `All defined ${kind}:`];
  // gdb's order: by file, the global block before the static one, then by name.
  found.sort((a, b) => byCode(a.file, b.file) || Number(!a.external) - Number(!b.external) || byCode(a.name, b.name));
  let file: string | undefined;
  let last = '';
  for (const s of found) {
    if (s.file !== file) {
      file = s.file;
      out.push('', `File ${file}:`);
      last = '';
    }
    const line = `${s.line !== undefined ? s.line : ''}:\t${definitionText(kind, s)}`.replace(/^:/, '');
    if (line !== last) out.push(line);
    last = line;
  }
  if (bare.length > 0) {
    out.push('', 'Non-debugging symbols:');
    bare.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : byCode(a.name, b.name)));
    for (const s of bare) out.push(`0x${s.address.toString(16).padStart(16, '0')}  ${s.name}`);
  }
  return out;
}

/** Where `v` lives, in gdb's words (what follows "Symbol NAME is "). */
function placeText(v: VariableSymbol): string {
  const entries = v.def.location;
  if (!entries || entries.length === 0) return v.def.constValue !== undefined ? 'constant' : 'optimized out';
  if (entries.length > 1) return 'multi-location';
  const ops = entries[0].ops;
  const op = ops[0];
  if (ops.length === 1 && op.atom === OP.addr) return `static storage at address 0x${(op.number + v.module.bias).toString(16)}`;
  if (ops.length === 1 && op.atom >= OP.reg0 && op.atom <= OP.reg31) return `a variable in $${dwarfRegisterNames[op.atom - OP.reg0]}`;
  return frameSlot(v) ?? 'a complex DWARF expression';
}

/** gdb's words for a local at an offset from the frame base, which gcc makes the CFA:
 * `a complex DWARF expression: 0: DW_OP_fbreg -20` (over lines); undefined for other places. */
export function frameSlot(v: VariableSymbol): string | undefined {
  const ops = v.def.location?.length === 1 ? v.def.location[0].ops : [];
  const frameBase = v.def.fn?.frameBase;
  const cfaBased = frameBase === undefined || (frameBase.length === 1 && frameBase[0].ops.length === 1 && frameBase[0].ops[0].atom === OP.call_frame_cfa);
  if (ops.length !== 1 || ops[0].atom !== OP.fbreg || !cfaBased) return undefined;
  return `a complex DWARF expression:\n     0: DW_OP_fbreg ${BigInt.asIntN(64, ops[0].number)}\n`;
}

/** The lines of `info scope SPEC` for the locals visible at `address`. */
export function scopeLines(program: Program, spec: string, address: bigint): string[] {
  const vars = program.variablesAt(address);
  if (vars.length === 0) return [`Scope for ${spec} contains no locals or arguments.`];
  const out = [`Scope for ${spec}:`];
  for (const v of vars) {
    const size = resolve(v.type).kind === 'void' ? 0 : sizeOf(v.type);
    out.push(`Symbol ${v.name} is ${placeText(v)}, length ${size}.`);
  }
  return out;
}

/** `info address NAME`'s sentence: a local's frame slot, a static's address, a function's, or a
 * symbol known only from the ELF symbol table. */
export function addressOfSymbol(program: Program, name: string, frame: Frame | undefined, read: (a: bigint, n: number) => Buffer): string {
  const hex = (a: bigint): string => `0x${a.toString(16)}`;
  const local = frame && program.variablesAt(frame.lookupPc, frame.fn).find((v) => v.name === name);
  if (local) {
    const place = frameSlot(local);
    if (place === undefined) throw new UserError(`rdb cannot describe where "${name}" lives yet.`);
    return `Symbol "${name}" is ${place}.`;
  }
  const global = program.globalVariable(name, frame?.lookupPc);
  const place = global && program.evalLocation(global, { read });
  if (place?.kind === 'memory') return `Symbol "${name}" is static storage at address ${hex(place.address)}.`;
  const fn = program.functionByName(name);
  // A function found under another name (an alias in libc's debug info) is a minimal symbol to gdb.
  if (fn?.def.fromDebugInfo && fn.name === name) return `Symbol "${name}" is a function at address ${hex(fn.low)}.`;
  const bare = fn?.low ?? program.dataSymbol(name);
  if (bare !== undefined) return `Symbol "${name}" is at ${hex(bare)} in a file compiled without debugging.`;
  throw new UserError(`No symbol "${name}" in current context.`);
}
